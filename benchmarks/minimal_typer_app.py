"""The framework's own floor for running a command: a Typer app with two trivial commands."""

import typer

app = typer.Typer()


@app.command()
def hello(wave: int = 1) -> None:
    """Print a number."""
    print(wave)


@app.command()
def other() -> None:
    """Do nothing."""


if __name__ == "__main__":
    app()

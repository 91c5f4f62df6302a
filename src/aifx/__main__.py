"""Entry point: answers ``--version`` without starting Typer, then runs the CLI."""

import sys


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:
        from aifx import __version__

        sys.stdout.write(f"aifx {__version__}\n")
        return
    from aifx.cli import main as cli

    cli()


if __name__ == "__main__":
    main()

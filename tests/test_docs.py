"""Every command has help with examples and is documented in the README."""

from __future__ import annotations

import pytest

from conftest import ROOT, aifx

COMMANDS = [
    "list",
    "show",
    "compare",
    "search",
    "waves",
    "budgets",
    "initiatives",
    "conflicts",
    "sources",
    "about",
    "export",
    "serve",
    "map",
    "timeline",
    "near",
    "country",
]
CURATE = ["data validate", "data schema", "data set", "data add-claim", "data add-source", "data fmt", "data stale"]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [*COMMANDS, *CURATE])
def test_command_help_leads_with_examples(command: str) -> None:
    """`aifx CMD --help` exits 0 and shows examples that start with `aifx`."""
    run = aifx(*command.split(), "--help")
    assert run.code == 0
    assert "Examples" in run.out
    assert f"aifx {command.split()[0]}" in run.out


@pytest.mark.parametrize("command", [*COMMANDS, *CURATE])
def test_command_is_in_the_readme(command: str) -> None:
    """The README shows every command in use."""
    assert f"aifx {command}" in README


def test_readme_starts_with_the_two_commands() -> None:
    """A new user's first two commands install and run, and install and test."""
    blocks = [line for line in README.splitlines() if line.startswith("python3 -m pip install")]
    assert blocks[0].startswith("python3 -m pip install . && aifx ")
    assert blocks[1].startswith("python3 -m pip install -e '.[test]' && python3 -m pytest")


def test_readme_examples_are_real_output() -> None:
    """Each `$ aifx …` console block in the README shows exactly what that command prints today."""
    from readme_examples import render

    assert render(README) == README, "README examples are stale: run python tests/readme_examples.py"

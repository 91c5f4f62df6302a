"""Every command has help with examples and is documented in the README."""

from __future__ import annotations

import re
import sys
from typing import Any

import pytest

from aifx.dataset.catalog import Catalog
from conftest import ROOT, aifx


def _leaves(command: Any, path: str = "") -> list[str]:
    """Every command under a Typer group, as typed after `aifx` (`list`, `data set-claim`), groups walked through."""
    import typer

    if not hasattr(command, "list_commands"):
        return [path]
    ctx = typer.Context(command)  # a group builds its commands when asked for them (aifx.cli.app.Group)
    return [
        leaf
        for name in command.list_commands(ctx)
        for leaf in _leaves(command.get_command(ctx, name), f"{path} {name}".strip())
    ]


def _real_commands() -> list[str]:
    """The commands the app really registers, in the order aifx --help lists them."""
    import typer.main

    from aifx.cli.app import app

    return _leaves(typer.main.get_command(app))


CURATE = [c for c in _real_commands() if c.startswith("data ")]  # every leaf: a new command is checked unasked
COMMANDS = [c for c in _real_commands() if not c.startswith("data ")]
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [*COMMANDS, *CURATE])
def test_command_help_leads_with_examples(command: str) -> None:
    """`aifx CMD --help` exits 0 and shows examples that start with `aifx`."""
    run = aifx(*command.split(), "--help")
    assert run.code == 0
    assert "Examples" in run.out
    assert f"aifx {command.split()[0]}" in run.out


def test_the_walk_finds_every_kind_of_command() -> None:
    """The lists above come from the app itself: browse, export and curator commands are all there."""
    assert {"list", "systems", "compute", "export", "near"} <= set(COMMANDS)
    assert {"data validate", "data set-claim", "data bump"} <= set(CURATE)
    assert "data" not in COMMANDS


@pytest.mark.parametrize("command", [*COMMANDS, *CURATE])
def test_command_is_in_the_readme(command: str) -> None:
    """The README shows every command in use."""
    assert f"aifx {command}" in README


def test_readme_starts_with_the_two_commands() -> None:
    """A new user's first two commands install and run, and install and test."""
    blocks = [line for line in README.splitlines() if line.startswith("python3 -m pip install")]
    assert blocks[0].startswith("python3 -m pip install . && aifx ")
    assert blocks[1].startswith("python3 -m pip install -e '.[test]' && python3 -m pytest")


# Every `pip install` line: its options and requirements, up to the end of the command (`&&`, `#`, a quote or
# backtick that closes the text around it). Prose may follow on the line ("… '.[serve]' in the clone"): after the
# first requirement, only quoted words are read as more requirements.
_PIP = re.compile(r"pip install((?:[ \t]+(?:'[^'\s]*'|\"[^\"\s]*\"|[^\s`'\"),;&|#]+))*)")
_TOKEN = re.compile(r"'[^'\s]*'|\"[^\"\s]*\"|[^\s`'\"),;&|#]+")
_OPTIONS = {"-e", "--editable", "-q", "-U", "--upgrade", "--user"}


def _foreign_installs(text: str, *, extras: set[str]) -> list[str]:
    """The `pip install` commands in ``text`` that install something other than this project: from a clone
    (``.``, ``.[extra]``, ``-e .``) or by its distribution name, aifx-eu, with its own extras."""
    ours = re.compile(rf"(?:\.|aifx-eu)(?:\[(?:{'|'.join(extras)})(?:,(?:{'|'.join(extras)}))*\])?")
    bad = []
    for found in _PIP.finditer(text.replace("\\\\[", "[").replace("\\[", "[")):
        tokens = [t for t in _TOKEN.findall(found[1]) if t not in _OPTIONS]
        wanted = [t.strip("'\"") for i, t in enumerate(tokens) if i == 0 or t[0] in "'\""]
        if not wanted or not all(ours.fullmatch(t) for t in wanted):
            bad.append(found[0])
    return bad


def test_every_install_line_installs_this_project_by_its_own_name() -> None:
    """No install line in the README, a help text, an error message or a script names a package that is not
    aifx's: PyPI's `aifx` is another project, so each installs the clone (`.`, `.[serve]`) or `aifx-eu[…]`."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["name"] == "aifx-eu"
    extras = set(project["optional-dependencies"])
    files = [ROOT / "README.md", *sorted((ROOT / "src").rglob("*.py")), *sorted((ROOT / "scripts").glob("*.py"))]
    bad = {str(f.relative_to(ROOT)): b for f in files if (b := _foreign_installs(f.read_text("utf-8"), extras=extras))}
    assert bad == {}
    shown = {c: aifx(*c.split(), "--help", env={"COLUMNS": "250"}).out for c in [*COMMANDS, *CURATE]}
    assert [(c, b) for c, text in shown.items() for b in _foreign_installs(text, extras=extras)] == []
    assert "pip install 'aifx-eu[serve]'" in shown["serve"] and "pip install '.[serve]'" in shown["serve"]
    mistakes = "pip install 'aifx[serve]' && pip install -q datasette and\npip install . 'rich' or\npip install"
    assert [m.strip() for m in _foreign_installs(mistakes, extras=extras)] == [
        "pip install 'aifx[serve]'",
        "pip install -q datasette and",
        "pip install . 'rich' or",
        "pip install",
    ]


def test_readme_examples_are_real_output() -> None:
    """Each `$ aifx …` console block in the README shows exactly what that command prints today."""
    from readme_examples import render

    assert render(README) == README, "README examples are stale: run python tests/readme_examples.py"


def _script(name: str) -> Any:
    """A module of scripts/, imported from its file (scripts/ is no package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_readme_epoch_comparison_is_the_scripts_output(catalog: Catalog) -> None:
    """The README's table beside Epoch AI's H100e is what scripts/epoch_comparison.py prints for the shipped data."""
    epoch = _script("epoch_comparison")
    shown = README.split(epoch.START + "\n", 1)[1].split(epoch.END, 1)[0]
    assert shown == epoch.table(catalog), "stale: run python scripts/epoch_comparison.py --write README.md"


def test_epoch_comparison_explains_each_difference() -> None:
    """On the compute fixture: Gefion's sparse 8-bit figure, LUMI's halving and its A40s, JUPITER's counts, agreement."""
    from aifx.dataset.loader import load
    from conftest import FIXTURES

    epoch = _script("epoch_comparison")
    rows = {line.split(" | ")[0].strip("| "): line for line in epoch.table(load(FIXTURES / "compute")).splitlines()}
    assert "Epoch AI's 8-bit rate is the sparse one: 3,927 per chip, dense 1,978.9" in rows["GEFION"]
    assert "no 8-bit uplift over BF16" in rows["LUMI"] and "Epoch AI leaves out 64 × NVIDIA A40" in rows["LUMI"]
    assert "counts differ: aifx ~ 23,752–24,000, Epoch AI 23,536" in rows["JUPITER"]
    assert rows["LEONARDO"].endswith("| agree |")
    assert "aifx unknown: NVIDIA H100: count unknown" in rows["MARENOSTRUM-5"]

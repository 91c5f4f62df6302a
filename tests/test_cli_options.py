"""The CLI's shared plumbing: output options declared once (aifx.cli.output), the one listing pipeline
(aifx.cli.listing), and commands registered one way."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
import typer.main

from aifx.cli.commands import DATA, TOP
from aifx.cli.listing import Query
from aifx.cli.output import Output, expand
from aifx.core.fields import FACTORIES
from aifx.dataset.catalog import Catalog
from aifx.errors import UsageError
from conftest import aifx


def _leaves() -> dict[str, Any]:
    """Every command of the app by the words typed after `aifx`, `data`'s included."""
    from aifx.cli.app import app

    def walk(command: Any, path: str) -> dict[str, Any]:
        if not hasattr(command, "list_commands"):
            return {path: command}
        ctx = typer.Context(command)  # a group builds its commands when asked for them (aifx.cli.app.Group)
        subs = {name: command.get_command(ctx, name) for name in command.list_commands(ctx)}
        return {k: v for name, sub in subs.items() for k, v in walk(sub, f"{path} {name}".strip()).items()}

    return walk(typer.main.get_command(app), "")


def _options(command: Any, *names: str) -> list[tuple[tuple[str, ...], str | None]]:
    """The named options of a command as Typer built them: their spellings and help."""
    return [(tuple(p.opts), p.help) for p in command.params if set(p.opts) & set(names)]


def test_expand_puts_the_three_output_options_where_out_stood() -> None:
    """A command's `out: Output` becomes --format, --excel and --wide in its place, and reaches it as one Output."""
    seen: list[Output] = []

    def command(name: str, out: Output = Output(), data: str | None = None) -> None:
        seen.append(out)

    expanded = expand(command)
    assert list(inspect.signature(expanded).parameters) == ["name", "fmt", "excel", "wide", "data"]
    expanded(name="x", fmt=None, excel=True, wide=False, data=None)
    assert seen == [Output(None, True, False)]


def test_expand_leaves_other_commands_alone() -> None:
    """A command without an Output parameter is registered as written."""

    def command(name: str) -> None:
        """Nothing to expand."""

    assert expand(command) is command


def test_output_options_read_the_same_in_every_command() -> None:
    """Every command taking --excel declares --format, --excel and --wide exactly as list does."""
    commands = _leaves()
    expected = _options(commands["list"], "--format", "--excel", "--wide")
    taking = {name: c for name, c in commands.items() if _options(c, "--excel")}
    assert len(expected) == 3 and len(taking) >= 14
    assert {name: _options(c, "--format", "--excel", "--wide") for name, c in taking.items()} == dict.fromkeys(
        taking, expected
    )


def test_every_command_is_registered_with_the_one_boundary() -> None:
    """Every command, `data`'s included, runs inside the one error boundary (there is one way to register)."""
    from aifx.cli.common import boundary

    wrapper = boundary(print).__code__

    def chain(fn: Any) -> list[Any]:
        return [fn, *chain(fn.__wrapped__)] if hasattr(fn, "__wrapped__") else [fn]

    unbounded = [name for name, c in _leaves().items() if all(f.__code__ is not wrapper for f in chain(c.callback))]
    assert unbounded == []


def test_query_keeps_then_sorts_then_cuts(catalog: Catalog) -> None:
    """--where, then --sort, then --limit, in that order, over any registry's rows."""
    query = Query.parse(FACTORIES, columns=None, where=["wave = 1"], sort="id:desc", limit=3)
    rows = query.rows(list(catalog.factories.values()), catalog)
    first_wave = sorted((f for f in catalog.factories.values() if f.wave == 1), key=lambda f: f.id.lower())
    assert [f.id for f in rows] == [f.id for f in reversed(first_wave)][:3]
    assert query.full_json and query.columns == list(FACTORIES.default)


def test_query_checks_columns_and_conditions_before_the_data_is_read() -> None:
    """An unknown --columns or --where field is a usage error from parse alone; a negative --limit once cut."""
    with pytest.raises(UsageError, match="--columns: unknown field 'bogus'"):
        Query.parse(FACTORIES, columns="id,bogus")
    with pytest.raises(UsageError, match="bogus"):
        Query.parse(FACTORIES, columns=None, where=["bogus = 1"])


def test_an_empty_listing_says_why_on_stderr_and_prints_no_rows() -> None:
    """Nothing matching: the reason on stderr, exit 0; csv still prints its header."""
    run = aifx("initiatives", "--where", "id = nothing", "--format", "csv")
    assert (run.code, run.err) == (0, "no initiatives match these filters\n")
    assert run.out.count("\n") == 1


def test_a_command_imports_only_its_own_command_module(tmp_path: Path) -> None:
    """`aifx list` builds and imports `list` alone: no other command module, no exports, maps or page code."""
    code = (
        "import sys\nfrom aifx.__main__ import main\nsys.argv = ['aifx', 'list', '--wave', '1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('MODULES ' + ' '.join(sorted(m for m in sys.modules if m.startswith('aifx.'))))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path), "NO_COLOR": "1"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=True)
    loaded = set(run.stderr.rsplit("MODULES ", 1)[1].split())
    commands = {f"aifx.cli.{c.module}" for c in (*TOP, *DATA)}
    assert loaded & commands == {"aifx.cli.records"}
    assert not {m for m in loaded if m.startswith(("aifx.exports", "aifx.present.page", "aifx.present.maps"))}
    assert run.stdout.count("\n") == 8  # the header and the seven first-wave factories


def test_every_registered_command_names_a_real_function() -> None:
    """Each line of the one command registry points at a function of its module, and no name is registered twice."""
    import importlib

    for group in (TOP, DATA):
        assert len({c.name for c in group}) == len(group)
        for c in group:
            assert callable(getattr(importlib.import_module(f"aifx.cli.{c.module}"), c.function))

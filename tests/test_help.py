"""Help and usage errors: examples up front, no value placeholders on flags, no styling under NO_COLOR, one-line errors."""

from __future__ import annotations

import re
from typing import Any

import pytest

from conftest import aifx
from test_docs import COMMANDS, CURATE


@pytest.mark.parametrize("command", [[], *[c.split() for c in [*COMMANDS, *CURATE]]])
def test_flags_show_no_value_placeholder(command: list[str]) -> None:
    """Typer's `<bool>` never appears: a flag takes no value."""
    run = aifx(*command, "--help", env={"COLUMNS": "120"})
    assert run.code == 0
    assert "<bool>" not in run.out
    assert "--help" in run.out


def test_main_help_carries_three_examples() -> None:
    """`aifx --help` starts with three examples a new user can copy."""
    out = aifx("--help", env={"COLUMNS": "120"}).out
    examples = [line.strip(" │") for line in out.splitlines() if line.strip(" │").startswith("aifx ")]
    assert examples[:3] == ["aifx list --wave 1", "aifx show LUMI-AF --sources", "aifx search hamer"]


@pytest.mark.parametrize("switch", [{"NO_COLOR": "1"}, {"NO_COLOR": ""}])
def test_no_color_holds_for_help_too(switch: dict[str, str]) -> None:
    """Forced to a terminal, help is styled; NO_COLOR or --no-color removes every escape, bold and dim included."""
    env = {"FORCE_COLOR": "1", **switch}
    args = ["list", "--help"] if switch["NO_COLOR"] else ["--no-color", "list", "--help"]
    assert "\x1b[" not in aifx(*args, env=env).out
    assert "\x1b[" in aifx("list", "--help", env={"FORCE_COLOR": "1", "NO_COLOR": ""}).out


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["list", "--limit", "-1"], "aifx: --limit: must be ≥ 0 (got -1)"),
        (["list", "--wave", "one"], "aifx: --wave: expected whole numbers, got 'one'"),
        (["search", "x", "--limit", "zero"], "aifx search: --limit: expected a whole number (got 'zero')"),
        (["list", "--bogus"], "aifx list: no such option: --bogus (did you mean --columns?) (see aifx list --help)"),
        (
            ["list", "--kind", "factoryy"],
            "aifx: --kind: 'factoryy' is not one of factory, antenna (did you mean factory?)",
        ),
        (["budgets", "--by", "county"], "aifx budgets: --by: 'county' is not one of 'factory', 'country', 'wave'"),
        (["show"], "aifx show: missing argument 'ID' (see aifx show --help)"),
        (["export", "--format", "csv"], "aifx export: --format: 'csv' is not one of 'json', 'jsonl'"),
        (["list", "--excel", "--format", "tsv"], "aifx: --excel writes CSV for spreadsheets"),
        (["data", "add-claim", "MIMER", "--value", "5", "--scope", "nonsense"], "aifx data add-claim: --scope:"),
    ],
)
def test_every_usage_error_is_one_line_with_exit_2(args: list[str], line: str) -> None:
    """Usage errors, Typer's own included, are one greppable line on stderr, exit 2, nothing on stdout."""
    run = aifx(*args)
    assert (run.code, run.out) == (2, "")
    assert len(run.err.splitlines()) == 1
    assert run.err.startswith(line)
    assert "Value error" not in run.err and "╭" not in run.err


def test_export_help_lists_only_what_export_writes() -> None:
    """`aifx export --help` offers json and jsonl, not the table formats it would refuse."""
    out = aifx("export", "--help", env={"COLUMNS": "120"}).out
    assert "json" in out and "jsonl" in out
    assert "csv" not in out and "markdown" not in out


def test_repeatable_options_say_repeats_mean_or() -> None:
    """`--help` tells that repeating a filter (or a comma list) means any of them."""
    out = " ".join(aifx("list", "--help", env={"COLUMNS": "200"}).out.split())
    assert "repeat or comma-separate for any of several (OR)" in out


def _command(path: list[str]) -> Any:
    """The click command `aifx PATH…` as the app builds it."""
    import typer
    import typer.main

    from aifx.cli.app import app

    command = typer.main.get_command(app)
    for name in path:
        command = command.get_command(typer.Context(command), name)
    return command


# Rich's own style tags, which help may use; any other [text] in a help string is text a reader must see.
STYLE = re.compile(r"\[/?(?:bold|dim|italic|b|i)?\]")
BRACKETED = re.compile(r"\\?\[[^\]\n]*\]")


@pytest.mark.parametrize("command", [[], *[c.split() for c in [*COMMANDS, *CURATE]]], ids=" ".join)
def test_brackets_in_help_are_shown_not_eaten_as_markup(command: list[str]) -> None:
    """Every [text] a help string holds (`pip install 'aifx-eu[serve]'`) reaches the screen; only style tags vanish."""
    built = _command(command)
    raw = [built.help or "", *(getattr(p, "help", None) or "" for p in built.params)]
    wanted = [b.lstrip("\\") for text in raw for b in BRACKETED.findall(text) if not STYLE.fullmatch(b)]
    shown = " ".join(aifx(*command, "--help", env={"COLUMNS": "250"}).out.replace("│", " ").split())
    assert [b for b in wanted if " ".join(b.split()) not in shown] == []


def test_serve_help_names_the_extra_to_install() -> None:
    """`aifx serve --help` says how to install the serve extra, from the clone and by aifx's own name."""
    shown = " ".join(aifx("serve", "--help", env={"COLUMNS": "120"}).out.replace("│", " ").split())
    assert "python3 -m pip install '.[serve]' in aifx's clone, or pip install 'aifx-eu[serve]' by name" in shown


@pytest.mark.parametrize("columns", ["80", "120"])
def test_export_help_names_every_format_whole(columns: str) -> None:
    """`aifx export --help` names every format the registry has, each in one piece, at 80 and 120 columns."""
    from aifx.exports import FORMATS

    out = aifx("export", "--help", env={"COLUMNS": columns}).out
    text = " ".join(out.replace("│", " ").split())
    assert all(f"{name}: " in text for name in FORMATS), [n for n in FORMATS if f"{n}: " not in text]
    assert "HTML" in " ".join(aifx("--help", env={"COLUMNS": "200"}).out.split())  # the summary names it too


def _words(text: str) -> set[str]:
    """The words of a help screen: what lies between spaces and the panels' box lines."""
    return set(re.split(r"[\s│╭╮╰╯─]+", text)) - {""}


@pytest.mark.parametrize("command", [[], *[c.split() for c in [*COMMANDS, *CURATE]]], ids=" ".join)
def test_help_at_80_columns_breaks_only_between_words(command: list[str]) -> None:
    """At 80 columns every word of the help is a word of the same help at full width: choice lists
    (`<country | factory | wave | accelerator | status>`) and prose wrap at spaces, never 'accel' / 'erator', and
    nothing is cut with an ellipsis."""
    narrow = aifx(*command, "--help", env={"COLUMNS": "80"}).out
    wide = aifx(*command, "--help", env={"COLUMNS": "1000"}).out
    assert _words(narrow) - _words(wide) == set()
    assert narrow.count("…") == wide.count("…")


@pytest.mark.parametrize("command", [[], *[c.split() for c in [*COMMANDS, *CURATE]]], ids=" ".join)
def test_help_paragraphs_wrap_at_the_terminal_not_at_the_docstring(command: list[str]) -> None:
    """Each paragraph of a command's description is one line at 1000 columns: a docstring's own line breaks
    ('(H100-equivalents put' / 'every model on the H100's') are not kept."""
    lines = aifx(*command, "--help", env={"COLUMNS": "1000"}).out.splitlines()
    start = next(i for i, line in enumerate(lines) if "Usage:" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.strip() in ("Examples", "Formats") or line.startswith("╭"))
    assert all(line.strip().endswith((".", ":", ")")) for line in lines[start:end] if line.strip())

"""Tables fit the terminal: one layout rule for every view, checked at 80, 100, 120 and 160 columns."""

from __future__ import annotations

import io
import re

import pytest

from aifx.core.values import Cell
from aifx.present.output import Format, emit, layout
from aifx.present.views import TableView
from conftest import aifx
from snapshots import VIEWS, WIDTHS, path, render

EVERY_TABLE = [
    *(v for v in VIEWS if not v.startswith("timeline")),  # a terminal timeline is a card, grouped by month
    "timeline --columns date,kind,title,records,sources",
    "sources",
    "conflicts",
    "budgets",
    "budgets --by wave",
    "list",
    "search lumi",
    "data stale --days 0",
]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", VIEWS)
def test_snapshot_at_80_and_120_columns(command: str, width: int) -> None:
    """Each view prints exactly its snapshot (regenerate with python tests/snapshots.py after a deliberate change)."""
    expected = path(command, width).read_text(encoding="utf-8")
    assert f"$ aifx {command}\n" + render(command, width) == expected


def _table_lines(command: str, width: int) -> tuple[list[str], str]:
    run = aifx(*command.split(), "--format", "table", env={"COLUMNS": str(width)})
    assert run.code == 0, run.err
    return run.out.splitlines(), run.err


@pytest.mark.parametrize("width", [80, 100, 120, 160])
@pytest.mark.parametrize("command", EVERY_TABLE)
def test_no_line_is_wider_than_the_terminal_and_no_header_is_cut(command: str, width: int) -> None:
    """No line exceeds the width; every column shown has its whole name in the header (no zero-width column)."""
    lines, err = _table_lines(command, width)
    assert all(len(line.rstrip()) <= width for line in lines), max(lines, key=len)
    rule = next(i for i, line in enumerate(lines) if line.startswith("──"))
    header = re.split(r"\s{2,}", lines[rule - 1].strip())
    assert all("…" not in name and name for name in header)
    hidden = re.search(r"hidden at \d+ columns: ([^(]+) \(", err)
    assert not set(header) & set(hidden.group(1).split(", ") if hidden else [])


@pytest.mark.parametrize(("width", "most"), [(80, 2), (100, 2), (120, 1), (160, 1)])
def test_list_wave_1_takes_at_most_this_many_lines_per_record(width: int, most: int) -> None:
    """`aifx list --wave 1`: one line per record at 120 columns and wider, at most two at 80."""
    lines, _ = _table_lines("list --wave 1", width)
    body = lines[lines.index(next(line for line in lines if line.startswith("──"))) + 1 :]
    assert len(body) <= 7 * most
    assert {line.split()[0] for line in body if line[:1] != " "} == {
        "LUMI-AF",
        "HAMMERHAI",
        "PHAROS",
        "IT4LIA",
        "L-AIF",
        "BSC-AIF",
        "MIMER",
    }


@pytest.mark.parametrize("command", ["sources", "conflicts", "show LUMI-AF --sources", "initiatives"])
def test_ids_are_never_cut(command: str) -> None:
    """Keys users type next (record and source ids) appear whole at 80 columns, never with an ellipsis."""
    lines, _ = _table_lines(command, 80)
    plain = aifx(*command.split(), "--format", "csv").out.splitlines()[1:]
    key = 1 if command.startswith("show") else 0
    ids = {row.split(",")[key] for row in plain}
    table = "\n".join(lines)
    assert all(re.search(rf"(^|\s){re.escape(i)}(\s|$)", table, re.MULTILINE) for i in ids)
    assert "…" not in "".join(line.split("  ")[0] for line in lines)


@pytest.mark.parametrize("width", [5, 20])
@pytest.mark.parametrize("command", ["list --wave 1", "sources"])
def test_ids_overflow_a_terminal_too_narrow_for_them(command: str, width: int) -> None:
    """At COLUMNS=5 every id still appears whole: the key column overflows the terminal rather than being cut."""
    lines, err = _table_lines(command, width)
    ids = {row.split(",")[0] for row in aifx(*command.split(), "--format", "csv").out.splitlines()[1:]}
    body = lines[lines.index(next(line for line in lines if line.startswith("──"))) + 1 :]
    assert {line.split()[0] for line in body if line.strip()} == ids
    assert f"hidden at {width} columns: " in err


def test_narrow_terminal_hides_low_priority_columns_and_says_how_to_get_them() -> None:
    """At 80 columns `list` drops its least important columns and names them on stderr."""
    _, err = _table_lines("list --wave 1", 80)
    assert "hidden at 80 columns: kind, wave, city, system (see --wide, --columns)" in err
    lines, err = _table_lines("list --wave 1 --wide", 80)
    assert "hidden" not in err
    assert "system" in lines[1] and max(len(line) for line in lines) > 80


def _view(kinds: dict[str, Cell], rows: list[list[object]]) -> TableView:
    return TableView("t", list(kinds), rows, [], cells=kinds)  # type: ignore[arg-type]


def test_layout_keeps_rigid_columns_whole_and_cuts_prose_first() -> None:
    """Keys, codes, numbers and dates keep their width; prose shrinks to fit."""
    view = _view(
        {"id": Cell.key, "n": Cell.number, "name": Cell.prose},
        [["A-VERY-LONG-ID-1", 12345, "x" * 100]],
    )
    plan = layout(view, 50)
    assert plan.widths["id"] == 16 and plan.widths["n"] == 5
    assert plan.width == 50 and plan.hidden == []


def test_layout_drops_the_lowest_priority_column_but_never_a_key() -> None:
    """When even the shortest widths do not fit, the last column by priority goes; the key stays."""
    view = _view({"id": Cell.key, "a": Cell.code, "b": Cell.code}, [["K" * 30, "a" * 20, "b" * 20]])
    assert layout(view, 55).hidden == ["b"]
    assert layout(view, 10).hidden == ["a", "b"]


def test_an_empty_table_prints_nothing_in_human_formats_but_a_header_in_csv() -> None:
    """No rows: table, plain and markdown print nothing; csv still has its header, json an empty list."""
    view = _view({"id": Cell.key}, [])
    for fmt in (Format.table, Format.plain, Format.markdown):
        out = io.StringIO()
        emit(view, fmt, out=out, width=80)
        assert out.getvalue() == ""
    out = io.StringIO()
    emit(view, Format.csv, out=out)
    assert out.getvalue() == "id\r\n"

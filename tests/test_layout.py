"""Tables fit the terminal: one layout rule for every view, checked at 80, 100, 120 and 160 columns."""

from __future__ import annotations

import io
import re
import shlex

import pytest

from aifx.core.values import Cell
from aifx.present import output
from aifx.present.layout import Layout, cell_text, cut, lines, wrap
from aifx.present.output import Format, emit, layout
from aifx.present.views import RIGID, TableView
from conftest import aifx
from snapshots import VIEWS, WIDTHS, path, render

EVERY_TABLE = [
    # a terminal timeline is a card, grouped by month; changes, by record; a country is a card
    *(v for v in VIEWS if not v.startswith(("timeline", "country", "changes"))),
    "timeline --columns date,kind,title,records,sources",
    "changes --since 2026-06-01 --columns date,record,kind,change,field,old,new,sources",
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


def _drawn(command: str, width: int, monkeypatch: pytest.MonkeyPatch) -> list[tuple[TableView, Layout, list[str]]]:
    """The tables ``aifx COMMAND`` draws at ``width`` columns: each view, its layout (observed as output.py makes it,
    unchanged) and the lines of its body."""
    seen: list[tuple[TableView, Layout]] = []

    def observed(view: TableView, width: int | None, *, wide: bool = False) -> Layout:
        plan = layout(view, width, wide=wide)
        seen.append((view, plan))
        return plan

    monkeypatch.setattr(output, "layout", observed)
    run = aifx(*shlex.split(command), "--format", "table", env={"COLUMNS": str(width)})
    assert run.code == 0, run.err
    if not seen:  # a card (country EE, a terminal timeline)
        return []
    text = run.out.splitlines()
    body = text[next(i for i, line in enumerate(text) if line.startswith("──")) + 1 :]
    return [(view, plan, body) for view, plan in seen]


def _cells(view: TableView, plan: Layout, body: list[str]) -> list[dict[str, list[str]]]:
    """Each row's cells as drawn, column by column and line by line (a row starts where its first column does)."""
    shown = [c for c in view.columns if c in plan.widths]
    starts = [sum(plan.widths[c] + 2 for c in shown[:i]) for i in range(len(shown))]
    rows: list[dict[str, list[str]]] = []
    for line in body:
        parts = {c: line[s : s + plan.widths[c]].strip() for c, s in zip(shown, starts, strict=True)}
        if parts[shown[0]]:
            rows.append({c: [p] if p else [] for c, p in parts.items()})
        else:
            for c, p in parts.items():
                rows[-1][c] += [p] if p else []
    return rows


def _broken_inside_a_word(text: str, drawn: list[str], screen: int) -> str | None:
    """The word a wrapped cell breaks inside, if any, unless it is wider than a quarter of the screen (a URL)."""
    text, joined = " ".join(text.split()), drawn[0]
    for line in drawn[1:]:
        if text.startswith(f"{joined} {line}"):
            joined = f"{joined} {line}"
            continue
        start, end = text.rfind(" ", 0, len(joined)) + 1, text.find(" ", len(joined))
        word = text[start : end if end >= 0 else len(text)]
        if len(word) <= screen // 4:
            return word
        joined += line
    return None


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", VIEWS)
def test_no_snapshot_table_cuts_a_number_or_an_id_or_breaks_a_word(
    command: str, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In every snapshot table: keys, codes, numbers and dates show whole; no text ends in a cut number ('23,7…');
    a wrapped cell breaks only at spaces ('cybersecurit' / 'y' was a bug), or inside a word too wide for any column
    (a URL)."""
    for view, plan, body in _drawn(command, width, monkeypatch):
        rows = _cells(view, plan, body)
        assert len(rows) == len(view.rows)
        for row, values in zip(rows, view.rows, strict=True):
            for column, drawn in row.items():
                kind, text = view.cell(column), cell_text(values[view.columns.index(column)])
                assert not re.search(r"\d…", " ".join(drawn)), (column, drawn)
                if kind in RIGID:
                    assert drawn == [text], (column, drawn)
                elif len(drawn) > 1 and "…" not in "".join(drawn):
                    assert _broken_inside_a_word(text, drawn, width) is None, (column, drawn)


@pytest.mark.parametrize("width", WIDTHS)
def test_systems_shows_every_accelerator_count_whole(width: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """`aifx systems`: a line per model at most, and each model's count whole ('~ 24,000 / 23,752', never
    '~ 24,000 / 23,7…'); only the model's name may be cut."""
    [(view, plan, body)] = _drawn("systems", width, monkeypatch)
    assert "accelerators" in plan.widths
    for row, values in zip(_cells(view, plan, body), view.rows, strict=True):
        models = cell_text(values[view.columns.index("accelerators")]).split("; ")
        assert len(row["accelerators"]) <= len(models)
        if len(row["accelerators"]) == len(models):
            for model, drawn in zip(models, row["accelerators"], strict=True):
                figures = [w for w in model.split(" × ")[0].split() if any(ch.isdigit() for ch in w)]
                assert all(f in drawn.split() for f in figures), (model, drawn)


def test_systems_at_120_columns_shows_the_models_whole() -> None:
    """At 120 columns no accelerator model is cut ('NVIDIA G…'): columns after it in priority give way."""
    lines_, err = _table_lines("systems", 120)
    assert "~ 24,000 / 23,752 × NVIDIA GH200 Grace Hopper" in "\n".join(lines_)
    assert not any("…" in line for line in lines_)
    assert "hidden at 120 columns: name, factories" in err


def test_cut_never_ends_inside_a_number_or_an_id() -> None:
    """A cut drops a word with digits or in capitals whole, and its ellipsis stands apart from a number."""
    assert cut("~ 24,000 / 23,752 × NVIDIA GH200", 16) == "~ 24,000 …"
    assert cut("11,912 × AMD Instinct MI250X", 26) == "11,912 × AMD Instinct…"
    assert cut("13,824 × NVIDIA A100 SXM4 64 GB", 18) == "13,824 × NVIDIA…"
    assert cut("Mimer – The Swedish AI Innovation Factory", 16) == "Mimer – The Swe…"
    assert cut("short", 16) == "short"


def test_wrap_breaks_between_items_then_at_spaces_and_folds_only_a_word_too_long() -> None:
    """Items ('; ') go on lines of their own first; words are never split unless one is wider than the column."""
    assert wrap("11,912 × AMD Instinct MI250X; 64 × NVIDIA A40", 30, separator="; ") == [
        "11,912 × AMD Instinct MI250X;",
        "64 × NVIDIA A40",
    ]
    assert wrap("agriculture, climate, cybersecurity, manufacturing", 16) == [
        "agriculture,",
        "climate,",
        "cybersecurity,",
        "manufacturing",
    ]
    assert wrap("see https://example.org/a/long/path", 12) == ["see", "https://exam", "ple.org/a/lo", "ng/path"]
    assert lines("LUMI-AF, BE-AIFA, JAIF", Cell.keys, 9) == ["LUMI-AF,", "BE-AIFA,", "JAIF"]


def test_a_list_of_items_takes_a_line_per_item_each_cut_after_its_count() -> None:
    """An items cell keeps every count: one item a line, the model name cut, never the figures before it."""
    assert lines("~ 100,000 (planned) × NVIDIA GB300; > 30,000 (planned) × NVIDIA Rubin GPUs", Cell.items, 24) == [
        "~ 100,000 (planned)…",
        "> 30,000 (planned)…",
    ]


def test_layout_sizes_a_number_column_to_its_widest_value() -> None:
    """A number column is exactly as wide as its widest value (or its header), at any terminal width."""
    view = _view({"id": Cell.key, "h100e": Cell.number, "note": Cell.prose}, [["A", "~ 23,752–24,000", "x" * 200]])
    for width in (30, 80, 120):
        assert layout(view, width).widths["h100e"] == len("~ 23,752–24,000")


def test_conflicts_gives_the_note_the_room_a_list_of_ids_would_pad(monkeypatch: pytest.MonkeyPatch) -> None:
    """`aifx conflicts` at 160 columns shows each note's first 40 characters; the sources column no longer pads itself
    to a whole list of ids (78 wide) while the note is cut to 16."""
    [(_, plan, _)] = _drawn("conflicts", 160, monkeypatch)
    assert plan.widths["note"] >= 40
    assert plan.widths["sources"] < 60


def test_layout_shares_room_between_wrapping_columns_by_the_lines_it_saves() -> None:
    """Compared records get widths that keep every record short, not one wide column beside a tall one."""
    long = "IT4LIA, IT4LIA – L'Italia per L'Intelligenza Artificiale, ITA4LIA"
    view = _view(
        {"field": Cell.key, "A": Cell.wrap, "B": Cell.wrap},
        [["aliases", "LUMI AIF", long], ["host", "CSC – IT Center for Science", "CINECA"]],
    )
    plan = layout(view, 70)
    drawn = {
        c: [lines(cell_text(v), Cell.wrap, plan.widths[c]) for v in col]
        for c, col in (("A", ["LUMI AIF", "CSC – IT Center for Science"]), ("B", [long, "CINECA"]))
    }
    assert max(len(x) for col in drawn.values() for x in col) <= 2

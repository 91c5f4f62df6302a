"""The one place that knows output formats: emit(view, fmt) for tables, plain text, CSV, JSON and Markdown."""

from __future__ import annotations

import csv
import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from aifx.core.values import NA, Cell, Value, as_text, comparable, joined
from aifx.present.layout import Layout, cell_text, lines, one_line
from aifx.present.layout import layout as fit
from aifx.present.views import CardView, TableView, View
from aifx.text.characters import escape_unsafe, remove_unsafe

if TYPE_CHECKING:
    from rich.console import Console

    from aifx.present.braille import Picture

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


class Format(StrEnum):
    """Every output format; the same for every listing command."""

    table = "table"
    plain = "plain"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"


def clean(text: str) -> str:
    """Text safe for a terminal: control, format (bidi, zero-width), separator and private-use characters removed."""
    return remove_unsafe(text)


def spreadsheet_safe(cell: Value) -> Value:
    """Neutralise text a spreadsheet would run as a formula (OWASP CSV injection); numbers untouched."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def console(out: TextIO, *, color: bool, width: int | None = None) -> Console:
    """A console that never interprets data as markup or highlights it."""
    from rich.console import Console

    return Console(
        file=out,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=not color,
        color_system="auto" if color else None,
        width=width,
        soft_wrap=False,
    )


def emit(
    view: View,
    fmt: Format,
    *,
    out: TextIO,
    color: bool = False,
    excel: bool = False,
    width: int | None = None,
    wide: bool = False,
) -> list[str]:
    """Write a view to ``out`` in ``fmt``; the only format dispatch in aifx. Returns messages for stderr.

    Unknown values read "unknown" and not-applicable ones "—" in table, plain and markdown; both are empty
    cells in csv and tsv and null in json. Human formats (table, plain, markdown) print nothing for no rows.
    """
    if isinstance(view, TableView) and view.reading is not None and fmt is Format.table:
        view = view.reading
    if isinstance(view, CardView):
        if fmt is Format.table:
            _card(view, console(out, color=color, width=width))
            return []
        if fmt in (Format.json, Format.jsonl):
            _json(view.record, out, lines=fmt is Format.jsonl)
            return []
        if fmt is Format.plain:
            _card_plain(view, out)
            return []
        view = view.as_table()
    if not view.rows and fmt in (Format.table, Format.plain, Format.markdown):
        return []
    if fmt is Format.table:
        return _table(view, console(out, color=color, width=width), color=color, wide=wide)
    if fmt is Format.json:
        _json(view.document if view.document is not None else view.json_records(), out, lines=False)
    elif fmt is Format.jsonl:
        for record in view.json_records():
            _json(record, out, lines=True)
    elif fmt is Format.csv:
        _csv(view, out, delimiter=";" if excel else ",", bom=excel)
    elif fmt is Format.tsv:
        _csv(view, out, delimiter="\t", bom=False)
    elif fmt is Format.markdown:
        _markdown(view, out)
    else:
        _plain(view, out)
    return []


def _json(data: Any, out: TextIO, *, lines: bool) -> None:
    """JSON as UTF-8 text, with every invisible or control character escaped (json leaves C1 and bidi raw);
    pure ASCII where ``out`` cannot hold Unicode (LC_ALL=C), so that it is still JSON, and the same JSON.
    """
    unicode = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").startswith("utf")
    text = json.dumps(data, ensure_ascii=not unicode, default=str, indent=None if lines else 2)
    out.write(escape_unsafe(text) + "\n")


def _csv(view: TableView, out: TextIO, *, delimiter: str, bom: bool) -> None:
    """RFC 4180 CSV; TSV has no quoting, so there tabs and line breaks inside a value become spaces."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    flat = delimiter == "\t"
    writer.writerow(view.columns)
    for row in view.rows:
        cells = [_machine(v) for v in row]
        writer.writerow([spreadsheet_safe(one_line(c) if flat and isinstance(c, str) else c) for c in cells])


def _machine(v: Value) -> Value:
    """A cell for machine formats: numbers stay numbers, unknown is empty."""
    v = comparable(v)  # a span: its low end, a number like any other (the _high field holds the other end)
    if v is None or v is NA:
        return ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return v
    return remove_unsafe(as_text(v) if not isinstance(v, list) else joined(v))


def _plain(view: TableView, out: TextIO) -> None:
    out.write("\t".join(view.columns) + "\n")
    for row in view.rows:
        out.write("\t".join(one_line(as_text(v)) for v in row) + "\n")


_MARKDOWN = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {c: "\\" + c for c in "\\`*_[]()!#~|"})


def _markdown(view: TableView, out: TextIO) -> None:
    """A GitHub table whose cells are text only: markup, HTML and links in data are escaped, never rendered."""

    def cell(text: str) -> str:
        return one_line(text).translate(_MARKDOWN)

    out.write("| " + " | ".join(cell(c) for c in view.columns) + " |\n")
    out.write("|" + "|".join("---:" if c in view.numeric else "---" for c in view.columns) + "|\n")
    for row in view.rows:
        out.write("| " + " | ".join(cell(as_text(v)) for v in row) + " |\n")


def layout(view: TableView, width: int | None, *, wide: bool = False) -> Layout:
    """The terminal layout of ``view`` at ``width`` columns (see aifx.present.layout), measured as rich draws text."""
    from rich.cells import cell_len

    return fit(view, width, measure=cell_len, wide=wide)


def _table(view: TableView, con: Console, *, color: bool, wide: bool) -> list[str]:
    from rich import box
    from rich.bar import Bar
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    plan = layout(view, con.width, wide=wide)
    table = Table(
        title=Text(clean(view.title), overflow="ellipsis", no_wrap=True),
        title_justify="left",
        header_style="bold" if color else "",
        box=box.SIMPLE_HEAD,
        padding=(0, 1, 0, 0),
        show_edge=False,
        pad_edge=False,
    )
    shown = [c for c in view.columns if c in plan.widths]
    for column in shown:
        table.add_column(
            Text(column),
            justify="right" if view.cell(column) is Cell.number else "left",
            width=plan.widths[column],
            no_wrap=True,  # each cell comes fitted to its column: wrapped at spaces or cut by the layout rule
            overflow="crop",
        )
    bar = view.bar if view.bar_label in plan.widths else None
    if bar:
        table.add_column(Text(view.bar_label), width=plan.widths[view.bar_label], no_wrap=True)
    tops = _bar_tops(view)
    index = [view.columns.index(c) for c in shown]
    for i, row in enumerate(view.rows):
        cells: list[Any] = []
        for j in index:
            column, value = view.columns[j], cell_text(row[j])
            kind = view.cell(column)
            text = Text("\n".join(lines(value, kind, plan.widths[column], measure=cell_len)))
            if kind is Cell.url and color:
                text.stylize(f"link {value}")
            cells.append(text)
        if bar:
            amount = next(iter(_bar_values(view, row)), 0.0)
            top = tops.get(_bar_key(view, row), 0.0)
            cells.append(Bar(size=top or 1.0, begin=0, end=amount, color="cyan" if color else "default"))
        table.add_row(*cells, style="bold yellow" if i in view.highlight and color else None)
    # --wide, or keys that alone are wider than the terminal (COLUMNS=5): the table overflows rather than cut an id.
    screen, con.width = con.width, max(con.width, plan.width)
    con.print(table)
    if not plan.hidden:
        return []
    return [f"hidden at {screen} columns: {', '.join(plan.hidden)} (see {view.more})"]


def _bar_key(view: TableView, row: list[Value]) -> str:
    """Which scale a row's bar is drawn on: one for the whole table, or one per value of ``bar_scale``."""
    return as_text(row[view.columns.index(view.bar_scale)]) if view.bar_scale else ""


def _bar_tops(view: TableView) -> dict[str, float]:
    """The longest bar of each scale, so that bars compare only like with like."""
    tops: dict[str, float] = {}
    for row in view.rows:
        for v in _bar_values(view, row):
            key = _bar_key(view, row)
            tops[key] = max(tops.get(key, 0.0), v)
    return tops


def _bar_values(view: TableView, row: list[Value]) -> list[float]:
    if not view.bar:
        return []
    v = row[view.columns.index(view.bar)]
    return [float(v)] if isinstance(v, int | float) and not isinstance(v, bool) else []


def _card(view: CardView, con: Console) -> None:
    """A record card: a label column and a text column that wraps under itself, then the footnotes."""
    from rich.table import Table
    from rich.text import Text

    con.print(Text(clean(view.title), style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    for line in view.lines:
        if line.style == "section":  # a heading; its text, if any, beside it (a record's name beside its id)
            grid.add_row(Text(""), Text(""))
            grid.add_row(Text(clean(line.label), style="bold underline"), Text(clean(line.text), style="bold"))
            continue
        text = Text(clean(line.text), style={"weak": "dim strike", "warn": "yellow"}.get(line.style, ""))
        if line.refs:
            text.append(" " + "".join(f"[{n}]" for n in line.refs), style="cyan")
        grid.add_row(Text(clean(line.label)), text)
    if view.footnotes:
        grid.add_row(Text(""), Text(""))
        grid.add_row(Text("Sources", style="bold underline"), Text(""))
        for n, note in view.footnotes:
            grid.add_row(Text(f"[{n}]"), Text(clean(note)))
    con.print(grid)


def _card_plain(view: CardView, out: TextIO) -> None:
    out.write(one_line(view.title) + "\n")
    for line in view.lines:
        refs = "".join(f"[{n}]" for n in line.refs)
        if line.style == "section":
            out.write(f"\n{one_line(line.label)}" + (f"  {one_line(line.text)}" if line.text else "") + "\n")
        else:
            out.write(f"  {one_line(line.label)}: {one_line(line.text)} {refs}".rstrip() + "\n")
    if view.footnotes:
        out.write("\nSources\n")
        for n, note in view.footnotes:
            out.write(f"  [{n}] {one_line(note)}\n")


# The terminal map's roles and their colours; without colour the shapes alone tell waves, antennas and bids apart.
_ROLES = {
    "title": "bold",
    "land": "grey50",
    "link": "yellow",
    "antenna": "bold bright_red",
    "bid": "bold dark_orange",
    "label": "bold",
    "legend": "",
}
_WAVES = ("bold bright_cyan", "bold bright_magenta", "bold bright_green", "bold bright_blue", "bold bright_yellow")


def picture(view: Picture, *, out: TextIO, color: bool) -> None:
    """A drawing (the terminal map): each run in its role's colour, or plain text without colour."""
    if not color:
        out.write(view.text())
        return
    from rich.console import Console
    from rich.text import Text

    # The caller chose colour (a terminal, no NO_COLOR): rich need not guess again, nor wrap the drawing.
    widest = max((sum(len(t) for t, _ in line) for line in view.lines), default=1)
    con = Console(file=out, force_terminal=True, highlight=False, markup=False, emoji=False, width=widest + 1)
    for line in view.lines:
        text = Text(no_wrap=True, overflow="crop")
        for run, role in line:
            style = _ROLES.get(role)
            if style is None and role.startswith("wave-"):
                style = _WAVES[(int(role[5:]) - 1) % len(_WAVES)]
            text.append(clean(run), style=style or "")
        con.print(text, crop=False)

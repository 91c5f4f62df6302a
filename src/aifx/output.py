"""The one place that knows output formats: emit(view, fmt) for tables, plain text, CSV, JSON and Markdown."""

from __future__ import annotations

import csv
import json
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO

from aifx.fields import NA, Value, as_text
from aifx.views import CardView, TableView, View

if TYPE_CHECKING:
    from rich.console import Console

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
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
    """Text safe for a terminal: control and bidi characters removed."""
    return _CONTROL.sub("", text)


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
    view: View, fmt: Format, *, out: TextIO, color: bool = False, excel: bool = False, width: int | None = None
) -> None:
    """Write a view to ``out`` in ``fmt``; the only format dispatch in aifx."""
    if fmt is Format.table:
        con = console(out, color=color, width=width)
        _card(view, con) if isinstance(view, CardView) else _table(view, con, color=color)
        return
    if isinstance(view, CardView):
        if fmt in (Format.json, Format.jsonl):
            _json(view.record, out, lines=fmt is Format.jsonl)
            return
        if fmt is Format.plain:
            _card_plain(view, out)
            return
        view = view.as_table()
    if fmt is Format.json:
        _json(view.document if view.document is not None else view.json_records(), out, lines=False)
    elif fmt is Format.jsonl:
        for record in view.json_records():
            _json(record, out, lines=True)
    elif fmt is Format.csv:
        _csv(view, out, delimiter=";" if excel else ",", bom=excel)
    elif fmt is Format.tsv:
        _csv(view, out, delimiter="\t", bom=excel)
    elif fmt is Format.markdown:
        _markdown(view, out)
    else:
        _plain(view, out)


def _json(data: Any, out: TextIO, *, lines: bool) -> None:
    if lines:
        out.write(json.dumps(data, ensure_ascii=False, default=str, sort_keys=False) + "\n")
    else:
        out.write(json.dumps(data, ensure_ascii=False, default=str, indent=2) + "\n")


def _csv(view: TableView, out: TextIO, *, delimiter: str, bom: bool) -> None:
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(view.columns)
    for row in view.rows:
        writer.writerow([spreadsheet_safe(_machine(v)) for v in row])


def _machine(v: Value) -> Value:
    """A cell for machine formats: numbers stay numbers, unknown is empty."""
    if v is None or v is NA:
        return ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return v
    return as_text(v) if not isinstance(v, list) else ", ".join(map(str, v))


def _plain(view: TableView, out: TextIO) -> None:
    out.write("\t".join(view.columns) + "\n")
    for row in view.rows:
        out.write("\t".join(_one_line(as_text(v)) for v in row) + "\n")


def _one_line(text: str) -> str:
    return " ".join(clean(text).replace("\t", " ").splitlines())


def _markdown(view: TableView, out: TextIO) -> None:
    def cell(text: str) -> str:
        return _one_line(text).replace("\\", "\\\\").replace("|", "\\|")

    out.write("| " + " | ".join(view.columns) + " |\n")
    out.write("|" + "|".join("---:" if c in view.numeric else "---" for c in view.columns) + "|\n")
    for row in view.rows:
        out.write("| " + " | ".join(cell(as_text(v)) for v in row) + " |\n")


def _table(view: TableView, con: Console, *, color: bool) -> None:
    from rich.bar import Bar
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(clean(view.title)), title_justify="left", header_style="bold" if color else "")
    for i, column in enumerate(view.columns):
        numeric = column in view.numeric
        widest = max((len(as_text(row[i])) for row in view.rows), default=0)
        # Short values (ids, dates, codes) are never squeezed; long text is cut with an ellipsis in the
        # terminal only, while plain/csv/json keep every character.
        table.add_column(
            Text(column),
            justify="right" if numeric else "left",
            overflow="ellipsis",
            no_wrap=widest <= 10,
            min_width=min(widest, 10) or None,
            max_width=None if numeric else 40,
        )
    top = max((v for r in view.rows for v in _bar_values(view, r)), default=0.0)
    if view.bar:
        table.add_column(Text(""), width=24, no_wrap=True)
    for i, row in enumerate(view.rows):
        cells: list[Any] = [Text(clean(as_text(v))) for v in row]
        if view.bar:
            amount = next(iter(_bar_values(view, row)), 0.0)
            cells.append(Bar(size=top or 1.0, begin=0, end=amount, color="cyan" if color else "default"))
        table.add_row(*cells, style="bold yellow" if i in view.highlight and color else None)
    con.print(table)


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
        if line.style == "section":
            grid.add_row(Text(""), Text(""))
            grid.add_row(Text(clean(line.label), style="bold underline"), Text(""))
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
    out.write(_one_line(view.title) + "\n")
    for line in view.lines:
        refs = "".join(f"[{n}]" for n in line.refs)
        if line.style == "section":
            out.write(f"\n{_one_line(line.label)}\n")
        else:
            out.write(f"  {_one_line(line.label)}: {_one_line(line.text)} {refs}".rstrip() + "\n")
    if view.footnotes:
        out.write("\nSources\n")
        for n, note in view.footnotes:
            out.write(f"  [{n}] {_one_line(note)}\n")

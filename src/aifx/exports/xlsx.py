"""A spreadsheet: one sheet per table, factories first (what a reader of the first sheet wants), with real numbers and
dates and never a formula, then an About sheet. Sheets are named as the SQLite tables are.

xlsxwriter is imported here only, so only this format pays for it. Every text cell is written as a string
(``strings_to_formulas``, ``strings_to_urls`` and ``strings_to_numbers`` off besides): ``=HYPERLINK(…)`` in the
data stays text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aifx.core.values import LIST_SEPARATOR, joined
from aifx.errors import AifxError
from aifx.exports.columns import Plain, Table, Type
from aifx.exports.sqlite import LICENCE_URL
from aifx.exports.tables import tables
from aifx.exports.targets import TITLE
from aifx.version import __version__

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog
    from aifx.exports import Request

# The sheets' order: what ``pd.read_excel`` and LibreOffice's CSV conversion read (the first sheet) is the factories;
# a table not named here follows these, and the About sheet comes last.
_ORDER = (
    "factories", "initiatives", "bids", "waves", "systems", "chips", "sources",
    "events", "claims", "citations", "figures", "top500",
)  # fmt: skip
ABOUT = "About"
LISTS = (
    f"A list (aliases, sectors, sources, …) is one text cell, its items joined with {LIST_SEPARATOR!r}, as in aifx "
    "list's CSV and the GeoJSON export: an item may hold a comma, none holds a semicolon. The SQLite database and "
    "the data package keep lists as JSON arrays instead, which Datasette, SQLite's json_each and Frictionless read "
    "as lists."
)
_WIDEST = 60  # characters; longer text wraps in the cell's row when opened, the column stays readable


_CELL = 32_767  # Excel's limit: UTF-16 code units of text per cell
_ROWS = 1_048_576  # Excel's limits per sheet
_COLUMNS = 16_384
_CUT = "…"  # ends a text cut to fit a cell


def _sheet_name(table: Table) -> str:
    """The sheet's name: the table's, as SQLite and the data package name it (every one fits Excel's 31 characters;
    a test checks)."""
    return table.name


def _text(value: Plain) -> str:
    return joined(value) if isinstance(value, list) else str(value)


def _units(text: str) -> int:
    """The length Excel counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _fit(text: str) -> str | None:
    """``text`` cut to fit one cell, ending in "…"; None when it fits whole."""
    if len(text) <= _CELL // 2 or _units(text) <= _CELL:
        return None
    keep = _CELL - _units(_CUT)
    cut = text[:keep]
    while _units(cut) > keep:
        cut = cut[:-1]
    return cut + _CUT


def write(request: Request, path: Path) -> None:
    """The workbook at ``path``; a text longer than a cell holds is cut, and said in ``request.notes``.

    Built in memory and written in one go, so that a full disk is one OSError, not xlsxwriter's own exception
    (and a half-closed zip file complaining when it is collected).
    """
    import io

    import xlsxwriter  # type: ignore[import-untyped]

    built = sorted(tables(request.catalog), key=lambda t: _ORDER.index(t.name) if t.name in _ORDER else len(_ORDER))
    for table in built:
        if len(table.rows) >= _ROWS or len(table.columns) > _COLUMNS:
            raise AifxError(
                f"{path.name}: the {_sheet_name(table)} sheet would have {len(table.rows) + 1:,} rows and "
                f"{len(table.columns):,} columns; Excel holds {_ROWS:,} and {_COLUMNS:,}: use sqlite or datapackage"
            )
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True}
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, options)
    try:
        formats = {
            "head": book.add_format({"bold": True, "bottom": 1}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
            "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        }
        for table in built:
            _table(book, table, formats, request.notes)
        _about(book, request.catalog, built, formats, request.notes)
    finally:
        book.close()
    path.write_bytes(buffer.getvalue())


def _string(sheet: Any, row: int, col: int, text: str, *, where: str, notes: list[str], style: Any = None) -> int:
    """Write a text cell, cut to Excel's limit with a note naming ``where`` if it is longer; its length shown."""
    cut = _fit(text)
    if cut is not None:
        notes.append(
            f"xlsx: {where}: {_units(text):,} characters, cut to {_CELL:,} (Excel's limit per cell); "
            "the other formats keep the whole text"
        )
        text = cut
    sheet.write_string(row, col, text, style)
    return len(text)


def _about(book: Any, catalog: Catalog, built: list[Table], formats: dict[str, Any], notes: list[str]) -> None:
    """The last sheet: what the data is, its licence and attribution, how lists read, and what each sheet holds."""
    sheet = book.add_worksheet(ABOUT)
    dataset = catalog.dataset
    lines: list[tuple[str, str | dt.date]] = [
        ("Title", TITLE),
        ("Version", dataset.version if dataset else "unknown"),
        ("As of", dataset.as_of if dataset else "unknown"),
        ("Licence", dataset.licence if dataset else "CC BY 4.0"),
        ("Licence URL", LICENCE_URL),
        ("Attribution", dataset.attribution if dataset else "aifx dataset"),
        ("Written by", f"aifx {__version__}"),
        ("Lists", LISTS),
        ("", ""),
        ("Sheet", "What it holds"),
        *((_sheet_name(t), t.description) for t in built),
    ]
    for row, (name, value) in enumerate(lines):
        sheet.write_string(row, 0, name, formats["head"] if row == 0 or name == "Sheet" else None)
        if isinstance(value, dt.date):
            sheet.write_datetime(row, 1, dt.datetime.combine(value, dt.time()), formats["date"])
        else:
            where = f"About sheet, {name or 'row ' + str(row + 1)}"
            _string(sheet, row, 1, value, where=where, notes=notes, style=formats["wrap"])
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 100)


def _table(book: Any, table: Table, formats: dict[str, Any], notes: list[str]) -> None:
    """One sheet: header frozen and filterable, numbers as numbers, dates as dates, text as text."""
    sheet = book.add_worksheet(_sheet_name(table))
    widths = [len(c.name) for c in table.columns]
    keys = [table.columns.index(c) for c in table.columns if c.name in table.key]  # what names a row in a note
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, column.name, formats["head"])
        if column.description:
            sheet.write_comment(0, col, column.description)
    for r, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            kind = table.columns[col].type
            if value is None or value == []:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, col, value)
                shown = 5
            elif isinstance(value, int | float) and kind in (Type.integer, Type.number):
                sheet.write_number(r, col, value)
                shown = len(f"{value:g}")
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, col, dt.datetime.combine(value, dt.time()), formats["date"])
                shown = 10
            else:
                record = "/".join(str(row[k]) for k in keys)
                where = f"{_sheet_name(table)} sheet, record {record}, field {table.columns[col].name}"
                shown = _string(sheet, r, col, _text(value), where=where, notes=notes)
            widths[col] = max(widths[col], shown)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, _WIDEST) + 2)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)

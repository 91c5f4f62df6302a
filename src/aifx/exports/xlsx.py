"""A spreadsheet: an About sheet, then one sheet per table with real numbers and dates, and never a formula.

xlsxwriter is imported here only, so only this format pays for it. Every text cell is written as a string
(``strings_to_formulas``, ``strings_to_urls`` and ``strings_to_numbers`` off besides): ``=HYPERLINK(…)`` in the
data stays text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aifx.exports.columns import Plain, Table, Type
from aifx.exports.sqlite import LICENCE_URL
from aifx.exports.tables import tables
from aifx.version import __version__

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog
    from aifx.exports import Request

_ORDER = ("factories", "initiatives", "waves", "systems", "events", "claims", "figures", "top500", "citations")
_WIDEST = 60  # characters; longer text wraps in the cell's row when opened, the column stays readable


def _sheet_name(table: Table) -> str:
    return table.name.capitalize()[:31]


def _text(value: Plain) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value)


def write(request: Request, path: Path) -> None:
    """The workbook at ``path``."""
    import xlsxwriter  # type: ignore[import-untyped]

    built = sorted(tables(request.catalog), key=lambda t: _ORDER.index(t.name) if t.name in _ORDER else len(_ORDER))
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    book = xlsxwriter.Workbook(str(path), options)
    try:
        formats = {
            "head": book.add_format({"bold": True, "bottom": 1}),
            "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        }
        _about(book, request.catalog, built, formats)
        for table in built:
            _table(book, table, formats)
    finally:
        book.close()


def _about(book: Any, catalog: Catalog, built: list[Table], formats: dict[str, Any]) -> None:
    """The first sheet: what the data is, its licence and attribution, and what each sheet holds."""
    sheet = book.add_worksheet("About")
    dataset = catalog.dataset
    lines: list[tuple[str, str | dt.date]] = [
        ("Title", "aifx: Europe's AI Factories, sourced"),
        ("Version", dataset.version if dataset else "unknown"),
        ("As of", dataset.as_of if dataset else "unknown"),
        ("Licence", dataset.licence if dataset else "CC BY 4.0"),
        ("Licence URL", LICENCE_URL),
        ("Attribution", dataset.attribution if dataset else "aifx dataset"),
        ("Written by", f"aifx {__version__}"),
        ("", ""),
        ("Sheet", "What it holds"),
        *((_sheet_name(t), t.description) for t in built),
    ]
    for row, (name, value) in enumerate(lines):
        sheet.write_string(row, 0, name, formats["head"] if row in (0, 8) or not value else None)
        if isinstance(value, dt.date):
            sheet.write_datetime(row, 1, dt.datetime.combine(value, dt.time()), formats["date"])
        else:
            sheet.write_string(row, 1, value)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 100)


def _table(book: Any, table: Table, formats: dict[str, Any]) -> None:
    """One sheet: header frozen and filterable, numbers as numbers, dates as dates, text as text."""
    sheet = book.add_worksheet(_sheet_name(table))
    widths = [len(c.name) for c in table.columns]
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
                text = _text(value)
                sheet.write_string(r, col, text)
                shown = len(text)
            widths[col] = max(widths[col], shown)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, _WIDEST) + 2)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)

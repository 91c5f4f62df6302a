"""The timeline for reading: rows for machine formats, and on a terminal grouped by month with numbered sources."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from aifx.core.history import TIMELINE, Entry, dump, when
from aifx.dataset.catalog import Catalog
from aifx.dataset.vocabulary import Precision, Verification
from aifx.present import tables
from aifx.present.cards import describe
from aifx.present.views import CardView, Line, TableView


def view(entries: Sequence[Entry], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """The timeline as rows for machine formats, and for a terminal grouped by month with numbered sources."""
    table = tables.table(
        TIMELINE,
        entries,
        catalog,
        columns,
        title=f"Timeline: {len(entries)} event{'s' if len(entries) != 1 else ''}",
        dump=dump if full_json else None,
    )
    return replace(table, reading=_reading(entries, catalog, table.title) if full_json else None)


def _reading(entries: Sequence[Entry], catalog: Catalog, title: str) -> CardView:
    numbers: dict[str, int] = {}
    lines: list[Line] = []
    month = ""
    for entry in entries:
        heading = entry.date.strftime("%B %Y") if entry.precision is not Precision.year else str(entry.date.year)
        if heading != month:
            lines.append(Line(heading, "", style="section"))
            month = heading
        refs = tuple(numbers.setdefault(s, len(numbers) + 1) for s in entry.sources)
        concerns = f" ({', '.join(entry.records)})" if entry.records else ""
        weak = entry.verification is Verification.unconfirmed
        lines.append(Line(when(entry), f"{entry.kind}: {entry.title}{concerns}", refs, style="weak" if weak else ""))
    footnotes = [(n, describe(catalog.sources[s]) if s in catalog.sources else s) for s, n in numbers.items()]
    return CardView(title, lines, footnotes, {})

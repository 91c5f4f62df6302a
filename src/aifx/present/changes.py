"""What changed between two dates, for reading: one row per change for machine formats, and on a terminal grouped by
record (new events together, new sources counted) with numbered sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from aifx.core.changes import CHANGES, KINDS, Change, dump
from aifx.core.differences import ADDED, CITED, CLAIM, REMOVED, STATUS
from aifx.dataset.catalog import Catalog
from aifx.present import tables
from aifx.present.cards import Refs
from aifx.present.views import CardView, Line, TableView

_OWN = ("sources", "supercomputer")  # citations of the item itself, not of one of its facts


def view(
    found: Sequence[Change],
    catalog: Catalog,
    columns: Sequence[str],
    *,
    since: dt.date,
    until: dt.date,
    full_json: bool,
) -> TableView:
    """The changes as rows for machine formats, and for a terminal grouped by record with numbered sources."""
    count = f"{len(found)} change{'s' if len(found) != 1 else ''}"
    title = f"Changes from {since.isoformat()} to {until.isoformat()}: {count}"
    table = tables.table(CHANGES, found, catalog, columns, title=title, dump=dump if full_json else None)
    return replace(table, reading=reading(found, catalog, title) if full_json else None)


def reading(found: Sequence[Change], catalog: Catalog, title: str) -> CardView:
    """One section per record, system, chip or wave (its changes by date), then the new events, then the new sources
    (listed when they are all there is, else counted)."""
    refs = Refs(catalog)
    groups: dict[str, list[Change]] = {}
    for change in found:
        group = change.kind if change.kind in ("event", "source") else change.record
        groups.setdefault(group, []).append(change)

    def order(item: tuple[str, list[Change]]) -> tuple[int, dt.date, str]:
        first = item[1][0]
        return KINDS.index(first.kind), first.date, first.record

    lines: list[Line] = []
    for group, changes in sorted(groups.items(), key=order):
        if group == "source" and len(groups) > 1:
            lines += [Line("New sources", "", style="section"), Line("", _counted(changes))]
            continue
        first = changes[0]
        heading = {"event": ("Events", ""), "source": ("Sources", "")}.get(group, (first.record, first.title))
        lines.append(Line(*heading, style="section"))
        lines += _lines(changes, refs)
    return CardView(title, lines, refs.footnotes(), {})


def _counted(changes: list[Change]) -> str:
    n = len(changes)
    return f"{n} new source{'s' if n != 1 else ''} (--kind source lists them; each change above cites its own)"


def _lines(changes: list[Change], refs: Refs) -> list[Line]:
    """A group's lines by date; the item's own new citations on one day, one line."""
    lines: list[Line] = []
    cited: dict[dt.date, list[str]] = {}
    for change in changes:
        if change.change == CITED and change.field in _OWN:
            cited.setdefault(change.date, []).extend(change.sources)
            continue
        lines.append(Line(change.date.isoformat(), sentence(change), refs(list(change.sources)), _style(change)))
    for day, ids in cited.items():
        lines.append(Line(day.isoformat(), "newly cited", refs(list(dict.fromkeys(ids)))))
    return sorted(lines, key=lambda line: line.label)  # a stable sort: by date, each day in the order above


def _style(change: Change) -> str:
    return "weak" if change.change == REMOVED or (change.new or "").endswith("— deprecated") else ""


def sentence(change: Change) -> str:
    """A change in words: 'budget: €75 million → €67.5 million', 'status: selected → operational'."""
    field = change.field or change.kind
    if change.kind in ("event", "source") and change.change != ADDED:
        field = f"{change.record} {field}"  # under Events or Sources, the item's id says which
    if change.change == ADDED:
        if change.kind == "event":
            concerns = [r for r in change.about if r != change.record]
            return change.title + (f" ({', '.join(concerns)})" if concerns else "")
        return f"new {change.kind}: {change.new}"
    if change.change == REMOVED:
        return f"{field} removed: {change.old}"
    if change.change == CITED:
        return f"{field}: newly cited" if change.new is None else f"{field}: {change.new}, also stated by"
    if change.change == CLAIM and change.old is None:
        return f"{field}: {change.new}"
    if change.change == STATUS and change.event is not None:
        return f"{field}: {change.old} → {change.new} ({change.event})"
    return f"{field}: {change.old or '—'} → {change.new or '—'}"

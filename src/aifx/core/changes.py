"""What the dataset learned between two dates: the catalog as known on each (``as_of``, --as-of's rule), compared.

Under that rule nothing known is forgotten: a later source adds claims and citations but takes none away (a claim it
contradicts stays, marked deprecated in the data), so between two dates there are only additions: new items, new
claims and figures (which may replace a headline: old → new), new citations, a status or a verification that moved,
references to what now exists (aifx.core.differences compares any two catalogs, and would report a removal).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aifx.core.differences import CHANGE_KINDS, KINDS, Change, diff
from aifx.core.fields import FieldSpec, Registry, Type, by_name
from aifx.core.history import as_of
from aifx.core.values import NA, Cell
from aifx.dataset.catalog import COLLECTIONS, Catalog

__all__ = ["CHANGES", "CHANGE_KINDS", "KINDS", "Change", "changes", "daily", "days", "dump"]


def changes(catalog: Catalog, since: dt.date | None, until: dt.date) -> list[Change]:
    """What the catalog learned from ``since`` through ``until``, both included: the catalog as known the day before
    ``since`` compared with it as known on ``until`` (from nothing when ``since`` is None)."""
    if since is None:
        return diff(Catalog.build(catalog.dataset, {}), as_of(catalog, until), on=until)
    eve = since - dt.timedelta(days=1)
    return diff(as_of(catalog, eve), as_of(catalog, until), then=eve, on=until)


def daily(catalog: Catalog, since: dt.date | None, until: dt.date) -> list[Change]:
    """The same changes day by day: on each day something can become known, what the catalog learned that day
    (``changes(catalog, day, day)``), so that each change reads against the day before it (€100 million → €120
    million, where one window from nothing has only the €120 million). Between two such days the catalog as known
    stays the same, so the days cover the window."""
    found: list[Change] = []
    eve = since - dt.timedelta(days=1) if since is not None else None
    before = as_of(catalog, eve) if eve is not None else Catalog.build(catalog.dataset, {})
    for day in days(catalog):
        if (since is None or day >= since) and day <= until:
            after = as_of(catalog, day)
            found += diff(before, after, then=eve, on=day)
            before, eve = after, day
    return found


def days(catalog: Catalog) -> list[dt.date]:
    """Every date the catalog holds (publications, retrievals, selections, announcements, events…), in order: the
    catalog as known can change on these days only."""
    found = {
        value
        for collection in COLLECTIONS
        for item in getattr(catalog, collection.name).values()
        for value in dict(item).values()
        if isinstance(value, dt.date)
    }
    return sorted(found)


def _fields() -> dict[str, FieldSpec[Change]]:
    def text(name: str, help_: str, get: Any, cell: Cell) -> FieldSpec[Change]:
        return FieldSpec[Change](name, help_, lambda c, _: get(c), cell=cell)

    return by_name(
        FieldSpec[Change]("date", "the day it became known", lambda c, _: c.date, type=Type.date),
        text("record", "the item's id (wave-N for a wave): aifx show opens it", lambda c: c.record, Cell.key),
        text("kind", "what the item is: " + ", ".join(KINDS), lambda c: c.kind, Cell.code),
        text("change", "what happened: " + ", ".join(CHANGE_KINDS), lambda c: c.change, Cell.code),
        text(
            "field", "the field or fact that changed (empty: the item as a whole)", lambda c: c.field or NA, Cell.short
        ),
        text("old", "its value before (empty: none)", lambda c: c.old if c.old is not None else NA, Cell.prose),
        text("new", "its value after", lambda c: c.new if c.new is not None else NA, Cell.prose),
        FieldSpec[Change](
            "sources",
            "ids of the sources that changed it",
            lambda c, _: list(c.sources),
            type=Type.list,
            cell=Cell.keys,
        ),
        text("event", "the event that set a status", lambda c: c.event or NA, Cell.key),
        text("title", "the item's name, or an event's or a source's title", lambda c: c.title, Cell.prose),
        FieldSpec[Change](
            "countries", "the countries it concerns", lambda c, _: list(c.countries), type=Type.list, cell=Cell.code
        ),
        FieldSpec[Change]("about", "every id it concerns", lambda c, _: list(c.about), type=Type.list, cell=Cell.keys),
        text("id", "an id for this change, the same on every run", lambda c: c.key, Cell.key),
    )


CHANGES: Registry[Change] = Registry(
    fields=_fields(),
    default=("date", "record", "kind", "change", "field", "old", "new", "sources", "event"),
    priority=("date", "record", "change", "field", "new", "old", "kind", "sources", "event"),
)


def dump(change: Change) -> dict[str, Any]:
    """A change as JSON: every field, the old and new values as data too (a claim with its euro value)."""
    return {
        "id": change.key,
        "date": change.date.isoformat(),
        "record": change.record,
        "kind": change.kind,
        "change": change.change,
        "field": change.field,
        "old": change.old,
        "new": change.new,
        "sources": list(change.sources),
        "event": change.event,
        "title": change.title,
        "countries": list(change.countries),
        "about": list(change.about),
        "old_value": change.old_value,
        "new_value": change.new_value,
    }

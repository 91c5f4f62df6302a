"""Rows of any registry's fields as a table: the one place a registry becomes a TableView."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from aifx.core.fields import Registry
from aifx.core.values import jsonable
from aifx.dataset.catalog import Catalog
from aifx.present.views import TableView

T = TypeVar("T")


def table(
    registry: Registry[T],
    items: Sequence[T],
    catalog: Catalog,
    columns: Sequence[str],
    *,
    title: str,
    dump: Callable[[T], dict[str, Any]] | None = None,
    notes: Sequence[str] = (),
    **extra: Any,
) -> TableView:
    """Items as rows of a registry's chosen columns; JSON carries ``dump(item)`` when given, else the columns.

    A key means the same in both: a field with its own JSON (``FieldSpec.dump``) gives it to the columns and to
    ``dump(item)``'s key of that name (added if ``dump`` lacks it).
    """
    specs = [registry.fields[c] for c in columns]
    rows = [[spec.get(item, catalog) for spec in specs] for item in items]

    def dumps() -> list[dict[str, Any]]:
        if dump is not None:
            return [full(registry, item, catalog, dump(item)) for item in items]
        return [
            {
                s.name: s.json(item, catalog) if s.dump is not None else jsonable(v)
                for s, v in zip(specs, row, strict=True)
            }
            for item, row in zip(items, rows, strict=True)
        ]

    return TableView(
        title,
        list(columns),
        rows,
        [],
        notes=list(notes),
        cells={s.name: s.shape for s in specs},
        # A bar (extra["bar_label"]) may hold a place in the priority too, though it is no column.
        priority=[c for c in registry.priority if c in columns or c == extra.get("bar_label")],
        lazy_records=dumps,
        **extra,
    )


def full(registry: Registry[T], item: T, catalog: Catalog, stored: dict[str, Any]) -> dict[str, Any]:
    """An item's full JSON: ``stored`` (the record as the dataset holds it) with each field that has its own JSON
    under its name, so that a listing's full JSON, its --columns JSON and a card's JSON agree key by key."""
    return stored | {s.name: s.json(item, catalog) for s in registry.fields.values() if s.dump is not None}

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
    """Items as rows of a registry's chosen columns; JSON carries ``dump(item)`` when given, else the columns."""
    specs = [registry.fields[c] for c in columns]
    rows = [[spec.get(item, catalog) for spec in specs] for item in items]

    def dumps() -> list[dict[str, Any]]:
        if dump is not None:
            return [dump(item) for item in items]
        return [{c: jsonable(v) for c, v in zip(columns, row, strict=True)} for row in rows]

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

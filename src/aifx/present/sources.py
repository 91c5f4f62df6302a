"""Tables about sources: every source and what cites it, one record's numbered sources, stale sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aifx.core.sourcing import SOURCES, cited
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog, Record
from aifx.dataset.models import Source
from aifx.present import tables
from aifx.present.views import TableView


def sources(picked: Sequence[Source], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """Sources and what cites them; JSON carries every field unless columns were chosen."""

    def dump(s: Source) -> dict[str, object]:
        return {**s.model_dump(mode="json"), "cited_by": catalog.citing(s.id)}

    return tables.table(SOURCES, picked, catalog, columns, title="Sources", dump=dump if full_json else None)


def source_list(record: Record, catalog: Catalog) -> TableView:
    """A record's sources, numbered, for ``show --sources``."""
    picked = cited(record, catalog)
    columns = ["n", "id", "kind", "published", "retrieved", "publisher", "title", "url"]
    rows = [
        [i + 1, s.id, s.kind.value, s.published, s.retrieved, s.publisher, s.title, s.url] for i, s in enumerate(picked)
    ]
    cells = {c: SOURCES.fields[c].shape for c in columns[1:]} | {"n": Cell.number}
    priority = ["n", "id", "url", "published", "kind", "publisher", "title", "retrieved"]
    return TableView(
        f"Sources of {record.id}",
        columns,
        rows,  # type: ignore[arg-type]
        [s.model_dump(mode="json") for s in picked],
        cells=cells,
        priority=priority,
        more="--wide, -f plain",
    )


def stale(catalog: Catalog, before: dt.date) -> TableView:
    """Sources last retrieved before ``before``, oldest first, with what cites them."""
    old = sorted((s for s in catalog.sources.values() if s.retrieved < before), key=lambda s: (s.retrieved, s.id))
    columns = ["id", "retrieved", "kind", "publisher", "url", "cited_by"]
    notes = [f"{len(old)} of {len(catalog.sources)} sources last checked before {before}"]
    return tables.table(
        SOURCES, old, catalog, columns, title="Stale sources", dump=lambda s: s.model_dump(mode="json"), notes=notes
    )

"""Tables about sources: every source and what cites it, one record's numbered sources, stale sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from aifx.core.fields import FieldSpec, Registry, Type, by_name
from aifx.dataset.catalog import Catalog, Record, cited_by
from aifx.dataset.models import Source
from aifx.present.views import Cell, TableView

SOURCES: Registry[Source] = Registry(
    fields=by_name(
        FieldSpec[Source]("id", "the id records cite", lambda s, c: s.id, cell=Cell.key),
        FieldSpec[Source]("kind", "official, news, blog or other", lambda s, c: s.kind.value, cell=Cell.code),
        FieldSpec[Source](
            "official",
            "published by the programme, a government or a host",
            lambda s, c: s.official,
            type=Type.bool,
        ),
        FieldSpec[Source]("publisher", "who published it", lambda s, c: s.publisher, cell=Cell.prose),
        FieldSpec[Source]("published", "publication date (unknown: undated)", lambda s, c: s.published, type=Type.date),
        FieldSpec[Source]("retrieved", "when last read", lambda s, c: s.retrieved, type=Type.date),
        FieldSpec[Source]("title", "the page's title", lambda s, c: s.title, cell=Cell.prose),
        FieldSpec[Source]("url", "where to read it", lambda s, c: s.url, cell=Cell.url),
        FieldSpec[Source](
            "cited_by", "records and waves citing it", lambda s, c: c.citing(s.id), type=Type.list, cell=Cell.keys
        ),
        FieldSpec[Source]("notes", "what a reader should know", lambda s, c: s.notes, cell=Cell.prose),
    ),
    default=("id", "kind", "published", "publisher", "title", "url", "cited_by"),
    priority=("id", "kind", "published", "url", "publisher", "title", "cited_by", "retrieved"),
)


def cited(record: Record, catalog: Catalog) -> list[Source]:
    """A record's sources in the order it cites them: its own first, then its claims' and system's."""
    ids = sorted(
        cited_by(record),
        key=lambda s: (s not in record.sources, record.sources.index(s) if s in record.sources else 0, s),
    )
    return [catalog.sources[s] for s in ids]


def sources(picked: Sequence[Source], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """Sources and what cites them; JSON carries every field unless columns were chosen."""

    def dump(s: Source) -> dict[str, object]:
        return {**s.model_dump(mode="json"), "cited_by": catalog.citing(s.id)}

    return SOURCES.table(picked, catalog, columns, title="Sources", dump=dump if full_json else None)


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
    return SOURCES.table(
        old, catalog, columns, title="Stale sources", dump=lambda s: s.model_dump(mode="json"), notes=notes
    )

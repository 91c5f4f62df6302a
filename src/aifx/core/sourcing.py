"""Sources as fields to list (what each is, what cites it) and the order a record cites them in."""

from __future__ import annotations

from aifx.core.fields import FieldSpec, Registry, Type, by_name
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog, Record, cited_by
from aifx.dataset.models import Source

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

"""Sources as fields to list (what each is, what cites it) and the order a record cites them in."""

from __future__ import annotations

from aifx.core.fields import FieldSpec, Registry, Type, fields_of
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog, Record, cited_by
from aifx.dataset.models import Source

SOURCES: Registry[Source] = Registry(
    fields=fields_of(
        Source,
        {
            "kind": ["kind", "official"],
            "notes": [
                FieldSpec[Source](
                    "cited_by",
                    "records and waves citing it",
                    lambda s, c: c.citing(s.id),
                    type=Type.list,
                    cell=Cell.keys,
                ),
                "notes",
            ],
        },
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

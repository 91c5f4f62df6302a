"""Sources as fields to list (what each is, what cites it), the order an item cites them in, and every fact that
cites one source."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from aifx.core.fields import FieldSpec, Registry, Type, fields_of
from aifx.core.history import Entry
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog, Record, cited_by
from aifx.dataset.models import (
    Bid,
    Chip,
    Claim,
    Event,
    Factory,
    Figure,
    Member,
    Site,
    Source,
    Supercomputer,
    System,
    Top500,
    Wave,
)

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


Cites = Record | Bid | Wave | Event | System | Chip | Entry | Source  # what can be asked for its sources


def cited(item: Cites, catalog: Catalog) -> list[Source]:
    """An item's sources in the order it cites them: its own first, then its claims', figures' and system's (a
    source: itself)."""
    if isinstance(item, Source):
        return [item]
    own = list(item.sources)
    every = set(own) if isinstance(item, Entry) else cited_by(item)
    ids = sorted(every, key=lambda s: (s not in own, own.index(s) if s in own else 0, s))
    return [catalog.sources[s] for s in ids if s in catalog.sources]


Fact = Claim | Figure | Top500 | Supercomputer | Site | Member


@dataclass(frozen=True)
class Citation:
    """One place a source is cited: the item (its kind, the id that opens it, its name) and the part of it, with
    the fact itself when the part is a claim or figure; ``fact`` is None where the item as a whole cites it."""

    kind: str  # factory, antenna, initiative, bid, wave, system, chip or event
    id: str
    name: str
    part: str  # "sources" (the item's own), "budget claim 2", "supercomputer", "performance FP8", "TOP500 2025-11", …
    fact: Fact | None = None


def citations(source_id: str, catalog: Catalog) -> list[Citation]:
    """Every fact, record, claim, figure, chip and event that cites a source, item by item in dataset order."""
    return [c for item in _cited_items(catalog) for c in _parts(item) if source_id in _ids(c.fact, item)]


Cited = Record | Bid | Wave | System | Chip | Event


def _cited_items(catalog: Catalog) -> Iterator[Cited]:
    yield from catalog.records()
    yield from catalog.bids.values()
    yield from catalog.waves.values()
    yield from catalog.systems.values()
    yield from catalog.chips.values()
    yield from catalog.events.values()


def _parts(item: Cited) -> Iterator[Citation]:
    """Each part of an item that cites sources, as a citation without its source."""
    kind, key, name = _who(item)
    yield Citation(kind, key, name, "sources")
    if isinstance(item, Bid):
        yield from (Citation(kind, key, name, f"size claim {n}", c) for n, c in enumerate(item.size, 1))
        yield from (Citation(kind, key, name, f"site {s.place}", s) for s in item.sites)
        yield from (Citation(kind, key, name, f"member {m.name}", m) for m in item.members)
        return
    if not isinstance(item, System | Chip | Event):  # a factory's, an initiative's or a wave's claims
        claims = item.totals if isinstance(item, Wave) else item.budget
        label = "total claim" if isinstance(item, Wave) else "budget claim"
        yield from (Citation(kind, key, name, f"{label} {n}", c) for n, c in enumerate(claims, 1))
    if isinstance(item, Factory) and item.supercomputer is not None:
        yield Citation(kind, key, name, "supercomputer", item.supercomputer)
    if isinstance(item, System):
        for a in item.accelerators:
            yield from (Citation(kind, key, name, f"count of {a.model}", f) for f in a.count)
        yield from (Citation(kind, key, name, f"performance {f.precision or ''}".strip(), f) for f in item.performance)
        yield from (Citation(kind, key, name, "power", f) for f in item.power_mw)
        yield from (Citation(kind, key, name, f"TOP500 {t.edition}", t) for t in item.top500)


def _who(item: Cited) -> tuple[str, str, str]:
    """An item's kind, the id that opens it in ``aifx show``, and its name."""
    if isinstance(item, Factory):
        return item.kind.value, item.id, item.name
    if isinstance(item, Wave):
        return "wave", f"wave-{item.number}", f"Wave {item.number}"
    if isinstance(item, Event):
        return "event", item.id, item.title
    if isinstance(item, Bid):
        return "bid", item.id, item.name
    kind = "system" if isinstance(item, System) else ("chip" if isinstance(item, Chip) else "initiative")
    return kind, item.id, item.name


def _ids(fact: Fact | None, item: Cited) -> list[str]:
    return list(fact.sources if fact is not None else item.sources)

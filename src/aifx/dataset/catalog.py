"""The loaded dataset: every record by id, plus the lookups commands share."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aifx.dataset.models import (
    Bid,
    Chip,
    Claim,
    Dataset,
    Event,
    Factory,
    Initiative,
    Member,
    Model,
    Site,
    Source,
    System,
    Wave,
)
from aifx.dataset.vocabulary import Kind, Rank, SourceKind, Verification
from aifx.text.suggest import fold

Record = Factory | Initiative


@dataclass(frozen=True)
class Collection:
    """One kind of stored item: its name (the YAML key, the Catalog attribute, the export table), model and key."""

    name: str
    model: type[Model]
    key: Callable[[Any], str | int]
    order: Callable[[Any], Any] | None = None  # how merged files are ordered; None keeps file order

    def index(self, items: Iterable[Any]) -> dict[Any, Any]:
        """The items by key, in the collection's order (a stable sort: file order among equals)."""
        ordered = items if self.order is None else sorted(items, key=self.order)
        return {self.key(item): item for item in ordered}


# The one list of collections: loading, the cache, --as-of, counts and exports all go through it.
COLLECTIONS: tuple[Collection, ...] = (
    Collection("sources", Source, lambda s: s.id),
    Collection("waves", Wave, lambda w: w.number, order=lambda w: w.number),
    Collection("factories", Factory, lambda r: r.id, order=lambda r: r.kind is Kind.antenna),  # factories first
    Collection("initiatives", Initiative, lambda r: r.id),
    Collection("events", Event, lambda e: e.id, order=lambda e: e.date),
    Collection("systems", System, lambda s: s.id),
    Collection("chips", Chip, lambda c: c.id),
    Collection("bids", Bid, lambda b: b.id),
)


@dataclass(frozen=True)
class Catalog:
    """All records of one dataset directory, validated and cross-checked; ``aifx.load()`` returns one.

    ``factories`` (AI Factories and Antennas), ``initiatives``, ``bids`` (AI gigafactory bids), ``sources``,
    ``systems`` and ``events`` map ids to frozen pydantic records, ``waves`` maps wave numbers to waves, in file order.
    """

    dataset: Dataset | None
    sources: dict[str, Source]
    waves: dict[int, Wave]
    factories: dict[str, Factory]
    initiatives: dict[str, Initiative]
    events: dict[str, Event] = field(default_factory=dict)
    systems: dict[str, System] = field(default_factory=dict)
    chips: dict[str, Chip] = field(default_factory=dict)
    bids: dict[str, Bid] = field(default_factory=dict)
    _names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _citations: dict[str, list[str]] = field(default_factory=dict, repr=False, compare=False)
    _links: dict[str, dict[str, list[str]]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for record in self.records():
            for name in (record.id, record.name, *record.aliases):
                self._names.setdefault(fold(name), record.id)
        for record in self.records():  # after every exact name, so that an exact name always wins
            for name in (record.id, record.name, *record.aliases):
                if _PUNCTUATION & set(name):
                    self._names.setdefault(_loose(name), record.id)

    @classmethod
    def build(cls, dataset: Dataset | None, items: Mapping[str, Iterable[Any]]) -> Catalog:
        """The one way to make a Catalog: each collection's items (by name) keyed and put in its order."""
        return cls(dataset, **{c.name: c.index(items.get(c.name, ())) for c in COLLECTIONS})

    def counts(self) -> dict[str, int]:
        """How many items each collection holds, in the order of COLLECTIONS."""
        return {c.name: len(getattr(self, c.name)) for c in COLLECTIONS}

    def items(self, collection: Collection) -> list[Any]:
        """One collection's items, in order."""
        return list(getattr(self, collection.name).values())

    def records(
        self, *, kind: str | None = None, wave: int | None = None, country: str | None = None
    ) -> Iterator[Record]:
        """Factories and antennas first, then initiatives, in file order; optionally only one kind (factory,
        antenna or initiative), one wave or one host country (ISO code).
        """
        everything: list[Record] = [*self.factories.values(), *self.initiatives.values()]
        for record in everything:
            shown = record.kind.value if isinstance(record, Factory) else "initiative"
            if kind is not None and shown != kind:
                continue
            if wave is not None and getattr(record, "wave", None) != wave:
                continue
            if country is not None and record.country != country.upper():
                continue
            yield record

    def get(self, query: str) -> Record | None:
        """The record whose id, name or alias equals ``query``, ignoring case, accents, hyphens and dots."""
        record_id = self._names.get(fold(query)) or self._names.get(_loose(query))
        if record_id is None:
            return None
        return self.factories.get(record_id) or self.initiatives.get(record_id)

    def system(self, query: str) -> System | None:
        """The system whose id, name or alias equals ``query``, ignoring case and accents."""
        wanted = fold(query)
        return next((s for s in self.systems.values() if wanted in {fold(n) for n in (s.id, s.name, *s.aliases)}), None)

    def bid(self, query: str) -> Bid | None:
        """The gigafactory bid whose id, name or alias equals ``query``, ignoring case, accents, hyphens and dots."""
        wanted = {fold(query), _loose(query)}
        return next(
            (
                b
                for b in self.bids.values()
                if wanted & {f(n) for n in (b.id, b.name, *b.aliases) for f in (fold, _loose)}
            ),
            None,
        )

    def systems_of(self, factory_id: str) -> list[System]:
        """The systems serving a factory or antenna, whichever side of the link names it: those its
        ``supercomputer.systems`` lists (in that order), then the systems whose ``factories`` name it (file order)."""
        return [self.systems[s] for s in self._linked("systems").get(factory_id, [])]

    def factories_of(self, system_id: str) -> list[Factory]:
        """The factories and antennas a system serves, whichever side of the link names it: those its ``factories``
        lists (in that order), then those whose ``supercomputer.systems`` name it (file order)."""
        return [self.factories[f] for f in self._linked("factories").get(system_id, [])]

    def _linked(self, side: str) -> dict[str, list[str]]:
        """Both sides of the factory–system link as two indexes, built once; ids not in the catalog left out."""
        if not self._links:
            systems: dict[str, list[str]] = {}
            factories: dict[str, list[str]] = {}
            for f in self.factories.values():
                for sid in f.supercomputer.systems if f.supercomputer else []:
                    systems.setdefault(f.id, []).append(sid)
            for s in self.systems.values():
                for fid in s.factories:
                    factories.setdefault(s.id, []).append(fid)
                    systems.setdefault(fid, []).append(s.id)
            for fid, sids in systems.items():
                for sid in sids:
                    factories.setdefault(sid, []).append(fid)
            self._links["systems"] = {k: [i for i in dict.fromkeys(v) if i in self.systems] for k, v in systems.items()}
            self._links["factories"] = {
                k: [i for i in dict.fromkeys(v) if i in self.factories] for k, v in factories.items()
            }
        return self._links[side]

    def citing(self, source_id: str) -> list[str]:
        """Which records and waves cite a source; the index is built once, in one pass over the records."""
        if not self._citations:
            items: list[tuple[str, Record | Wave | Event | System | Chip | Bid]] = [(r.id, r) for r in self.records()]
            items += [(f"wave {w.number}", w) for w in self.waves.values()]
            items += [(f"event {e.id}", e) for e in self.events.values()]
            items += [(f"system {s.id}", s) for s in self.systems.values()]
            items += [(f"chip {c.id}", c) for c in self.chips.values()]
            items += [(f"bid {b.id}", b) for b in self.bids.values()]
            for name, item in items:
                for sid in sorted(cited_by(item)):
                    self._citations.setdefault(sid, []).append(name)
        return list(self._citations.get(source_id, []))


def cited_by(item: Record | Wave | Event | System | Chip | Bid) -> set[str]:
    """Every source id a record, wave or event cites, its claims and supercomputer included (a bid: its size
    claims, sites and members)."""
    ids = set(item.sources)
    if isinstance(item, Event | Chip):
        return ids
    if isinstance(item, Bid):
        parts: list[Claim | Site | Member] = [*item.size, *item.sites, *item.members]
        return ids | {s for p in parts for s in p.sources}
    if isinstance(item, System):
        figures = [*item.performance, *item.power_mw, *(f for a in item.accelerators for f in a.count)]
        return ids | {s for f in figures for s in f.sources} | {s for t in item.top500 for s in t.sources}
    for claim in claims_of(item):
        ids.update(claim.sources)
    system = getattr(item, "supercomputer", None)
    if system is not None:
        ids.update(system.sources)
    return ids


def vouched(ids: Iterable[str], catalog: Catalog) -> Verification:
    """How far sources vouch for what has no verification of its own (a wave, a chip, a derived event): confirmed
    when one of them is official, else reported."""
    official = any((s := catalog.sources.get(i)) is not None and s.kind is SourceKind.official for i in ids)
    return Verification.confirmed if official else Verification.reported


def claims_of(item: Record | Wave | Bid) -> list[Claim]:
    """A record's budget claims, a wave's totals, or a bid's size claims."""
    if isinstance(item, Bid):
        return list(item.size)
    return list(item.totals) if isinstance(item, Wave) else list(item.budget)


def preferred(claims: list[Claim]) -> Claim | None:
    """The claim to show first: the preferred total, else the first non-deprecated one."""
    ranked = [c for c in claims if c.rank is not Rank.deprecated]
    for claim in ranked:
        if claim.rank is Rank.preferred and claim.scope.value == "total":
            return claim
    return next((c for c in ranked if c.scope.value == "total"), None)


_PUNCTUATION = frozenset("-_.")
_AS_SPACES = str.maketrans(dict.fromkeys("-_.", " "))


def _loose(text: str) -> str:
    """A folded name with hyphens, dots and underscores read as spaces: 'lumi af' finds LUMI-AF."""
    return " ".join(fold(text).translate(_AS_SPACES).split())

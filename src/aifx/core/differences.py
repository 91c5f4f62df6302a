"""How two catalogs differ, item by item and fact by fact: the changes ``aifx changes`` lists between two dates.

Each change is dated by the day its cause became known: an item's selection or announcement (else its first public
source), an event's date, the first public day of the sources that changed a fact, of what a new reference names.
A citation that goes is no change: a dated item with no source public yet cites its own until one is (see
``as_of``), and then only those.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

from aifx.core import facts
from aifx.core.facts import Fact, Label
from aifx.core.history import stages
from aifx.core.values import as_text
from aifx.dataset.catalog import COLLECTIONS, Catalog, cited_by
from aifx.dataset.models import Bid, Chip, Event, Factory, Initiative, Model, Source, Supercomputer, System, Wave
from aifx.dataset.plain import plain
from aifx.dataset.vocabulary import SourceKind

ADDED, CLAIM, CITED, STATUS, CHANGED, REMOVED = "added", "claim", "cited", "status", "changed", "removed"
CHANGE_KINDS = {
    ADDED: "a new item: a record, system, chip, wave, event or source",
    CLAIM: "a new claim or figure (old: the headline it replaces)",
    CITED: "a new source for an item or one of its claims",
    STATUS: "a status that moved, with the event that moved it",
    CHANGED: "another field: a verification, a link to what now exists",
    REMOVED: "an item or a fact gone (never between two dates: nothing known is forgotten)",
}
KINDS = ("wave", "factory", "antenna", "initiative", "bid", "system", "chip", "event", "source")
Item = Source | Wave | Factory | Initiative | Bid | Event | System | Chip


@dataclass(frozen=True)
class Change:
    """One thing the dataset learned: on ``date``, ``field`` of the item ``record`` (a ``kind``) went from ``old``
    to ``new`` (as people read them), because of ``sources`` (and ``event``, for a status)."""

    date: dt.date
    record: str  # the id that opens it: a record's, system's or chip's id, wave-N, an event's or a source's id
    kind: str  # what the item is: one of KINDS
    change: str  # what happened to it: one of CHANGE_KINDS
    field: str | None  # None for the item as a whole
    old: str | None
    new: str | None
    sources: tuple[str, ...]
    title: str  # the item's name, an event's or a source's title
    about: tuple[str, ...]  # every id it concerns: the item's, an event's records, the items citing a source
    countries: tuple[str, ...]
    event: str | None = None  # the event that set a status
    old_value: Any = None  # the fact or value as data (a claim with its euro value), for JSON
    new_value: Any = None

    @property
    def key(self) -> str:
        """An id for this change and no other, the same on every run: item, change, field, day, and a digest of what
        tells two changes of one field on one day apart (the new value and its sources)."""
        what = json.dumps([self.new_value, self.old_value, self.new, self.sources], sort_keys=True, default=str)
        digest = hashlib.sha256(what.encode()).hexdigest()[:12]
        return "/".join([self.kind, self.record, self.change, self.field or "", self.date.isoformat(), digest])


def diff(old: Catalog, new: Catalog, *, then: dt.date | None = None, on: dt.date | None = None) -> list[Change]:
    """Every difference from ``old`` (the catalog as known ``then``) to ``new`` (as known ``on``), item by item and
    fact by fact, oldest first. A source counts in a catalog once public by its day (a dated item with none public
    yet keeps its own, which are not news until they are public); without days, every source counts. ``on`` (else
    the new catalog's as_of) dates what has no date of its own."""
    horizon = on or (new.dataset.as_of if new.dataset else dt.date.today())
    context = _Context(old, new, horizon)
    found: list[Change] = []
    for collection in COLLECTIONS:
        before: dict[Any, Item] = _public(getattr(old, collection.name), then)
        after: dict[Any, Item] = _public(getattr(new, collection.name), on)
        for key, item in after.items():
            found += context.compare(before[key], item) if key in before else context.added(item)
        found += [context.whole(item, REMOVED) for key, item in before.items() if key not in after]
    rank = {c: i for i, c in enumerate(CHANGE_KINDS)}
    return sorted(found, key=lambda c: (c.date, KINDS.index(c.kind), c.record, rank[c.change], c.field or ""))


def _public(items: dict[Any, Item], day: dt.date | None) -> dict[Any, Item]:
    """A collection's items, sources only once public by ``day`` (all of them without one)."""
    if day is None:
        return items
    return {k: i for k, i in items.items() if not isinstance(i, Source) or (i.published or i.retrieved) <= day}


def item_id(item: Item) -> str:
    """The id an item is opened by: wave-N for a wave, else its own."""
    return f"wave-{item.number}" if isinstance(item, Wave) else item.id


def kind_of(item: Item) -> str:
    """What an item is: one of KINDS."""
    return item.kind.value if isinstance(item, Factory) else type(item).__name__.lower()


def title_of(item: Item) -> str:
    """An item's name, or an event's or a source's title."""
    if isinstance(item, Wave):
        return f"Wave {item.number}"
    return item.title if isinstance(item, Event | Source) else item.name


def arrival(item: Item, catalog: Catalog) -> dt.date | None:
    """The day an item came to be known: its selection or announcement, an event's date, a source's publication
    (else the day it was read), else the day its first source was."""
    if isinstance(item, Wave):
        return item.announced
    if isinstance(item, Event):
        return item.date
    if isinstance(item, Source):
        return item.published or item.retrieved
    if isinstance(item, Factory):
        wave = catalog.waves.get(item.wave) if item.wave is not None else None
        return item.selected or (wave.announced if wave else None) or _first(catalog, item.sources)
    if isinstance(item, Initiative) and item.announced is not None:
        return item.announced
    if isinstance(item, Bid) and (staged := stages(catalog, item.id)):
        return staged[0].date  # a bid exists from its first bid event, as --as-of has it
    return _first(catalog, item.sources)


# What a reference names: ids are unique within a collection only (ALICE-RECOQUE is an initiative and a system).
_NAMED = {
    "supercomputer.systems": ("systems",),
    "factories": ("factories",),
    "linked_factories": ("factories",),
    "initiatives": ("initiatives",),
    "related": ("factories", "initiatives"),
    "records": ("factories", "initiatives", "bids", "systems", "waves"),
    "chip": ("chips",),
}
_EVERY = ("factories", "initiatives", "bids", "systems", "chips", "waves", "events", "sources")


def find(catalog: Catalog, ident: str, among: Sequence[str] = _EVERY) -> list[Item]:
    """The items an id (or wave-N) names in these collections."""
    found: list[Item] = []
    for name in among:
        if name == "waves":
            number = ident[5:] if ident.startswith("wave-") else ""
            found += [catalog.waves[int(number)]] if number.isdigit() and int(number) in catalog.waves else []
        elif (item := getattr(catalog, name).get(ident)) is not None:
            found.append(item)
    return found


def _shown(value: Any) -> str | None:
    """A field's value as people read it; None when it holds nothing (an empty list, no chip)."""
    if value in (None, [], ""):
        return None
    if isinstance(value, Model):  # a whole nested entry (a supercomputer) that came or went
        return json.dumps(value.model_dump(mode="json", exclude_none=True), ensure_ascii=False)
    if isinstance(value, list) and all(isinstance(v, Model) for v in value):  # a bid's members or sites: by name
        return "; ".join(_named(v) for v in value)
    return as_text(plain(value))


def _named(entry: Model) -> str:
    """A nested entry by what people call it (a member's name, a site's place), else as JSON."""
    name = getattr(entry, "name", None) or getattr(entry, "place", None)
    return str(name) if name else json.dumps(entry.model_dump(mode="json", exclude_none=True), ensure_ascii=False)


def _sources(item: Item | None) -> list[str]:
    """The sources an item cites itself (a source cites none)."""
    return [] if item is None or isinstance(item, Source) else list(item.sources)


def _first(catalog: Catalog, ids: Sequence[str]) -> dt.date | None:
    """The earliest day one of these sources was known (published, else read)."""
    return min((s.published or s.retrieved for i in ids if (s := catalog.sources.get(i)) is not None), default=None)


class _Context:
    """The two catalogs compared, and what every change draws on: who cites each source, the default date."""

    def __init__(self, old: Catalog, new: Catalog, horizon: dt.date) -> None:
        self.old, self.new, self.horizon = old, new, horizon
        self._citers: dict[str, list[str]] | None = None

    def citers(self, source: str) -> list[str]:
        """The ids of the items citing a source, in the new catalog (an index built once)."""
        if self._citers is None:
            self._citers = {}
            for collection in COLLECTIONS:
                for item in getattr(self.new, collection.name).values():
                    if not isinstance(item, Source):
                        for sid in sorted(cited_by(item)):
                            self._citers.setdefault(sid, []).append(item_id(item))
        return self._citers.get(source, [])

    def whole(self, item: Item, change: str, **fields: Any) -> Change:
        """A change of an item as a whole: added, removed, or the base every other change of it starts from."""
        catalog = self.old if change == REMOVED else self.new
        ident = item_id(item)
        if isinstance(item, Source):
            shown = f"{item.publisher} ({(item.published or 'undated')}): {item.title}"
        else:
            shown = title_of(item)
        base = Change(
            date=arrival(item, catalog) or self.horizon,
            record=ident,
            kind=kind_of(item),
            change=change,
            field=None,
            old=shown if change == REMOVED else None,
            new=shown if change == ADDED else None,
            sources=(item.id,) if isinstance(item, Source) else tuple(item.sources),
            title=title_of(item),
            about=self._about(item),
            countries=self._countries(item, catalog),
        )
        return replace(base, **fields)

    def _about(self, item: Item) -> tuple[str, ...]:
        more = (
            list(item.records) if isinstance(item, Event) else self.citers(item.id) if isinstance(item, Source) else []
        )
        return tuple(dict.fromkeys([item_id(item), *more]))

    def _countries(self, item: Item, catalog: Catalog) -> tuple[str, ...]:
        """The countries an item concerns: a host's, an event's, a wave's factories', a source's citers'."""
        if isinstance(item, Event):
            return tuple(item.countries)
        if isinstance(item, Wave):
            return tuple(sorted({f.country for f in catalog.factories.values() if f.wave == item.number}))
        if isinstance(item, Source):
            citers = [x for i in self.citers(item.id) for x in find(catalog, i)]
            return tuple(sorted({c for x in citers for c in self._countries(x, catalog)}))
        if isinstance(item, Bid):
            return tuple(item.countries)
        country = getattr(item, "country", None)
        return (country,) if country else ()

    def added(self, item: Item) -> list[Change]:
        """A new item, then each of its facts (a budget, a system's figures) as a new claim, none dated before it."""
        whole = self.whole(item, ADDED)
        stated = _Item(self, None, item, whole).facts()
        return [whole, *(c if c.date >= whole.date else replace(c, date=whole.date) for c in stated)]

    def compare(self, old: Item, new: Item) -> list[Change]:
        """The differences between two versions of one item."""
        if old == new:
            return []
        return _Item(self, old, new, self.whole(new, CHANGED, date=self.horizon)).changes()


class _Item:
    """One item compared: its facts slot by slot, its citations, its status and every other field."""

    def __init__(self, context: _Context, old: Item | None, new: Item, base: Change) -> None:
        self.context, self.old, self.new, self.base = context, old, new, base
        self.before, self.after = context.old, context.new

    def changes(self) -> list[Change]:
        assert self.old is not None
        found = [*self.facts(), *self._cited("sources", _sources(self.old), _sources(self.new))]
        for name in type(self.new).model_fields:
            a, b = getattr(self.old, name), getattr(self.new, name)
            if name in facts.FACT_FIELDS or name == "sources" or a == b:
                continue
            if name == "status" and isinstance(self.new, Factory | Initiative):
                found.append(self._status(str(a), str(b)))
            elif isinstance(a, Supercomputer) and isinstance(b, Supercomputer):
                found += self._cited("supercomputer", a.sources, b.sources)
                found += [
                    self._field(f"supercomputer.{n}", getattr(a, n), getattr(b, n))
                    for n in type(b).model_fields
                    if n != "sources" and getattr(a, n) != getattr(b, n)
                ]
            else:
                found.append(self._field(name, a, b))
        if isinstance(self.old, System) and isinstance(self.new, System):
            chips = {a.model: a.chip for a in self.old.accelerators}
            found += [
                self._field(f"accelerators ({a.model}).chip", chips[a.model], a.chip)
                for a in self.new.accelerators
                if a.model in chips and chips[a.model] != a.chip
            ]
        return found

    def facts(self) -> list[Change]:
        """Each fact new since, or newly cited, slot by slot (and any gone)."""
        return [c for label, old, new in facts.groups(self.old, self.new) for c in self._slots(label, old, new)]

    def _slots(self, label: Label, old: list[Fact], new: list[Fact]) -> Iterator[Change]:
        before, after = facts.slots(old, label), facts.slots(new, label)
        unmatched: dict[str, list[Fact]] = {}
        for f in old:
            unmatched.setdefault(facts.identity(f), []).append(f)
        for f in new:
            if twins := unmatched.get(facts.identity(f)):
                yield from self._cited(label(f), twins.pop(0).sources, f.sources, fact=f)
                continue
            slot = before.get(label(f))
            replaced = slot.headline() if slot is not None and after[label(f)].headline() is f else None
            if replaced is not None and facts.text(replaced, self.before) == facts.text(f, self.after):
                replaced = None  # the same amount, stated anew (another rank, note or wording)
            yield replace(
                self.base,
                date=_first(self.after, f.sources) or self.base.date,
                change=CLAIM,
                field=label(f),
                old=facts.text(replaced, self.before) if replaced is not None else None,
                new=facts.text(f, self.after),
                sources=tuple(f.sources),
                old_value=facts.dump(replaced, self.before),
                new_value=facts.dump(f, self.after),
            )
        for twins in unmatched.values():
            for f in twins:
                yield replace(
                    self.base,
                    change=REMOVED,
                    field=label(f),
                    old=facts.text(f, self.before),
                    sources=tuple(f.sources),
                    old_value=facts.dump(f, self.before),
                )

    def _cited(self, field: str, old: Sequence[str], new: Sequence[str], *, fact: Fact | None = None) -> list[Change]:
        """New citations, dated by the first of them. A citation that goes is no change: a dated item with no
        source public yet cites its own until one is (see ``as_of``), and then only those."""
        fresh = tuple(s for s in new if s not in old)
        if not fresh:
            return []
        return [
            replace(
                self.base,
                date=_first(self.after, fresh) or self.base.date,
                change=CITED,
                field=field,
                new=facts.text(fact, self.after) if fact is not None else None,
                sources=fresh,
                new_value=facts.dump(fact, self.after) if fact is not None else list(fresh),
            )
        ]

    def _status(self, old: str, new: str) -> Change:
        """A status that moved, with the latest new event that set it."""
        ident = item_id(self.new)
        setting = [
            e
            for e in self.after.events.values()
            if e.status == new and ident in e.records and e.id not in self.before.events
        ]
        event = setting[-1] if setting else None
        return replace(
            self.base,
            date=event.date if event else self.base.date,
            change=STATUS,
            field="status",
            old=old,
            new=new,
            sources=tuple(event.sources) if event else (),
            event=event.id if event else None,
            old_value=old,
            new_value=new,
        )

    def _public_before(self, source: str) -> bool:
        """Whether the old version of the item cited a source already public then (before any was public, a dated
        item cites its own; the old catalog's as_of tells which were)."""
        cited = self.before.sources.get(source)
        if self.old is None or source not in _sources(self.old) or cited is None:
            return False
        return self.before.dataset is None or (cited.published or cited.retrieved) <= self.before.dataset.as_of

    def _arrivals(self, ident: str, among: Sequence[str]) -> list[dt.date]:
        return [d for i in find(self.after, ident, among) if (d := arrival(i, self.after)) is not None]

    def _field(self, name: str, old: Any, new: Any) -> Change:
        """Any other field: a verification (dated by the official source that confirmed it), references (by the day
        what they name came to be known)."""
        cause: tuple[str, ...] = ()
        dates: list[dt.date] = []
        if name == "verification" and self.old is not None:
            official = tuple(
                s
                for s in _sources(self.new)
                if (x := self.after.sources.get(s)) and x.kind is SourceKind.official and not self._public_before(s)
            )
            cause, dates = official, [d for d in [_first(self.after, official)] if d is not None]
        elif (among := _NAMED.get(name.rsplit(".", 1)[-1] if name.endswith(".chip") else name)) is not None:
            before, after = (v if isinstance(v, list) else [v] for v in (old, new))
            named = [str(x) for x in after if x is not None and x not in before]
            # A reference appears once the first item so named is known; a change, once the last of them is.
            firsts = [min(d) for x in named if (d := self._arrivals(x, among))]
            dates = [max(firsts)] if firsts else []
        return replace(
            self.base,
            date=max(dates, default=self.base.date),
            change=CHANGED,
            field=name,
            old=_shown(old),
            new=_shown(new),
            sources=cause,
            old_value=facts.jsonable(old),
            new_value=facts.jsonable(new),
        )

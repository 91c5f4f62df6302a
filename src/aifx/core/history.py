"""Time: the timeline (stored events plus those the records' own dates imply) and the dataset as known on a date.

One source of truth per date: a wave's `announced`, an antenna's `selected` and an initiative's `announced` stay
on their records and appear here as derived events; the loader refuses a stored event that would repeat them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from aifx.core.fields import FieldSpec, Registry, fields_of
from aifx.core.values import NA, Cell
from aifx.dataset.catalog import COLLECTIONS, Catalog, Record, claims_of, vouched
from aifx.dataset.models import Bid, Chip, Claim, Event, Factory, Figure, Initiative, Member, Site, Source, System, Wave
from aifx.dataset.vocabulary import BidStage, EventKind, Kind, Precision, SourceKind, Verification

T = TypeVar("T", Factory, Initiative, Wave)
R = TypeVar("R", Factory, Initiative)
V = TypeVar("V", Factory, Initiative, System, Bid)
P = TypeVar("P", Site, Member)
F = TypeVar("F", Claim, Figure)

AS_OF_RULE = (
    "Records selected or announced after the date are left out, as are later events and sources; an undated "
    "initiative or a system counts once one of its sources is public. A claim or a system's figure counts only if "
    "one of its sources was published by then; a source with no publication date counts from the day it was "
    "retrieved, so what cannot be dated is never shown early. Citations of later sources are removed, and so are "
    "references to records, systems and waves not there yet; 'confirmed' reads 'reported' until an official source "
    "is public. Events keep their own sources, and so does a record or wave with none public yet on its date. A "
    "status is the latest status event on or before the date (a factory or antenna with none is 'selected'; an "
    "initiative with none, 'unknown'); a system's is as known today. A gigafactory bid exists from its first bid "
    "event, at the stage of its latest one by then; its sites and members count once a source naming them is public. "
    "Sums and conflicts are computed from what remains."
)

CLAIM = "claim"  # the timeline's own kind for a figure first published in a window (not an event kind)


@dataclass(frozen=True)
class Entry:
    """One line of the timeline: a stored event, a derived one, or a claim's first publication."""

    id: str
    date: dt.date
    precision: Precision
    kind: str
    title: str
    records: tuple[str, ...]
    countries: tuple[str, ...]
    status: str | None
    verification: Verification | None
    note: str | None
    sources: tuple[str, ...]
    derived_from: str | None  # the field a derived entry comes from, e.g. "wave 2 announced"; None when stored


def known(source: Source, on: dt.date) -> bool:
    """Whether a source was public on a date: its publication date, else (undated) the day it was retrieved."""
    return (source.published or source.retrieved) <= on


def timeline(catalog: Catalog) -> list[Entry]:
    """Every stored and derived event, oldest first (stored before derived on the same day, then by id)."""
    entries = [_stored(e) for e in catalog.events.values()] + list(derived(catalog))
    return sorted(entries, key=lambda e: (e.date, e.derived_from is not None, e.id))


def derived(catalog: Catalog) -> Iterator[Entry]:
    """The events the records' own date fields imply: wave selections, antenna selections, announcements."""
    for number, wave in catalog.waves.items():
        members = [f for f in catalog.factories.values() if f.wave == number]
        yield Entry(
            id=f"wave-{number}-selected",
            date=wave.announced,
            precision=Precision.day,
            kind=EventKind.selection.value,
            title=f"Wave {number}: {len(members)} AI Factories selected",
            records=(f"wave-{number}", *(f.id for f in members)),
            countries=tuple(sorted({f.country for f in members})),
            status=None,
            verification=vouched(wave.sources, catalog),
            note=None,
            sources=tuple(wave.sources),
            derived_from=f"wave {number} announced",
        )
    antennas: dict[dt.date, list[Factory]] = {}
    for f in catalog.factories.values():
        if f.kind is Kind.antenna and f.selected is not None:
            antennas.setdefault(f.selected, []).append(f)
    for day, group in sorted(antennas.items()):
        ids = tuple(sorted({s for f in group for s in f.sources}))
        yield Entry(
            id=f"antennas-{day.isoformat()}-selected",
            date=day,
            precision=Precision.day,
            kind=EventKind.selection.value,
            title=f"{len(group)} AI Factory Antenna{'s' if len(group) != 1 else ''} selected",
            records=tuple(f.id for f in group),
            countries=tuple(sorted({f.country for f in group})),
            status=None,
            verification=vouched(ids, catalog),
            note=None,
            sources=ids,
            derived_from="antennas' selected",
        )
    for r in catalog.initiatives.values():
        if r.announced is not None:
            yield Entry(
                id=f"{r.id.lower()}-announced",
                date=r.announced,
                precision=Precision.day,
                kind=EventKind.launch.value,
                title=f"{r.name} announced",
                records=(r.id,),
                countries=(r.country,) if r.country else (),
                status=None,
                verification=r.verification,
                note=None,
                sources=tuple(r.sources),
                derived_from=f"{r.id} announced",
            )


def claims_published(catalog: Catalog, since: dt.date | None, until: dt.date | None) -> Iterator[Entry]:
    """Figures whose earliest dated source falls in the window: a new budget figure is news."""
    from aifx.core.fields import money

    owners: list[tuple[str, str, list[Claim]]] = [(r.id, "budget", list(r.budget)) for r in catalog.records()]
    owners += [(f"wave-{w.number}", "totals", claims_of(w)) for w in catalog.waves.values()]
    for owner, field, claims in owners:
        for i, claim in enumerate(claims):
            dates = [s.published for sid in claim.sources if (s := catalog.sources.get(sid)) and s.published]
            if claim.value is None or not dates:
                continue
            first = min(dates)
            if (since is None or first >= since) and (until is None or first <= until):
                yield Entry(
                    id=f"{owner.lower()}-{field}-{i}",
                    date=first,
                    precision=Precision.day,
                    kind=CLAIM,
                    title=f"{owner} {field}: {money(claim)} ({claim.scope.value.replace('_', ' ')})",
                    records=(owner,),
                    countries=(),
                    status=None,
                    verification=None,
                    note=claim.note,
                    sources=tuple(sid for sid in claim.sources if (s := catalog.sources.get(sid)) and s.published),
                    derived_from=f"{owner} {field}[{i}]",
                )


def status_on(record: Record, catalog: Catalog, on: dt.date) -> str:
    """A record's status on a date: its latest status event by then; 'selected' for a factory before any."""
    latest = None
    for event in catalog.events.values():
        if event.kind is EventKind.bid:
            continue  # a bid event's status is its bids' stage, never another record's status
        if event.status is not None and record.id in event.records and event.date <= on:
            latest = event.status  # events are in date order
    if latest is not None:
        return latest
    return "selected" if isinstance(record, Factory) else "unknown"


def stages(catalog: Catalog, bid_id: str, *, on: dt.date | None = None) -> list[Event]:
    """The bid events that date a bid's stages, oldest first (those on or before ``on`` when given)."""
    return [
        e
        for e in catalog.events.values()
        if e.kind is EventKind.bid and bid_id in e.records and e.status and (on is None or e.date <= on)
    ]


def as_of(catalog: Catalog, on: dt.date) -> Catalog:
    """The dataset as it was known on a date, whole: what the date cannot support is left out, never left dangling.

    A record exists once selected (factories by their wave, antennas by `selected`) or announced (initiatives;
    an undated one once any of its sources is public); a system (not dated) once one of its sources is public. A
    claim or figure counts once one of its sources is public; citations of sources not yet public are removed (a
    dated record or wave with none public yet keeps its own, as an event does), and so are references to records,
    systems and waves that do not exist yet. A status is the latest status event on or before the date.
    """
    public = {k: s for k, s in catalog.sources.items() if known(s, on)}
    events = {k: e for k, e in catalog.events.items() if e.date <= on}
    waves = {n: _rewound(w, public) for n, w in catalog.waves.items() if w.announced <= on}

    def exists(record: Record) -> bool:
        if isinstance(record, Factory):
            if record.kind is Kind.factory:
                return record.wave in waves
            return record.selected is not None and record.selected <= on
        if record.announced is not None:
            return record.announced <= on
        return _vouched(record, public)

    alive = {r.id for r in catalog.records() if exists(r)}
    # A chip is known once one of its datasheets is public; systems then link only to chips known by then.
    chips = {
        k: c.model_copy(update={"sources": _cites(c.sources, public)})
        for k, c in catalog.chips.items()
        if _vouched(c, public)
    }
    systems = {k: _system(s, public, alive, chips) for k, s in catalog.systems.items() if _vouched(s, public)}

    def rewind(record: R) -> R:
        past = _rewound(record, public)
        update: dict[str, Any] = {"status": status_on(record, catalog, on)}
        if isinstance(past, Factory):
            update["linked_factories"] = _known(past.linked_factories, alive)
            if (machine := past.supercomputer) is not None:
                update["supercomputer"] = machine.model_copy(
                    update={"sources": _cites(machine.sources, public), "systems": _known(machine.systems, systems)}
                )
        else:
            update["related"] = _known(past.related, alive)
        return past.model_copy(update=update)

    factories = {k: rewind(f) for k, f in catalog.factories.items() if k in alive}
    initiatives = {k: rewind(r) for k, r in catalog.initiatives.items() if k in alive}
    staged = {k: found[-1] for k in catalog.bids if (found := stages(catalog, k, on=on))}
    bids = {k: _bid(b, public, staged, alive | set(staged)) for k, b in catalog.bids.items() if k in staged}
    named = alive | set(bids) | set(systems) | {f"wave-{n}" for n in waves}
    dated: list[Event | Wave | Record | Bid] = [
        *events.values(),
        *waves.values(),
        *factories.values(),
        *initiatives.values(),
        *bids.values(),
    ]
    cited = {s for item in dated for s in item.sources}  # their own sources, when none was public yet
    sources = {k: s for k, s in catalog.sources.items() if k in public or k in cited}
    dataset = catalog.dataset.model_copy(update={"as_of": on}) if catalog.dataset else None
    rewound = {
        "sources": sources.values(),
        "waves": waves.values(),
        "factories": factories.values(),
        "initiatives": initiatives.values(),
        "events": [_event(e, named) for e in events.values()],
        "systems": systems.values(),
        "chips": chips.values(),
        "bids": bids.values(),
    }
    return Catalog.build(dataset, {c.name: rewound[c.name] for c in COLLECTIONS})


def _bid(bid: Bid, public: dict[str, Source], staged: dict[str, Event], exists: Container[str]) -> Bid:
    """A bid as known by then: at its latest stage by then, with the size claims, sites and members a public source
    states, citing public sources (its own when none is public yet: it is dated by its bid event), and references
    to what exists."""
    said = staged[bid.id].status
    stage = BidStage(said) if said else bid.stage
    update: dict[str, Any] = {
        "stage": stage,
        "merged_into": bid.merged_into if stage is BidStage.merged else None,
        "size": [c for c in (_figure(c, public) for c in bid.size) if c is not None],
        "sites": _parts(bid.sites, public),
        "members": _parts(bid.members, public),
        "related": _known(bid.related, exists),
        "sources": _cites(bid.sources, public) or list(bid.sources),
    }
    return _checked(bid.model_copy(update=update), public)


def _parts(items: Iterable[P], public: dict[str, Source]) -> list[P]:
    """Sites or members a public source names, citing only public sources."""
    return [i.model_copy(update={"sources": cited}) for i in items if (cited := _cites(i.sources, public))]


def _vouched(item: Record | Wave | System | Chip, public: dict[str, Source]) -> bool:
    """Whether one of an item's own sources was public: nothing is known before something said it."""
    return any(s in public for s in item.sources)


def _cites(ids: Iterable[str], public: dict[str, Source]) -> list[str]:
    """The citations of sources public by then, in their order."""
    return [s for s in ids if s in public]


def _known(ids: Iterable[str], existing: Container[str]) -> list[str]:
    """The references to ids that exist by then, in their order."""
    return [i for i in ids if i in existing]


def _checked(item: V, public: dict[str, Source]) -> V:
    """'confirmed' needs an official source public by then; with only secondary ones left, it was 'reported'."""
    official = any(public[s].kind is SourceKind.official for s in item.sources if s in public)
    if item.verification is Verification.confirmed and not official:
        return item.model_copy(update={"verification": Verification.reported})
    return item


def _rewound(item: T, public: dict[str, Source]) -> T:
    """The item with only claims that a public source supports, and citations to public sources (if it has any)."""
    kept = [c for c in (_figure(c, public) for c in claims_of(item)) if c is not None]
    field = "totals" if isinstance(item, Wave) else "budget"
    # Dated, it exists by its date: with no source public yet it keeps its own, as an event does.
    past = item.model_copy(update={field: kept, "sources": _cites(item.sources, public) or list(item.sources)})
    return past if isinstance(past, Wave) else _checked(past, public)


def _system(system: System, public: dict[str, Source], alive: Container[str], chips: Container[str]) -> System:
    """A system as known by then: figures and TOP500 entries a public source states, the records and chips that
    exist."""

    def figures(items: Iterable[Figure]) -> list[Figure]:
        return [f for f in (_figure(f, public) for f in items) if f is not None]

    update: dict[str, Any] = {
        "sources": _cites(system.sources, public),
        "performance": figures(system.performance),
        "power_mw": figures(system.power_mw),
        "accelerators": [
            a.model_copy(update={"count": n, "chip": a.chip if a.chip in chips else None})
            for a in system.accelerators
            if (n := figures(a.count))
        ],
        "top500": [t.model_copy(update={"sources": s}) for t in system.top500 if (s := _cites(t.sources, public))],
        "factories": _known(system.factories, alive),
        "initiatives": _known(system.initiatives, alive),
    }
    return _checked(system.model_copy(update=update), public)


def _figure(figure: F, public: dict[str, Source]) -> F | None:
    """A claim or figure citing only public sources, or None when none of its sources is public yet."""
    if not figure.sources:
        return figure  # an 'unknown' note cites nothing and stays true
    cited = _cites(figure.sources, public)
    return figure.model_copy(update={"sources": cited}) if cited else None


def _event(event: Event, named: Container[str]) -> Event:
    """An event naming only records, systems and waves that exist by then; a status change with none left, none."""
    records = _known(event.records, named)
    if records == event.records:
        return event
    return event.model_copy(update={"records": records, "status": event.status if records else None})


def _stored(event: Event) -> Entry:
    return Entry(
        id=event.id,
        date=event.date,
        precision=event.precision,
        kind=event.kind.value,
        title=event.title,
        records=tuple(event.records),
        countries=tuple(event.countries),
        status=event.status,
        verification=event.verification,
        note=event.note,
        sources=tuple(event.sources),
        derived_from=None,
    )


def when(entry: Entry) -> str:
    """The date as precisely as it is known: 2025-03-12, 2026-03, 2026."""
    if entry.precision is Precision.year:
        return f"{entry.date.year}"
    if entry.precision is Precision.month:
        return entry.date.strftime("%Y-%m")
    return entry.date.isoformat()


# Entries are the stored events and those derived from records, so their fields are Event's, read off each entry.
TIMELINE: Registry[Entry] = Registry(
    fields=fields_of(
        Event,
        {
            "date": [
                FieldSpec[Entry](
                    "date",
                    "when, as precisely as known (2025-03-12, 2026-03, 2026)",
                    lambda e, c: when(e),
                    cell=Cell.date,
                )
            ],
            "kind": [
                FieldSpec[Entry](
                    "kind", "what happened: " + ", ".join([*EventKind, CLAIM]), lambda e, c: e.kind, cell=Cell.code
                )
            ],
            "verification": [
                FieldSpec[Entry](
                    "verification",
                    "confirmed, reported or unconfirmed",
                    lambda e, c: e.verification.value if e.verification else NA,
                    cell=Cell.code,
                )
            ],
            "sources": [
                "sources",
                FieldSpec[Entry](
                    "derived_from",
                    "the record field it comes from (empty: a stored event)",
                    lambda e, c: e.derived_from or NA,
                ),
            ],
        },
        cells={"records": Cell.keys, "countries": Cell.code, "sources": Cell.keys},
    ),
    default=("date", "kind", "title", "records", "sources"),
    priority=("date", "kind", "title", "records", "countries", "sources", "verification"),
)


def dump(entry: Entry) -> dict[str, Any]:
    """An entry as JSON: every field, the date ISO and its precision beside it."""
    return {
        "id": entry.id,
        "date": entry.date.isoformat(),
        "precision": entry.precision.value,
        "kind": entry.kind,
        "title": entry.title,
        "records": list(entry.records),
        "countries": list(entry.countries),
        "status": entry.status,
        "verification": entry.verification.value if entry.verification else None,
        "note": entry.note,
        "sources": list(entry.sources),
        "derived_from": entry.derived_from,
    }

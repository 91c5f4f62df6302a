"""Rules that span records and files: ids, references, dates. Each finding is placed by its data path."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from aifx.dataset.models import Bid, Claim, DataFile, Event, Factory, Initiative
from aifx.dataset.vocabulary import EventKind, Kind, Rank, SourceKind, Verification
from aifx.text.confusables import skeleton
from aifx.text.suggest import fold

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Finding:
    """A cross-record problem: the file it sits in, the path to the value, and what is wrong."""

    file: str
    loc: Loc
    message: str
    as_written: bool = False  # loc indexes the file's records as written, failed ones included


@dataclass
class Failed:
    """What is known of records that failed validation, so that citing them is not reported a second time."""

    sources: set[str] = field(default_factory=set)  # casefolded, as citations are matched
    waves: set[int] = field(default_factory=set)
    records: set[str] = field(default_factory=set)  # factory, initiative and bid ids
    systems: set[str] = field(default_factory=set)
    chips: set[str] = field(default_factory=set)
    unread: set[str] = field(default_factory=set)  # collections a file that is not YAML may hold: any id may be there

    rows: list[tuple[str, str, int, Any, AbstractSet[Loc]]] = field(
        default_factory=list
    )  # file, collection, index, raw, bad

    def add(self, shown: str, collection: str, index: int, raw: Any, refused: AbstractSet[Loc]) -> None:
        """Note a record (as parsed from YAML) that failed validation, and the paths validation refused in it."""
        key = raw.get("number" if collection == "waves" else "id") if isinstance(raw, dict) else None
        if collection == "waves" and isinstance(key, int):
            self.waves.add(key)
        elif collection == "sources" and isinstance(key, str):
            self.sources.add(key.casefold())
        elif collection in RECORDS and isinstance(key, str):
            self.records.add(key)
        elif collection == "systems" and isinstance(key, str):
            self.systems.add(key)
        elif collection == "chips" and isinstance(key, str):
            self.chips.add(key)
        if collection != "sources" and isinstance(raw, dict):
            self.rows.append((shown, collection, index, raw, refused))


RECORDS = ("factories", "initiatives", "bids")  # the collections whose ids, names and aliases are one namespace
AHEAD = dt.timedelta(hours=14)  # UTC+14 (Kiribati's Line Islands), the zone furthest ahead


def latest_today(now: dt.datetime | None = None) -> dt.date:
    """The latest date anywhere on Earth at ``now``: a date written today in any zone is never "in the future"."""
    return ((now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC) + AHEAD).date()


def check(files: list[tuple[str, DataFile]], *, today: dt.date, failed: Failed | None = None) -> Iterator[Finding]:
    """Every cross-record problem in the merged files, in file order, one at a time; ``failed`` records count as present.

    Lazy, so that a caller listing only the first problems holds no more than those in memory.
    """
    return _check(files, today, failed or Failed())


def _check(files: list[tuple[str, DataFile]], today: dt.date, failed: Failed) -> Iterator[Finding]:
    sources: dict[str, str] = {}
    urls: dict[str, str] = {}
    names: dict[str, str] = {}
    waves: set[int] = set()
    factory_kinds: dict[str, Kind] = {}
    datasets = 0
    looks: dict[str, tuple[str, str, Finding]] = {}  # lookalike key → the first name, its record, where it is
    confused: set[frozenset[str]] = set()
    source_looks: dict[str, str] = {}
    for shown, data in files:
        for i, source in enumerate(data.sources):
            if (key := source.id.casefold()) in sources:
                yield Finding(shown, ("sources", i, "id"), f"duplicate source id {source.id!r}")
            elif (other := source_looks.get(lookalike(source.id))) is not None:
                yield Finding(shown, ("sources", i, "id"), f"source id {source.id!r} looks like {other!r}{_CONFUSED}")
            sources[key] = source.id
            source_looks.setdefault(lookalike(source.id), source.id)
            if source.url in urls:
                yield Finding(shown, ("sources", i, "url"), f"URL already cited as source {urls[source.url]!r}")
            urls.setdefault(source.url, source.id)
        for i, wave in enumerate(data.waves):
            if wave.number in waves:
                yield Finding(shown, ("waves", i, "number"), f"duplicate wave {wave.number}")
            waves.add(wave.number)
        records: list[tuple[str, int, Factory | Initiative | Bid]] = [
            ("factories", i, f) for i, f in enumerate(data.factories)
        ]
        records += [("initiatives", i, r) for i, r in enumerate(data.initiatives)]
        records += [("bids", i, b) for i, b in enumerate(data.bids)]
        for collection, i, record in records:
            if isinstance(record, Factory):
                factory_kinds.setdefault(record.id, record.kind)
            for name_kind, name in (
                ("id", record.id),
                ("name", record.name),
                *(("aliases", a) for a in record.aliases),
            ):
                key, here = fold(name), Finding(shown, (collection, i, name_kind), "")
                owner = names.get(key)
                first = looks.setdefault(lookalike(name), (name, record.id, here))
                if owner is not None and owner != record.id:
                    yield Finding(shown, here.loc, f"{name!r} is already used by {owner}")
                elif first[1] != record.id and (pair := frozenset((first[1], record.id))) not in confused:
                    confused.add(pair)
                    yield _lookalike((name, record.id, here), first)
                names.setdefault(key, record.id)
        datasets += data.dataset is not None
        if data.dataset is not None and datasets > 1:
            yield Finding(shown, ("dataset",), "a second 'dataset' block; keep exactly one")
    known = set(names.values())
    kinds = {s.id: s.kind for _, d in files for s in d.sources}
    bids = {b.id for _, d in files for b in d.bids}
    for shown, data in files:
        yield from _references(shown, data, sources, waves, factory_kinds, known, kinds, failed)
        yield from _bids(shown, data, sources, known, bids, kinds, failed)
        yield from _dates(shown, data, today)
    systems = {s.id for _, d in files for s in d.systems} | failed.systems
    yield from _events(files, sources, waves, known | systems, kinds, failed)
    yield from _systems(files, sources, names, known, kinds, failed)
    yield from _chips(files, sources, failed)
    for shown, collection, index, raw, refused in failed.rows:
        yield from _cited(shown, (collection, index), raw, refused, sources, failed)


def _cited(
    shown: str, at: Loc, raw: Any, refused: AbstractSet[Loc], sources: dict[str, str], failed: Failed
) -> Iterator[Finding]:
    """Source citations inside a record that failed validation, wherever validation let them be."""
    if isinstance(raw, dict):
        for key, value in raw.items():
            if key == "sources" and isinstance(value, list):
                for j, sid in enumerate(value):
                    if isinstance(sid, str) and (*at, key, j) not in refused and (m := _unknown(sid, sources, failed)):
                        yield Finding(shown, (*at, key, j), m, as_written=True)
            elif isinstance(key, str):
                yield from _cited(shown, (*at, key), value, refused, sources, failed)
    elif isinstance(raw, list):
        for j, item in enumerate(raw):
            yield from _cited(shown, (*at, j), item, refused, sources, failed)


def _unknown(sid: str, sources: dict[str, str], failed: Failed) -> str | None:
    """Why a cited source id is wrong, or None when it names a source (one that failed validation counts)."""
    if "sources" in failed.unread or (key := sid.casefold()) in sources or key in failed.sources:
        return None
    hint = _near(sid, [*sources.values(), *failed.sources])
    return f"unknown source {sid!r}{hint or '; add it to sources.yaml'}"


_CONFUSED = " (their characters differ but look alike: Unicode confusables); rename one"


def _lookalike(later: tuple[str, str, Finding], first: tuple[str, str, Finding]) -> Finding:
    """Two records' names that look alike, placed at the one with the odd characters (else the later one)."""
    placed, other = (first, later) if later[0].isascii() and not first[0].isascii() else (later, first)
    name, _, at = placed
    return Finding(at.file, at.loc, f"{name!r} looks like {other[1]}'s {other[0]!r}{_CONFUSED}")


def lookalike(name: str) -> str:
    """The key two names share when they look alike: TR39's skeleton, then case and accents folded."""
    return fold(skeleton(name))


def _references(
    shown: str,
    data: DataFile,
    sources: dict[str, str],
    waves: set[int],
    factory_kinds: dict[str, Kind],
    known: set[str],
    kinds: dict[str, SourceKind],
    failed: Failed,
) -> Iterator[Finding]:
    def cite(loc: Loc, ids: list[str]) -> Iterator[Finding]:
        for j, sid in enumerate(ids):
            if message := _unknown(sid, sources, failed):
                yield Finding(shown, (*loc, j), message)

    def claims(loc: Loc, items: list[Claim]) -> Iterator[Finding]:
        preferred: set[tuple[str, str | None]] = set()
        for j, claim in enumerate(items):
            yield from cite((*loc, j, "sources"), claim.sources)
            if claim.rank is Rank.preferred:
                key = (claim.scope.value, claim.party)
                if key in preferred:
                    yield Finding(shown, (*loc, j, "rank"), f"a second preferred {claim.scope.value} claim")
                preferred.add(key)

    for i, wave in enumerate(data.waves):
        yield from cite(("waves", i, "sources"), wave.sources)
        yield from claims(("waves", i, "totals"), wave.totals)
    for i, factory in enumerate(data.factories):
        at: Loc = ("factories", i)
        yield from cite((*at, "sources"), factory.sources)
        yield from claims((*at, "budget"), factory.budget)
        if factory.supercomputer is not None:
            yield from cite((*at, "supercomputer", "sources"), factory.supercomputer.sources)
        if factory.wave is not None and factory.wave not in waves | failed.waves and "waves" not in failed.unread:
            yield Finding(shown, (*at, "wave"), f"wave {factory.wave} is not in waves.yaml")
        for j, linked in enumerate(factory.linked_factories):
            if linked not in factory_kinds and (linked in failed.records or "factories" in failed.unread):
                continue
            if factory_kinds.get(linked) is not Kind.factory:
                yield Finding(
                    shown, (*at, "linked_factories", j), f"{linked!r} is not a factory id{_spelled(linked, known)}"
                )
        yield from _confirmed(shown, at, factory.verification, factory.sources, kinds)
    for i, initiative in enumerate(data.initiatives):
        at = ("initiatives", i)
        yield from cite((*at, "sources"), initiative.sources)
        yield from claims((*at, "budget"), initiative.budget)
        unsure = bool(set(RECORDS) & failed.unread)
        for j, related in enumerate(initiative.related):
            if related not in known and related not in failed.records and not unsure:
                yield Finding(
                    shown, (*at, "related", j), f"{related!r} is not a known record id{_spelled(related, known)}"
                )
        yield from _confirmed(shown, at, initiative.verification, initiative.sources, kinds)


def _bids(
    shown: str,
    data: DataFile,
    sources: dict[str, str],
    known: set[str],
    bids: set[str],
    kinds: dict[str, SourceKind],
    failed: Failed,
) -> Iterator[Finding]:
    """A bid cites real sources (its own, its size claims', sites' and members'), relates to real records, and a
    merged bid joined a real bid; one preferred size claim per scope, party and measure (money, chips, MW)."""
    unsure = bool(set(RECORDS) & failed.unread)
    for i, bid in enumerate(data.bids):
        at: Loc = ("bids", i)
        cited: list[tuple[Loc, list[str]]] = [((*at, "sources"), bid.sources)]
        cited += [((*at, "size", j, "sources"), c.sources) for j, c in enumerate(bid.size)]
        cited += [((*at, "sites", j, "sources"), x.sources) for j, x in enumerate(bid.sites)]
        cited += [((*at, "members", j, "sources"), m.sources) for j, m in enumerate(bid.members)]
        for loc, ids in cited:
            for j, sid in enumerate(ids):
                if message := _unknown(sid, sources, failed):
                    yield Finding(shown, (*loc, j), message)
        preferred: set[tuple[str, str | None, str]] = set()
        for j, claim in enumerate(bid.size):
            key = (claim.scope.value, claim.party, claim.unit or "money")
            if claim.rank is Rank.preferred:
                if key in preferred:
                    what = claim.unit or "money"
                    yield Finding(
                        shown, (*at, "size", j, "rank"), f"a second preferred {claim.scope.value} {what} claim"
                    )
                preferred.add(key)
        for j, related in enumerate(bid.related):
            if related not in known and related not in failed.records and not unsure:
                yield Finding(
                    shown, (*at, "related", j), f"{related!r} is not a known record id{_spelled(related, known)}"
                )
        joined = bid.merged_into
        if joined is not None and joined not in bids and joined not in failed.records and "bids" not in failed.unread:
            yield Finding(shown, (*at, "merged_into"), f"{joined!r} is not a bid id{_spelled(joined, bids)}")
        yield from _confirmed(shown, at, bid.verification, bid.sources, kinds)


def _spelled(reference: str, known: set[str]) -> str:
    """A hint when a reference differs from a real id only in case (ids are cited exactly) or by one typo."""
    match = next((k for k in known if k.casefold() == reference.casefold()), None)
    return f" (write it as {match!r})" if match else _near(reference, known)


def _near(reference: str, candidates: Iterable[str]) -> str:
    """ " (did you mean 'x'?)" for the ids one typo away: a letter dropped, added, changed, or two swapped."""
    from aifx.errors import did_you_mean
    from aifx.text.suggest import one_typo

    return did_you_mean(one_typo(reference, candidates), quoted=True)


def _confirmed(
    shown: str, at: Loc, verification: Verification, ids: list[str], kinds: dict[str, SourceKind]
) -> Iterator[Finding]:
    if any(s not in kinds for s in ids):
        return  # an unknown source, or one that failed validation, may be the official one
    if verification is Verification.confirmed and not any(kinds.get(s) is SourceKind.official for s in ids):
        yield Finding(shown, (*at, "verification"), "'confirmed' needs at least one official source")


def _dates(shown: str, data: DataFile, today: dt.date) -> Iterator[Finding]:
    dated: list[tuple[Loc, dt.date | None]] = []
    if data.dataset is not None:
        dated.append((("dataset", "as_of"), data.dataset.as_of))
    for i, source in enumerate(data.sources):
        dated += [(("sources", i, "published"), source.published), (("sources", i, "retrieved"), source.retrieved)]
    for i, wave in enumerate(data.waves):
        dated += [(("waves", i, "announced"), wave.announced), (("waves", i, "cutoff"), wave.cutoff)]
    dated += [(("factories", i, "selected"), f.selected) for i, f in enumerate(data.factories)]
    dated += [(("initiatives", i, "announced"), r.announced) for i, r in enumerate(data.initiatives)]
    dated += [(("events", i, "date"), e.date) for i, e in enumerate(data.events)]
    for loc, when in dated:
        if when is not None and when > today:
            yield Finding(shown, loc, f"{when} is in the future")


def _events(
    files: list[tuple[str, DataFile]],
    sources: dict[str, str],
    waves: set[int],
    known: set[str],
    kinds: dict[str, SourceKind],
    failed: Failed,
) -> Iterator[Finding]:
    """Events cite real records and sources, never repeat a date a record holds, and agree with its status."""
    announced = {r.id: r.announced for _, d in files for r in d.initiatives if r.announced is not None}
    status = {r.id: r.status for _, d in files for r in d.factories} | {
        r.id: r.status for _, d in files for r in d.initiatives
    }
    stages = {b.id: b.stage.value for _, d in files for b in d.bids}
    seen: set[str] = {f"wave-{n}-selected" for n in waves}  # the timeline's derived ids are taken
    seen |= {f"antennas-{f.selected.isoformat()}-selected" for _, d in files for f in d.factories if f.selected}
    seen |= {f"{i.lower()}-announced" for i in announced}
    latest: dict[str, tuple[dt.date, str, str, Loc]] = {}  # record → its latest status event
    for shown, data in files:
        for i, event in enumerate(data.events):
            at: Loc = ("events", i)
            if event.id in seen:
                yield Finding(shown, (*at, "id"), f"duplicate event id {event.id!r} (ids of derived events included)")
            seen.add(event.id)
            for j, sid in enumerate(event.sources):
                if (message := _unknown(sid, sources, failed)) is not None:
                    yield Finding(shown, (*at, "sources", j), message)
            for j, record in enumerate(event.records):
                wave = record.removeprefix("wave-")
                if wave != record and wave.isdigit():
                    if int(wave) not in waves | failed.waves and "waves" not in failed.unread:
                        yield Finding(shown, (*at, "records", j), f"there is no wave {wave} in waves.yaml")
                elif record in failed.records or set(RECORDS) & failed.unread:
                    pass  # a record that failed validation is still there
                elif record not in known:
                    hint = _spelled(record, known)
                    yield Finding(
                        shown, (*at, "records", j), f"{record!r} is not a record id, system id or wave-N{hint}"
                    )
                elif event.kind.value == "launch" and announced.get(record) == event.date:
                    yield Finding(
                        shown,
                        (*at, "date"),
                        f"repeats {record}'s 'announced' date, which the timeline already shows; "
                        "remove this event or give it another kind",
                    )
                # A bid event's status is its bids' stage, and only theirs; another event's is its records' status.
                held = stages if event.kind is EventKind.bid else status
                if event.status is not None and record in held:
                    previous = latest.get(record)
                    if previous is None or previous[0] <= event.date:
                        latest[record] = (event.date, event.status, shown, (*at, "status"))
            yield from _staged(shown, at, event, stages, failed)
            yield from _confirmed(shown, at, event.verification, event.sources, kinds)
    for record, (_, said, shown, loc) in latest.items():
        if record in stages:
            if said != stages[record]:
                yield Finding(
                    shown, loc, f"{record}'s latest bid event says {said!r} but the bid's stage is {stages[record]!r}"
                )
        elif said != status[record]:
            yield Finding(
                shown, loc, f"{record}'s latest status event says {said!r} but the record says {status[record]!r}"
            )
    if "events" not in failed.unread:
        for shown, data in files:
            for i, bid in enumerate(data.bids):
                if bid.id not in latest:
                    yield Finding(
                        shown,
                        ("bids", i, "stage"),
                        f"no bid event dates {bid.id}'s stage: add an event of kind bid naming it, with status "
                        f"{bid.stage.value!r}",
                    )


def _staged(shown: str, at: Loc, event: Event, stages: dict[str, str], failed: Failed) -> Iterator[Finding]:
    """A bid event names a bid; a bid's stage changes only in a bid event, never as another event's status."""
    named = [r for r in event.records if r in stages]
    if event.kind is EventKind.bid and not named and not failed.records and "bids" not in failed.unread:
        yield Finding(shown, (*at, "records"), "a bid event names the bid (or bids) reaching the stage")
    if event.kind is not EventKind.bid and event.status is not None and named:
        yield Finding(
            shown,
            (*at, "kind"),
            f"{named[0]} is a bid: its stage changes in an event of kind bid, not {event.kind.value}",
        )


def _chips(files: list[tuple[str, DataFile]], sources: dict[str, str], failed: Failed) -> Iterator[Finding]:
    """Chips have one id each and cite real sources; systems link only to real chips."""
    ids: set[str] = set()
    for shown, data in files:
        for i, chip in enumerate(data.chips):
            if chip.id in ids:
                yield Finding(shown, ("chips", i, "id"), f"duplicate chip id {chip.id!r}")
            ids.add(chip.id)
            for j, sid in enumerate(chip.sources):
                if (message := _unknown(sid, sources, failed)) is not None:
                    yield Finding(shown, ("chips", i, "sources", j), message)
    if "chips" in failed.unread:
        return
    for shown, data in files:
        for i, bid in enumerate(data.bids):
            if bid.chip is not None and bid.chip not in ids and bid.chip not in failed.chips:
                yield Finding(
                    shown, ("bids", i, "chip"), f"{bid.chip!r} is not a chip id in chips.yaml{_spelled(bid.chip, ids)}"
                )
        for i, system in enumerate(data.systems):
            for j, accelerator in enumerate(system.accelerators):
                ref = accelerator.chip
                if ref is not None and ref not in ids and ref not in failed.chips:
                    yield Finding(
                        shown,
                        ("systems", i, "accelerators", j, "chip"),
                        f"{ref!r} is not a chip id in chips.yaml{_spelled(ref, ids)}",
                    )


def _systems(
    files: list[tuple[str, DataFile]],
    sources: dict[str, str],
    names: dict[str, str],
    known: set[str],
    kinds: dict[str, SourceKind],
    failed: Failed,
) -> Iterator[Finding]:
    """Systems cite real sources and records; factories name only real systems; ids are not taken by records."""
    ids: set[str] = set()
    unsure = bool(set(RECORDS) & failed.unread)
    for shown, data in files:
        for i, system in enumerate(data.systems):
            at: Loc = ("systems", i)
            if system.id in ids:
                yield Finding(shown, (*at, "id"), f"duplicate system id {system.id!r}")
            ids.add(system.id)
            owner = names.get(fold(system.id))
            if owner is not None and owner not in (*system.factories, *system.initiatives):
                yield Finding(shown, (*at, "id"), f"{system.id!r} is already used by {owner}; name the system apart")
            for name, refs in (("factories", system.factories), ("initiatives", system.initiatives)):
                for j, ref in enumerate(refs):
                    if ref not in known and ref not in failed.records and not unsure:
                        yield Finding(shown, (*at, name, j), f"{ref!r} is not a record id{_spelled(ref, known)}")
            cited: list[tuple[Loc, list[str]]] = [((*at, "sources"), system.sources)]
            cited += [((*at, "performance", j, "sources"), f.sources) for j, f in enumerate(system.performance)]
            cited += [((*at, "power_mw", j, "sources"), f.sources) for j, f in enumerate(system.power_mw)]
            cited += [((*at, "top500", j, "sources"), t.sources) for j, t in enumerate(system.top500)]
            cited += [
                ((*at, "accelerators", j, "count", k, "sources"), f.sources)
                for j, a in enumerate(system.accelerators)
                for k, f in enumerate(a.count)
            ]
            for loc, refs in cited:
                for j, sid in enumerate(refs):
                    if (message := _unknown(sid, sources, failed)) is not None:
                        yield Finding(shown, (*loc, j), message)
            yield from _confirmed(shown, at, system.verification, system.sources, kinds)
    if "systems" in failed.unread:
        return
    for shown, data in files:
        for i, factory in enumerate(data.factories):
            for j, sid in enumerate(factory.supercomputer.systems if factory.supercomputer else []):
                if sid not in ids and sid not in failed.systems:
                    yield Finding(
                        shown,
                        ("factories", i, "supercomputer", "systems", j),
                        f"{sid!r} is not a system id in systems.yaml{_spelled(sid, ids)}",
                    )
    described = {r for _, d in files for s in d.systems for r in s.initiatives}
    for shown, data in files:
        for i, initiative in enumerate(data.initiatives):
            if initiative.hardware is not None and initiative.id in described:
                yield Finding(
                    shown,
                    ("initiatives", i, "hardware"),
                    f"{initiative.id}'s hardware is described by its system in systems.yaml; "
                    "move what this text adds there and set hardware to null",
                )

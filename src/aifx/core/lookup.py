"""What an id or name a user types means, of every kind aifx shows (records, gigafactory bids, systems, chips, waves,
events, sources), and which records a name of a group means (a country, a wave) where records are compared.

One order decides when names collide: a record, then a bid, a system, a chip, a wave, an event, a source (JUPITER is
the initiative; ``system:JUPITER`` its supercomputer). A ``KIND:`` prefix asks for one kind only. Every id search
returns resolves here, and a miss gets one "did you mean" across all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aifx.core.history import Entry, timeline
from aifx.dataset.catalog import Catalog, Record
from aifx.dataset.models import Bid, Chip, Factory, Source, System, Wave
from aifx.errors import UsageError
from aifx.text.countries import COUNTRIES, lookup, resolve
from aifx.text.suggest import MARGIN, key, score
from aifx.text.suggest import suggest as closest

Item = Record | Bid | System | Chip | Wave | Entry | Source
PREFIXES = ("record", "bid", "system", "chip", "wave", "event", "source")
_WAVE = re.compile(r"wave[\s_-]*(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """The item a name means, its kind (factory, antenna, initiative, bid, system, chip, wave, event or source) and
    the id that opens it."""

    kind: str
    id: str
    item: Item


def wave_id(number: int) -> str:
    """How a wave is named where an id is expected, as events name it: wave-1."""
    return f"wave-{number}"


def wave_number(text: str) -> int | None:
    """The wave 'wave 1', 'Wave-1' or 'wave1' names, else None."""
    found = _WAVE.fullmatch(text.strip())
    return int(found[1]) if found else None


def find(catalog: Catalog, text: str) -> Found | None:
    """The item ``text`` names exactly (any case, accents optional), in the order above; ``KIND:ID`` for one kind
    (``KIND ID`` too, where nothing is named so in full)."""
    kind, _, rest = text.partition(":")
    if rest and (kind := kind.strip().lower()) in PREFIXES:
        rest = f"wave {rest}" if kind == "wave" and rest.strip().isdigit() else rest  # wave:1, never a bare 1
        return _of_kind(catalog, kind, rest.strip())
    for each in PREFIXES:
        if (found := _of_kind(catalog, each, text)) is not None:
            return found
    kind, _, rest = text.strip().partition(" ")  # as listings name what cites a source: 'event ID', 'system ID'
    return _of_kind(catalog, kind.lower(), rest.strip()) if rest and kind.lower() in PREFIXES else None


def _of_kind(catalog: Catalog, kind: str, text: str) -> Found | None:
    wanted = key(text)
    if kind == "record":
        record = catalog.get(text)
        if record is None:
            return None
        return Found(record.kind.value if isinstance(record, Factory) else "initiative", record.id, record)
    if kind == "bid":
        bid = catalog.bid(text)
        return Found("bid", bid.id, bid) if bid is not None else None
    if kind == "wave":
        number = wave_number(text)
        wave = catalog.waves.get(number) if number is not None else None
        return Found("wave", wave_id(wave.number), wave) if wave is not None else None
    if kind == "event":
        entry = next((e for e in timeline(catalog) if key(e.id) == wanted), None)
        return Found("event", entry.id, entry) if entry is not None else None
    item = next((i for i in _items(catalog, kind) if wanted in {key(n) for n in _names(i)}), None)
    return Found(kind, item.id, item) if item is not None else None


def _items(catalog: Catalog, kind: str) -> list[Bid | System | Chip | Source]:
    collection: dict[str, Bid] | dict[str, System] | dict[str, Chip] | dict[str, Source] = (
        catalog.bids
        if kind == "bid"
        else catalog.systems
        if kind == "system"
        else catalog.chips
        if kind == "chip"
        else catalog.sources
    )
    return list(collection.values())


def _names(item: Record | Bid | System | Chip | Source) -> tuple[str, ...]:
    """The names an item answers to: id, name and aliases (a source: its id only; titles are not names)."""
    if isinstance(item, Source):
        return (item.id,)
    return (item.id, item.name, *getattr(item, "aliases", ()))


def suggest(catalog: Catalog, text: str, *, limit: int = 3) -> list[str]:
    """Ids whose id, name or alias resembles ``text``, for "did you mean …": records and bids first; systems, chips
    and waves only when none is close, then events and sources (or only the kind a ``KIND:`` prefix asks for)."""
    kind, _, rest = text.partition(":")
    kind = kind.strip().lower()
    only = kind if rest and kind in PREFIXES else None
    wanted = rest.strip() if only else text
    tiers = [(only,)] if only else [("record", "bid"), ("system", "chip", "wave"), ("event", "source")]
    found: list[tuple[float, list[str]]] = []
    for tier in tiers:
        names = {n: i for each in tier for n, i in _named(catalog, each).items()}
        if ids := closest(wanted, names, limit=limit):
            found.append((max(score(key(wanted), key(n)) for n, i in names.items() if i == ids[0]), ids))
    # The first kind whose best is nearly as close as the closest of any kind (half the usual margin): LUMI-FA is
    # the record LUMI-AF (86), not the system LUMI (90, a piece of it); a mistyped event or source id is that
    # event or source (98), not a record sharing a word (90).
    best = max((s for s, _ in found), default=0.0)
    return next((ids for s, ids in found if s >= best - MARGIN / 2), [])


def _named(catalog: Catalog, kind: str | None) -> dict[str, str]:
    """One kind's names, each with the id that opens it."""
    if kind == "record":
        return {n: r.id for r in reversed(list(catalog.records())) for n in _names(r)}
    if kind == "wave":
        return {f"wave {n}": wave_id(n) for n in catalog.waves}
    if kind == "event":
        return {e.id: e.id for e in catalog.events.values()}
    return {n: i.id for i in reversed(_items(catalog, kind or "")) for n in _names(i)}


@dataclass(frozen=True)
class Members:
    """The records one argument of ``compare`` means: a record itself, the records a country hosts, or a wave's
    factories; ``label`` says which ('Spain (ES)', 'wave 1') and is None for a record named by itself."""

    label: str | None
    records: list[Record]


def members(catalog: Catalog, text: str) -> Members | None:
    """What ``text`` means among records: a record's id, alias or name first, then a wave ('wave 1'), then a
    country (ES, Spain: the factories and antennas it hosts); ``country:ES`` and ``wave:1`` ask for one reading.
    None when nothing is named so; a country that hosts nothing is a usage error saying where it is a partner."""
    kind, _, rest = text.partition(":")
    kind = kind.strip().lower()
    if rest and kind == "country":
        return _hosted(catalog, resolve(rest.strip(), what=text))
    if rest and kind == "wave":
        number = int(rest) if rest.strip().isdigit() else wave_number(rest)
        return _wave(catalog, number, text)
    if (record := catalog.get(text)) is not None:
        return Members(None, [record])
    if (number := wave_number(text)) is not None:
        return _wave(catalog, number, text)
    code = lookup(text)
    return _hosted(catalog, code) if code is not None else None


def _wave(catalog: Catalog, number: int | None, text: str) -> Members:
    if number is None or number not in catalog.waves:
        waves = ", ".join(f"wave {n}" for n in catalog.waves)
        raise UsageError(f"{text}: no such wave; the waves are {waves}")
    return Members(f"wave {number}", [f for f in catalog.factories.values() if f.wave == number])


def _hosted(catalog: Catalog, code: str) -> Members:
    hosted: list[Record] = [f for f in catalog.factories.values() if f.country == code]
    if not hosted:
        partner = [f.id for f in catalog.factories.values() if code in f.partners]
        where = f"; it is a consortium partner of {', '.join(partner)}" if partner else ""
        raise UsageError(f"{COUNTRIES[code]} ({code}) hosts no factory or antenna{where}")
    return Members(f"{COUNTRIES[code]} ({code})", hosted)


def suggest_members(catalog: Catalog, text: str, *, limit: int = 3) -> list[str]:
    """For a name ``members`` does not know: the closest factories and antennas, waves and countries."""
    names = {n: f.id for f in catalog.factories.values() for n in _names(f)}
    names |= {f"wave {n}": f"wave {n}" for n in catalog.waves}
    hosts = {f.country for f in catalog.factories.values()}
    names |= {name: COUNTRIES[code] for code in sorted(hosts) for name in (code, COUNTRIES[code])}
    return closest(text.partition(":")[2] or text, names, limit=limit)

"""The tables that relate records: claims, citations, systems' figures and TOP500 entries, and bids' sites and
members."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aifx.dataset.models import Bid, Claim, Event, Factory, Figure, Initiative, Member, Site, System, Top500, Wave
from aifx.exports.columns import Column, ForeignKey, Plain, Table, Type, computed, euro_columns, model_columns

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog


@dataclass(frozen=True)
class _Owner:
    """Who holds a claim, a figure or a citation: its collection, the id people read, and its key there."""

    collection: str
    record: str
    key: str | int


Owned = Factory | Initiative | Bid | Wave | System | Event


def _owners(catalog: Catalog) -> list[tuple[_Owner, Owned]]:
    found: list[tuple[_Owner, Owned]] = []
    found += [(_Owner("factories", f.id, f.id), f) for f in catalog.factories.values()]
    found += [(_Owner("initiatives", r.id, r.id), r) for r in catalog.initiatives.values()]
    found += [(_Owner("bids", b.id, b.id), b) for b in catalog.bids.values()]
    found += [(_Owner("waves", f"wave-{w.number}", w.number), w) for w in catalog.waves.values()]
    found += [(_Owner("systems", s.id, s.id), s) for s in catalog.systems.values()]
    found += [(_Owner("events", e.id, e.id), e) for e in catalog.events.values()]
    return found


_LINKS = (
    ("factory", "factories", "id"),
    ("initiative", "initiatives", "id"),
    ("bid", "bids", "id"),
    ("wave", "waves", "number"),
)
_CITERS = (*_LINKS, ("system", "systems", "id"), ("event", "events", "id"))


def _claims(item: Owned) -> tuple[str, list[Claim]]:
    """The claims an item holds and the field that holds them: a record's budget, a bid's size, a wave's totals."""
    if isinstance(item, Wave):
        return "totals", list(item.totals)
    if isinstance(item, Bid):
        return "size", list(item.size)
    if isinstance(item, Factory | Initiative):
        return "budget", list(item.budget)
    return "", []


def _links(owner: _Owner, links: tuple[tuple[str, str, str], ...]) -> tuple[Plain, ...]:
    return tuple(owner.key if owner.collection == table else None for _, table, _ in links)


def _link_columns(links: tuple[tuple[str, str, str], ...]) -> tuple[list[Column], tuple[ForeignKey, ...]]:
    columns = [
        Column(c, Type.integer if t == "waves" else Type.string, f"The {c}, when it is one.") for c, t, _ in links
    ]
    return columns, tuple(ForeignKey(c, t, o) for c, t, o in links)


def claims(catalog: Catalog) -> Table:
    """Every budget claim of factories and initiatives and every investment total of waves."""
    specs = [*model_columns(Claim), *euro_columns("", lambda c: c, catalog.sources, origin=("Claim.value",))]
    rows: list[tuple[Plain, ...]] = []
    for owner, item in _owners(catalog):
        name, held = _claims(item)
        for i, c in enumerate(held):
            at = (owner.collection, owner.record, f"{name}[{i}]")
            rows.append((*at, *_links(owner, _LINKS), *(s.get(c) for s in specs)))
    links, foreign = _link_columns(_LINKS)
    columns = (
        Column(
            "collection", Type.string, "The table of the record it belongs to: factories, initiatives, bids or waves."
        ),
        Column("record", Type.string, "The record's id (wave-N for a wave)."),
        Column(
            "field",
            Type.string,
            "Which claim of the record: budget[0], budget[1], … (totals[N] for a wave, size[N] for a bid).",
            ("Factory.budget", "Initiative.budget", "Wave.totals", "Bid.size"),
        ),
        *links,
        *(s.column for s in specs),
    )
    return Table(
        "claims",
        "Budget claims, investment totals and bids' size claims, one row per claim; several claims about one fact may "
        "disagree.",
        columns,
        rows,
        ("collection", "record", "field"),
        foreign,
        facets=("collection", "scope", "rank", "currency", "qualifier"),
    )


# Every model whose sources _cited reads.
_CITING = (
    "Factory",
    "Initiative",
    "Bid",
    "Wave",
    "System",
    "Event",
    "Claim",
    "Supercomputer",
    "Figure",
    "Top500",
    "Site",
    "Member",
)


def _cited(item: Owned) -> Iterable[tuple[str, list[str]]]:
    """(field, source ids) for every place an item cites sources."""
    yield "sources", list(item.sources)
    name, held = _claims(item)
    for i, c in enumerate(held):
        yield f"{name}[{i}]", list(c.sources)
    if isinstance(item, Bid):
        yield from ((f"sites[{i}]", list(x.sources)) for i, x in enumerate(item.sites))
        yield from ((f"members[{i}]", list(m.sources)) for i, m in enumerate(item.members))
    if isinstance(item, Factory) and item.supercomputer is not None:
        yield "supercomputer", list(item.supercomputer.sources)
    if isinstance(item, System):
        for where, figure in _figures(item):
            yield where, list(figure.sources)
        for i, t in enumerate(item.top500):
            yield f"top500[{i}]", list(t.sources)


def citations(catalog: Catalog) -> Table:
    """Which record cites which source, and for what."""
    rows: dict[tuple[Plain, ...], None] = {}
    for owner, item in _owners(catalog):
        for where, ids in _cited(item):
            for sid in ids:
                rows[(owner.collection, owner.record, where, sid, *_links(owner, _CITERS))] = None
    links, foreign = _link_columns(_CITERS)
    cited = tuple(f"{m}.sources" for m in _CITING)
    columns = (
        Column("collection", Type.string, "The table of the citing record."),
        Column("record", Type.string, "The citing record's id (wave-N for a wave)."),
        Column("field", Type.string, "What the source supports: sources (the record), budget[N] (a claim), …"),
        Column("source", Type.string, "The source's id (sources table).", cited),
        *links,
    )
    return Table(
        "citations",
        "Every citation: which record cites which source, and for which field or claim.",
        columns,
        list(rows),
        ("collection", "record", "field", "source"),
        (ForeignKey("source", "sources", "id"), *foreign),
        facets=("collection", "field", "source"),
    )


def _figures(system: System) -> Iterable[tuple[str, Figure]]:
    for i, a in enumerate(system.accelerators):
        for j, f in enumerate(a.count):
            yield f"accelerators[{i}].count[{j}]", f
    yield from ((f"performance[{i}]", f) for i, f in enumerate(system.performance))
    yield from ((f"power_mw[{i}]", f) for i, f in enumerate(system.power_mw))


def figures(catalog: Catalog) -> Table:
    """Systems' sourced figures: accelerator counts, performance and power."""
    specs = model_columns(Figure)
    rows: list[tuple[Plain, ...]] = []
    for s in catalog.systems.values():
        models = {f"accelerators[{i}]": a for i, a in enumerate(s.accelerators)}
        for where, f in _figures(s):
            measure = "accelerators" if where.startswith("acc") else where.split("[")[0]
            of = models.get(where.split(".")[0])
            model, chip = (of.model, of.chip) if of else (None, None)
            rows.append((s.id, where, measure, model, chip, *(spec.get(f) for spec in specs)))
    columns = (
        Column("system", Type.string, "The system's id (systems table)."),
        Column(
            "field",
            Type.string,
            "Which figure: accelerators[N].count[M], performance[N] or power_mw[N].",
            ("System.accelerators", "Accelerator.count", "System.performance", "System.power_mw"),
        ),
        Column("measure", Type.string, "accelerators (a count), performance or power_mw (MW)."),
        Column("model", Type.string, "The accelerator model a count is of.", ("Accelerator.model",)),
        Column(
            "chip", Type.string, "The chip a count is of (chips table); empty: model unknown.", ("Accelerator.chip",)
        ),
        *(spec.column for spec in specs),
    )
    return Table(
        "figures",
        "Sourced figures about systems, one row per claim: several figures about one quantity may disagree (rank "
        "says which to prefer) and a part's figure is not the whole system's, so do not SUM them; "
        "compute_accelerators and compute_performance hold the whole-system figures aifx compute adds up.",
        columns,
        rows,
        ("system", "field"),
        (ForeignKey("system", "systems", "id"), ForeignKey("chip", "chips", "id")),
        facets=("measure", "precision", "planned", "part", "rank"),
    )


def top500(catalog: Catalog) -> Table:
    """Systems' entries in TOP500 lists."""
    specs = model_columns(Top500)
    rows: list[tuple[Plain, ...]] = [
        (s.id, *(spec.get(t) for spec in specs)) for s in catalog.systems.values() for t in s.top500
    ]
    columns = (
        Column("system", Type.string, "The system's id (systems table).", ("System.top500",)),
        *(spec.column for spec in specs),
    )
    return Table(
        "top500", "Systems' entries in TOP500 lists.", columns, rows, ("system", "edition"),
        (ForeignKey("system", "systems", "id"),),
    )  # fmt: skip


# Junction tables: each list of ids, codes or names that a record holds as an array column, as rows of pairs with
# foreign keys, so that SQL joins them and Datasette links them ("Links from other tables" on a system's page).


@dataclass(frozen=True)
class _End:
    """One side of a junction table: its column, what it holds, and the table its values are keys of, if any."""

    column: str
    about: str
    table: str | None
    origin: tuple[str, ...] = ()


def _junction(name: str, about: str, ends: tuple[_End, _End], pairs: Iterable[tuple[str, str]]) -> Table:
    """The pairs as rows, each once, in the order the records list them; both sides make the key."""
    columns = tuple(Column(e.column, Type.string, e.about, e.origin) for e in ends)
    foreign = tuple(ForeignKey(e.column, e.table, "id") for e in ends if e.table)
    rows: list[tuple[Plain, ...]] = list(dict.fromkeys(pairs))
    key = tuple(e.column for e in ends)
    return Table(name, about, columns, rows, key, foreign, facets=tuple(e.column for e in ends if not e.table))


_FACTORY = _End("factory", "The factory's or antenna's id (factories table).", "factories")
_SYSTEM = _End("system", "The system's id (systems table).", "systems")


def factory_partners(catalog: Catalog) -> Table:
    """Each factory's consortium partner countries, one row per pair (the partners array as rows)."""
    country = _End("country", "A partner country, ISO 3166-1 alpha-2.", None, ("Factory.partners",))
    pairs = ((f.id, c) for f in catalog.factories.values() for c in f.partners)
    return _junction("factory_partners", "Consortium partner countries of factories and antennas, one row per "
                     "pair; the host country is the factories table's country.", (_FACTORY, country), pairs)  # fmt: skip


def factory_sectors(catalog: Catalog) -> Table:
    """Each factory's focus sectors, one row per pair (the sectors array as rows)."""
    sector = _End("sector", "A focus sector (a controlled vocabulary).", None, ("Factory.sectors",))
    pairs = ((f.id, s.value) for f in catalog.factories.values() for s in f.sectors)
    return _junction(
        "factory_sectors", "Focus sectors of factories and antennas, one row per pair.", (_FACTORY, sector), pairs
    )


def antenna_factories(catalog: Catalog) -> Table:
    """The factories each Antenna connects to (the linked_factories array as rows)."""
    antenna = _End("antenna", "The antenna's id (factories table).", "factories", ("Factory.linked_factories",))
    pairs = ((f.id, linked) for f in catalog.factories.values() for linked in f.linked_factories)
    return _junction(
        "antenna_factories",
        "Which AI Factories each Antenna connects to, one row per link.",
        (antenna, _FACTORY),
        pairs,
    )


def system_factories(catalog: Catalog) -> Table:
    """The factories each system serves, named on either side of the link (Catalog.factories_of)."""
    served = _End(
        "factory", _FACTORY.about, "factories", ("System.factories", "Supercomputer.systems", "Factory.supercomputer")
    )
    pairs = ((s.id, f.id) for s in catalog.systems.values() for f in catalog.factories_of(s.id))
    about = (
        "Which factories and antennas each system serves, one row per link, named on either side: the system's "
        "factories or a factory's supercomputer systems (the arrays systems.factories and factories.systems)."
    )
    return _junction("system_factories", about, (_SYSTEM, served), pairs)


def system_initiatives(catalog: Catalog) -> Table:
    """The initiatives each system belongs to (the initiatives array as rows)."""
    initiative = _End("initiative", "The initiative's id (initiatives table).", "initiatives", ("System.initiatives",))
    pairs = ((s.id, i) for s in catalog.systems.values() for i in s.initiatives)
    about = "Which sovereign-AI initiatives each system belongs to, one row per link."
    return _junction("system_initiatives", about, (_SYSTEM, initiative), pairs)


_NAMED = (*_LINKS[:2], ("system", "systems", "id"))  # the collections whose records have aliases


def aliases(catalog: Catalog) -> Table:
    """Every other name a factory, an initiative or a system goes by, one row each (the aliases arrays as rows)."""
    named: list[tuple[_Owner, Factory | Initiative | System]] = []
    named += [(_Owner("factories", f.id, f.id), f) for f in catalog.factories.values()]
    named += [(_Owner("initiatives", r.id, r.id), r) for r in catalog.initiatives.values()]
    named += [(_Owner("systems", s.id, s.id), s) for s in catalog.systems.values()]
    rows = {(o.collection, o.record, a, *_links(o, _NAMED)): None for o, item in named for a in item.aliases}
    links, foreign = _link_columns(_NAMED)
    columns = (
        Column("collection", Type.string, "The table of the record: factories, initiatives or systems."),
        Column("record", Type.string, "The record's id."),
        Column("alias", Type.string, "Another name or abbreviation it goes by.",
               ("Factory.aliases", "Initiative.aliases", "System.aliases")),
        *links,
    )  # fmt: skip
    about = "Other names and abbreviations of factories, initiatives and systems, one row per name."
    return Table("aliases", about, columns, list(rows), ("collection", "record", "alias"), foreign,
                 facets=("collection",))  # fmt: skip


def junctions(catalog: Catalog) -> list[Table]:
    """Every junction table."""
    return [
        b(catalog)
        for b in (factory_partners, factory_sectors, antenna_factories, system_factories, system_initiatives, aliases)
    ]


def bid_sites(catalog: Catalog) -> Table:
    """Where each gigafactory bid would build, one row per site."""
    where = "Site.coordinates"
    specs = model_columns(
        Site,
        {
            "coordinates": [
                computed("lat", Type.number, "Latitude of the site (WGS 84); empty when unknown.",
                         lambda x: x.coordinates.lat if x.coordinates else None, origin=[where, "Coordinates.lat"]),
                computed("lon", Type.number, "Longitude of the site (WGS 84); empty when unknown.",
                         lambda x: x.coordinates.lon if x.coordinates else None, origin=[where, "Coordinates.lon"]),
            ]
        },
    )  # fmt: skip
    rows: list[tuple[Plain, ...]] = [
        (b.id, i, *(spec.get(x) for spec in specs)) for b in catalog.bids.values() for i, x in enumerate(b.sites)
    ]
    columns = (
        Column("bid", Type.string, "The bid's id (bids table).", ("Bid.sites",)),
        Column("n", Type.integer, "The site's place in the bid's list, from 0."),
        *(spec.column for spec in specs),
    )
    return Table(
        "bid_sites",
        "The sites gigafactory bids would build on, one row per site, with coordinates where known.",
        columns,
        rows,
        ("bid", "n"),
        (ForeignKey("bid", "bids", "id"),),
        label="place",
        facets=("country",),
    )


def bid_members(catalog: Catalog) -> Table:
    """Who takes part in or backs each gigafactory bid, one row per member."""
    specs = model_columns(Member)
    rows: list[tuple[Plain, ...]] = [
        (b.id, i, *(spec.get(m) for spec in specs)) for b in catalog.bids.values() for i, m in enumerate(b.members)
    ]
    columns = (
        Column("bid", Type.string, "The bid's id (bids table).", ("Bid.members",)),
        Column("n", Type.integer, "The member's place in the bid's list, from 0."),
        *(spec.column for spec in specs),
    )
    return Table(
        "bid_members",
        "The companies and public bodies taking part in or backing gigafactory bids, one row per member.",
        columns,
        rows,
        ("bid", "n"),
        (ForeignKey("bid", "bids", "id"),),
        label="name",
        facets=("kind", "role", "country"),
    )

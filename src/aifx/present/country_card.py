"""One country's place in the programme: what it hosts, the consortia it is in, its money, what is near, how to get in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aifx.core.budgets import INITIATIVES, Total, total
from aifx.core.fields import FACTORIES
from aifx.core.fields import country as country_name
from aifx.core.money import claim_json, described, euros, record_json
from aifx.core.nearby import rank
from aifx.core.places import Place
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Bid, Claim, Factory, Initiative
from aifx.dataset.vocabulary import Kind, Rank, Verification
from aifx.present.bids import bid_json
from aifx.present.cards import Refs, ways_in
from aifx.present.tables import full
from aifx.present.views import CardView, Line
from aifx.text.countries import COUNTRIES

NEAREST = 3  # factories listed as nearest, and antennas apart
ACCESS = (
    "EuroHPC describes each AI Factory as a one-stop shop through which start-ups, SMEs and researchers reach its "
    "AI-optimised supercomputer and services, and each Antenna as its own country's way in to a linked factory's "
    "computing, used remotely. Who may apply is set call by call; aifx found no official statement that users of "
    "every EU and EuroHPC participating state may apply to every factory."
)
# Who says so: EuroHPC JU on the AI Factory pillar (26 July 2024) and the Antenna call's results (October 2025).
ACCESS_SOURCES = ("eurohpc-2024-07-26-work-programme-ai-pillar", "developmentaid-2025-10-23-aifa-results")


@dataclass(frozen=True)
class Profile:
    """Everything the dataset says about one country, computed once for the card and its JSON."""

    code: str
    hosts: list[Factory]
    partner_of: list[Factory]
    linked: list[Factory]  # other countries' antennas linked to factories it hosts or is a partner of
    initiatives: list[Initiative]
    bids: list[Bid]  # the AI gigafactory bids it is one of the countries of
    shares: list[tuple[str, Claim | None]]  # (record id, its national-share claim for the country, or None)
    set_aside: list[tuple[str, Claim]]  # deprecated claims for the country: shown, never summed
    origin: Place | None  # where distances are measured from: the capital, per GeoNames
    nearest: list[tuple[Factory, float]]  # the NEAREST factories and the NEAREST antennas, all nearest first

    @property
    def empty(self) -> bool:
        """Whether the dataset has nothing on this country."""
        return not (self.hosts or self.partner_of or self.initiatives or self.bids or self.shares or self.set_aside)

    total: Total  # the honest sum of its shares in euros: records without one counted as unknown, never as zero


def profile(catalog: Catalog, cc: str, *, origin: Place | None) -> Profile:
    """The country's records, consortia, shares and nearest records (from ``origin``, when known)."""
    factories = list(catalog.factories.values())
    hosts = [f for f in factories if f.country == cc]
    partner_of = [f for f in factories if cc in f.partners]
    theirs = {f.id for f in (*hosts, *partner_of)}
    linked = [f for f in factories if f.kind is Kind.antenna and f.country != cc and theirs & set(f.linked_factories)]
    initiatives = [r for r in catalog.initiatives.values() if r.country == cc]
    bids = [b for b in catalog.bids.values() if cc in b.countries]
    shares: list[tuple[str, Claim | None]] = []
    set_aside: list[tuple[str, Claim]] = []
    claimed: list[tuple[str, list[Claim]]] = [(r.id, list(r.budget)) for r in catalog.records()]
    claimed += [(b.id, [c for c in b.size if c.currency]) for b in catalog.bids.values()]
    for record_id, budget in claimed:
        own = [c for c in budget if c.party == cc and c.rank is not Rank.deprecated]
        set_aside += [(record_id, c) for c in budget if c.party == cc and c.rank is Rank.deprecated]
        if own or record_id in theirs:
            shares.append((record_id, next((c for c in own if c.rank is Rank.preferred), own[0] if own else None)))
    nearest: list[tuple[Factory, float]] = []
    if origin is not None:
        ranked = rank(factories, origin).ranked
        kept = {f.id for kind in Kind for f in [f for f, _ in ranked if f.kind is kind][:NEAREST]}
        nearest = [(f, d) for f, d in ranked if f.id in kept]
    summed = total(euros(c, catalog.sources) for _, c in shares)
    return Profile(cc, hosts, partner_of, linked, initiatives, bids, shares, set_aside, origin, nearest, summed)


def card(p: Profile, catalog: Catalog) -> CardView:
    """The country card: hosts, consortia, linked antennas, initiatives, shares, nearest, access and ways in."""
    refs = Refs(catalog)
    lines: list[Line] = [Line("country", country_name(p.code))]
    if p.empty:
        lines.append(Line("records", "none: the dataset has no factory, antenna, consortium or initiative here"))
    lines.append(Line("Hosts", "", style="section"))
    hosted = [f for f in p.hosts if f.kind is Kind.factory], [f for f in p.hosts if f.kind is Kind.antenna]
    lines += [Line("AI Factories", _names(hosted[0])), Line("Antennas", _names(hosted[1]))]
    lines.append(Line("Consortia", "", style="section"))
    lines += [Line(f.id, f"partner; hosted in {country_name(f.country)}") for f in p.partner_of] or [
        Line("partner of", "none")
    ]
    lines.append(Line("linked Antennas", _names(p.linked)))
    lines.append(Line("Initiatives", "", style="section"))
    lines += [_initiative(r, refs) for r in p.initiatives] or [Line("initiatives", "none")]
    lines.append(Line("Gigafactory bids", "", style="section"))
    lines += [_bid(b, catalog, refs) for b in p.bids] or [Line("bids", "none disclosed")]
    lines.append(Line("National shares", "", style="section"))
    for record_id, claim in p.shares:
        lines.append(Line(record_id, described(claim, catalog.sources), refs(list(claim.sources)) if claim else ()))
    if p.shares:
        t = p.total
        converted = f", {t.converted} converted at ECB rates" if t.converted else ""
        lines.append(Line("sum", f"{t.text} ({t.counted} stated{converted}, {t.unknown} unknown, not counted as zero)"))
    else:
        lines.append(Line("shares", "none"))
    for record_id, claim in p.set_aside:
        text = f"{described(claim, catalog.sources)}, deprecated: not summed" + (
            f". {' '.join(claim.note.split())}" if claim.note else ""
        )
        lines.append(Line(record_id, text, refs(list(claim.sources)), "weak"))
    lines += _nearest(p)
    lines.append(Line("Access", "", style="section"))
    access_refs = refs([s for s in ACCESS_SOURCES if s in catalog.sources])
    lines.append(Line("how to get in", ACCESS, access_refs))
    lines.append(Line("ways in", _ways_in_scope(p, catalog)))
    for f in (*p.hosts, *p.partner_of):
        lines.append(Line(f"Ways in: {f.id}", "", style="section"))  # short: a heading sets the label column's width
        role = "host" if f in p.hosts else f"partner ({f.id} is hosted in {country_name(f.country)})"
        lines += [Line("role", role), *ways_in(f)]
    notes = [f"the dataset has nothing on {country_name(p.code)}"] if p.empty else []
    return CardView(country_name(p.code), lines, refs.footnotes(), _dump(p, catalog), notes)


def _initiative(r: Initiative, refs: Refs) -> Line:
    """An initiative with its status and its verification, each named: a status is no statement of how sure it is."""
    text = f"{r.name} — {r.kind}; status: {r.status}; verification: {r.verification.value}"
    return Line(r.id, text, refs(list(r.sources)), "weak" if r.verification is Verification.unconfirmed else "")


def _bid(b: Bid, catalog: Catalog, refs: Refs) -> Line:
    """A bid with its stage, since when (citing the event that dates it), its countries and its verification."""
    from aifx.core.bids import since
    from aifx.core.history import stages

    dated = stages(catalog, b.id)
    text = f"{b.name} — stage {b.stage.value}" + (f" since {when}" if (when := since(b, catalog)) else "")
    text += f"; countries: {', '.join(b.countries)}" if len(b.countries) > 1 else ""
    text += f"; verification: {b.verification.value}"
    cited = refs(list(dated[-1].sources)) if dated else ()
    return Line(b.id, text, cited, "weak" if b.verification is Verification.unconfirmed else "")


def _ways_in_scope(p: Profile, catalog: Catalog) -> str:
    """Which records the ways in below cover, and why the country's initiatives and gigafactory bids have none."""
    name = COUNTRIES[p.code]
    covered = [f.id for f in (*p.hosts, *p.partner_of)]
    text = (
        f"below, for each factory and antenna {name} hosts or is a partner in: {', '.join(covered)}"
        if covered
        else f"none: {name} hosts no factory or antenna and is a partner in none (the nearest are listed above)"
    )
    shared = [rid for rid, _ in (*p.shares, *p.set_aside) if rid in catalog.initiatives]
    initiatives = list(dict.fromkeys([*(r.id for r in p.initiatives), *shared]))
    groups = [f"initiatives ({', '.join(initiatives)})"] if initiatives else []
    groups += [f"gigafactory bids ({', '.join(b.id for b in p.bids)})"] if p.bids else []
    if groups:
        text += f"; the dataset keeps no website, access page or contact for {' or '.join(groups)}"
    return text


def _names(records: list[Factory]) -> str:
    return ", ".join(f"{f.id} ({f.city or COUNTRIES[f.country]})" for f in records) or "none"


def _nearest(p: Profile) -> list[Line]:
    """The nearest AI Factories, then the nearest Antennas, each group nearest first (an Antenna is its own country's
    way in, so a near one abroad is no substitute for a factory)."""
    if p.origin is None:
        return [Line("Nearest", "", style="section"), Line("from", "unknown: GeoNames lists no capital")]
    lines: list[Line] = []
    for kind, title in ((Kind.factory, "AI Factories"), (Kind.antenna, "Antennas")):
        group = [(f, km) for f, km in p.nearest if f.kind is kind]
        if not group:
            continue
        lines.append(Line(f"Nearest {title}", "", style="section"))
        lines.append(Line("from", f"{p.origin.label}, the capital (GeoNames); nearest first"))
        for f, km in group:
            if f.city:
                lines.append(Line(f.id, f"{km:,.0f} km, in {f.city}, {f.country}"))
            else:  # placed at a stand-in point (a capital, the host's home city): the distance is rough
                lines.append(Line(f.id, f"~{km:,.0f} km, in {COUNTRIES[f.country]} (no host city known)"))
    return lines


def _dump(p: Profile, catalog: Catalog) -> dict[str, Any]:
    t = p.total
    return {
        "country": p.code,
        "name": COUNTRIES[p.code],
        "empty": p.empty,
        "hosts": [f.id for f in p.hosts],
        "partner_of": [f.id for f in p.partner_of],
        "linked_antennas": [f.id for f in p.linked],
        "initiatives": [r.id for r in p.initiatives],
        "bids": [b.id for b in p.bids],
        "national_shares": [
            {"record": rid, "claim": claim_json(c, catalog.sources) if c else None} for rid, c in p.shares
        ],
        "national_shares_deprecated": [
            {"record": rid, "claim": claim_json(c, catalog.sources)} for rid, c in p.set_aside
        ],
        "national_share_sum": {**t.jsonable(), "approximate": t.approximate},
        "distances_from": None if p.origin is None else {**p.origin.dump(), "what": "capital", "gazetteer": "GeoNames"},
        "nearest": [{"id": f.id, "kind": f.kind.value, "distance_km": round(km, 1)} for f, km in p.nearest],
        "access": {"text": ACCESS, "sources": list(ACCESS_SOURCES)},
        "ways_in": [
            {"id": f.id, "website": f.website, "access": f.access, "contact": f.contact}
            for f in (*p.hosts, *p.partner_of)
        ],
        "records": [
            full(FACTORIES, f, catalog, record_json(f, catalog.sources)) for f in (*p.hosts, *p.partner_of, *p.linked)
        ]
        + [full(INITIATIVES, r, catalog, record_json(r, catalog.sources)) for r in p.initiatives]
        + [bid_json(b, catalog) for b in p.bids],
    }

"""The gigafactory race on screen: the bids as a table (``aifx gigafactories``) and one bid as a card (``aifx show``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aifx.core.bids import BIDS, MONEY, planned
from aifx.core.equivalents import RULES, Basis
from aifx.core.fields import country, disagreeing
from aifx.core.history import Entry, dump, stages, timeline, when
from aifx.core.money import record_json
from aifx.core.values import as_text
from aifx.dataset.catalog import Catalog, cited_by
from aifx.dataset.models import Bid, Claim, Member, Site
from aifx.dataset.vocabulary import Rank, Verification
from aifx.present.cards import Refs, claim_text, headline
from aifx.present.tables import full, table
from aifx.present.views import CardView, Line, TableView

RACE = (
    "the EU is to fund up to five AI gigafactories; competing bids are alternatives, never added up; a stage is dated "
    "by the bid's latest bid event (aifx timeline --kind bid)"
)


def bid_json(bid: Bid, catalog: Catalog) -> dict[str, Any]:
    """A bid as JSON holds it: every field, each size claim with its euro value, and each listing field's own JSON."""
    return full(BIDS, bid, catalog, record_json(bid, catalog.sources))


def listing(picked: Sequence[Bid], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """The bids as rows; JSON carries every field unless columns were chosen."""
    dump_ = (lambda b: bid_json(b, catalog)) if full_json else None
    title = f"{len(picked)} AI gigafactory bid{'s' if len(picked) != 1 else ''}"
    return table(BIDS, picked, catalog, columns, title=title, dump=dump_, notes=[RACE] if picked else [])


def card(bid: Bid, catalog: Catalog) -> CardView:
    """A bid's card: who, where, how big (money in euros), how far it got (its stages as a timeline), and sources."""
    refs = Refs(catalog)
    own = refs(list(bid.sources))
    events = [e for e in timeline(catalog) if bid.id in e.records]
    lines = [Line("id", bid.id), Line("name", bid.name)]
    if bid.aliases:
        lines.append(Line("aliases", ", ".join(bid.aliases)))
    lines += [
        Line("countries", ", ".join(country(c) for c in bid.countries)),
        _stage_line(bid, catalog, refs),
        Line(
            "verification", bid.verification.value, own, "weak" if bid.verification is Verification.unconfirmed else ""
        ),
        Line("related", ", ".join(bid.related) or "—"),
        Line("Members", "", style="section"),
        *([_member(m, refs) for m in bid.members] or [Line("members", "none named by the sources found")]),
        Line("Sites", "", style="section"),
        *([_site(s, refs) for s in bid.sites] or [Line("sites", "none named by the sources found")]),
        Line("Size", "", style="section"),
        *_size(bid, catalog, refs),
    ]
    if bid.summary or bid.notes:
        lines.append(Line("About", "", style="section"))
        lines += [Line(k, " ".join(v.split())) for k, v in (("summary", bid.summary), ("notes", bid.notes)) if v]
    lines += _timeline(events, refs)
    refs(sorted(cited_by(bid), key=lambda s: refs.order.index(s) if s in refs.order else len(refs.order)))
    detail = bid_json(bid, catalog)
    detail["stages"] = [{"date": e.date.isoformat(), "stage": e.status, "event": e.id} for e in stages(catalog, bid.id)]
    detail["h100e_detail"] = _planned_json(bid, catalog)
    detail["timeline"] = [dump(e) for e in events]
    detail["sources_detail"] = [catalog.sources[s].model_dump(mode="json") for s in refs.order if s in catalog.sources]
    return CardView(f"{bid.id} — {bid.name}", lines, refs.footnotes(), detail)


def _stage_line(bid: Bid, catalog: Catalog, refs: Refs) -> Line:
    """The stage reached, since when and by which event; a merged bid names the bid it joined."""
    dated = stages(catalog, bid.id)
    text = bid.stage.value
    if dated:
        text += f", since {dated[-1].date.isoformat()}" if dated[-1].precision.value == "day" else ""
        text += f" ({dated[-1].title})"
    if bid.merged_into:
        text += f"; merged into {bid.merged_into}"
    return Line("stage", text, refs(list(dated[-1].sources)) if dated else ())


def _member(m: Member, refs: Refs) -> Line:
    where = ", ".join(p for p in (m.kind.value, m.country) if p)
    text = f"{m.name} ({where})" + (f". {' '.join(m.note.split())}" if m.note else "")
    return Line(m.role.value, text, refs(list(m.sources)))


def _site(s: Site, refs: Refs) -> Line:
    """A site in sentences: where, its role, its coordinates and where they come from (or why unknown), its note."""
    text = ", ".join(p for p in (country(s.country), s.region) if p) + (f"; {s.role}" if s.role else "")
    said = " ".join((s.coordinates_note or "").split()).rstrip(".")
    if s.coordinates is not None:
        text += f". Coordinates {s.coordinates.lat}, {s.coordinates.lon}" + (f": {said}" if said else "")
    else:
        text += ". Coordinates unknown" + (f": {said}" if said else "")
    text += "." + (f" {' '.join(s.note.split())}" if s.note else "")
    return Line(s.place, text, refs(list(s.sources)))


def _size(bid: Bid, catalog: Catalog, refs: Refs) -> list[Line]:
    """Money (with its headline in euros), chips and power as claimed, each with its sources; H100e where derivable."""
    lines: list[Line] = []
    if disagreeing(list(bid.size)):
        lines.append(Line("warning", "sources state different sizes; each claim is listed", style="warn"))
    money = [c for c in bid.size if c.currency is not None]
    if money:
        lines.append(headline(money, catalog))
    for c in bid.size:
        measure = "money" if c.currency else (c.unit or MONEY)
        label = f"{measure} {c.scope.value.replace('_', ' ')}" + (f" {c.party}" if c.party else "")
        lines.append(
            Line(label, _claim(c, catalog), refs(list(c.sources)), "weak" if c.rank is Rank.deprecated else "")
        )
    if not bid.size:
        lines.append(Line("size", "unknown"))
    if bid.size_note:
        lines.append(Line("note", " ".join(bid.size_note.split())))
    lines.append(Line("accelerator", as_text(bid.accelerator) if bid.accelerator else "not named"))
    found = planned(bid, catalog, Basis.bf16)
    amount = found.h100e
    if amount is not None:
        lines.append(Line("H100e (derived)", f"{amount.text} H100e, bf16 basis: {RULES[Basis.bf16]}"))
    else:
        lines.append(Line("H100e (derived)", f"unknown: {'; '.join(found.unknown)}"))
    return lines


def _claim(c: Claim, catalog: Catalog) -> str:
    return claim_text(c, catalog) + (f". {' '.join(c.note.split())}" if c.note else "")


def _timeline(events: list[Entry], refs: Refs) -> list[Line]:
    """The bid's timeline, its stages marked: '2025-06-20  stage eoi-submitted: …'."""
    if not events:
        return []
    lines = [Line("Timeline", "", style="section")]
    for e in events:
        what = f"stage {e.status}" if e.kind == "bid" and e.status else e.kind
        weak = "weak" if e.verification is Verification.unconfirmed else ""
        lines.append(Line(when(e), f"{what}: {e.title}", refs(list(e.sources)), weak))
    return lines


def _planned_json(bid: Bid, catalog: Catalog) -> dict[str, Any]:
    """The announced chips in H100-equivalents on each basis, derived, with why where unknown."""
    found: dict[str, Any] = {"derived": True}
    for basis in Basis:
        p = planned(bid, catalog, basis)
        amount = p.h100e
        found[basis.value] = {
            "rule": RULES[basis],
            "model": p.model,
            "chips_low": p.chips.low if p.chips else None,
            "chips_high": p.chips.high if p.chips else None,
            "low": amount.low if amount else None,
            "high": amount.high if amount else None,
            "unknown": list(p.unknown),
        }
    return found

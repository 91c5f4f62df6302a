"""Tables for the browsing commands: list, compare, waves, budgets, sources, conflicts, initiatives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aifx.catalog import Catalog, Record, cited_by, claims_of, preferred
from aifx.fields import FIELDS, NA, Value, amount, as_text, country, money, value
from aifx.models import Claim, Factory, Qualifier, Rank, Wave
from aifx.search_types import Hit
from aifx.views import TableView


def listing(records: Sequence[Factory], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """Factories as rows; JSON carries every field unless columns were chosen."""
    rows = [[value(c, f, catalog) for c in columns] for f in records]

    def dumps() -> list[dict[str, Any]]:
        if full_json:
            return [f.model_dump(mode="json") for f in records]
        return [dict(zip(columns, [_jsonable(v) for v in row], strict=True)) for row in rows]

    numeric = frozenset(c for c in columns if FIELDS[c].numeric)
    return TableView(f"{len(records)} records", list(columns), rows, [], numeric=numeric, lazy_records=dumps)


def _jsonable(v: Value) -> Any:
    if v is NA:
        return None
    return v.isoformat() if isinstance(v, dt.date) else v


def compare(records: Sequence[Factory], catalog: Catalog) -> TableView:
    """Fields as rows, records as columns; rows whose values differ are highlighted."""
    rows: list[list[Value]] = []
    differ: set[int] = set()
    for i, name in enumerate(FIELDS):
        texts = [as_text(value(name, f, catalog)) for f in records]
        differs = len(set(texts)) > 1
        rows.append([name, *texts, differs])
        if differs:
            differ.add(i)
    columns = ["field", *(f.id for f in records), "differs"]
    dumps = [f.model_dump(mode="json") for f in records]
    notes = [f"{len(differ)} of {len(rows)} fields differ"]
    return TableView("compare", columns, rows, dumps, notes=notes, highlight=frozenset(differ))


@dataclass(frozen=True)
class Total:
    """An honest sum of preferred EUR amounts: bounds kept, unknowns counted, never zero-filled."""

    eur_m: float
    lower_bound: bool
    approximate: bool
    counted: int
    unknown: int

    @property
    def text(self) -> str:
        if not self.counted:
            return "unknown"
        # Unknown members make the known sum a floor, as do 'at least' and 'over' amounts.
        mark = "≥ " if self.lower_bound or self.unknown else ("~ " if self.approximate else "")
        return mark + amount(self.eur_m, "EUR")


def total(claims: Iterable[Claim | None]) -> Total:
    """Sum the EUR claims; 'at least'/'over' make the sum a lower bound, 'about' approximate."""
    amount, lower, approx, counted, unknown = 0.0, False, False, 0, 0
    for claim in claims:
        if claim is None or claim.value is None or claim.currency != "EUR":
            unknown += 1
            continue
        amount += claim.value
        counted += 1
        lower |= claim.qualifier in (Qualifier.at_least, Qualifier.over)
        approx |= claim.qualifier in (Qualifier.about, Qualifier.up_to)
    return Total(amount, lower, approx, counted, unknown)


def waves(catalog: Catalog) -> TableView:
    """One row per wave: dates, how many were selected, countries, stated totals and the known sum."""
    columns = ["wave", "announced", "cutoff", "selected", "countries", "stated_totals", "known_sum", "unknown"]
    rows: list[list[Value]] = []
    dumps = []
    for wave in catalog.waves.values():
        members = [f for f in catalog.factories.values() if f.wave == wave.number]
        countries = sorted({c for f in members for c in (f.country, *f.partners)})
        stated = "; ".join(_stated(c) for c in wave.totals if c.rank is not Rank.deprecated) or "unknown"
        known = total(preferred(list(f.budget)) for f in members)
        rows.append(
            [wave.number, wave.announced, wave.cutoff, len(members), len(countries), stated, known.text, known.unknown]
        )
        dump = wave.model_dump(mode="json")
        dump.update(
            selected=len(members),
            countries=countries,
            known_sum_eur_m=known.eur_m if known.counted else None,
            known_sum_text=known.text,
            unknown_budgets=known.unknown,
            factories=[f.id for f in members],
        )
        dumps.append(dump)
    antennas = [f for f in catalog.factories.values() if f.wave is None]
    notes = [f"{len(antennas)} antennas are selected outside the waves: aifx list --kind antenna"] if antennas else []
    numeric = frozenset({"wave", "selected", "countries", "unknown"})
    return TableView("AI Factory selection waves", columns, rows, dumps, notes=notes, numeric=numeric)


def _stated(claim: Claim) -> str:
    scope = "" if claim.scope.value == "total" else f" ({claim.scope.value.replace('_', ' ')})"
    return money(claim) + scope


GROUPS = ("factory", "country", "wave")


def budgets(catalog: Catalog, by: str) -> TableView:
    """Preferred budgets by factory, or honest sums by country or wave, with a bar column."""
    members = list(catalog.factories.values())
    groups: dict[str, list[Factory]] = {}
    for f in members:
        key = (
            f.id
            if by == "factory"
            else (f.country if by == "country" else (f"wave {f.wave}" if f.wave else "antennas"))
        )
        groups.setdefault(key, []).append(f)
    columns = [by, "records", "budget", "eur_m", "unknown"]
    rows: list[list[Value]] = []
    dumps = []
    totals = [total(preferred(list(f.budget)) for f in fs) for fs in groups.values()]
    for (key, fs), t in zip(groups.items(), totals, strict=True):
        text = money(preferred(list(fs[0].budget))) if by == "factory" else t.text
        label = country(key) if by == "country" else key
        rows.append([label, len(fs), text, t.eur_m if t.counted else None, t.unknown])
        dumps.append(
            {
                by: key,
                "records": [f.id for f in fs],
                "budget": text,
                "eur_m": t.eur_m if t.counted else None,
                "lower_bound": t.lower_bound,
                "approximate": t.approximate,
                "unknown": t.unknown,
            }
        )
    sums = [t.eur_m if t.counted else -1.0 for t in totals]
    order = sorted(range(len(rows)), key=lambda i: -sums[i])
    rows, dumps = [rows[i] for i in order], [dumps[i] for i in order]
    grand = total(preferred(list(f.budget)) for f in members)
    notes = [
        f"known total {grand.text} over {grand.counted} records; {grand.unknown} unknown or not in EUR (not counted as zero)"
    ]
    return TableView(
        f"Budgets by {by} (preferred total claims)",
        columns,
        rows,
        dumps,
        notes=notes,
        numeric=frozenset({"records", "eur_m", "unknown"}),
        bar="eur_m",
    )


def sources(catalog: Catalog) -> TableView:
    """Every source and what cites it."""
    columns = ["id", "kind", "publisher", "published", "title", "url", "cited_by"]
    rows: list[list[Value]] = []
    dumps = []
    for s in catalog.sources.values():
        cites = catalog.citing(s.id)
        rows.append([s.id, s.kind.value, s.publisher, s.published, s.title, s.url, cites])
        dumps.append({**s.model_dump(mode="json"), "cited_by": cites})
    return TableView("Sources", columns, rows, dumps)


def source_list(record: Record, catalog: Catalog) -> TableView:
    """A record's sources, numbered, for ``show --sources``."""
    ids = sorted(
        cited_by(record),
        key=lambda s: (s not in record.sources, record.sources.index(s) if s in record.sources else 0, s),
    )
    columns = ["n", "id", "kind", "published", "retrieved", "publisher", "title", "url"]
    picked = [catalog.sources[s] for s in ids]
    rows: list[list[Value]] = [
        [i + 1, s.id, s.kind.value, s.published, s.retrieved, s.publisher, s.title, s.url] for i, s in enumerate(picked)
    ]
    return TableView(
        f"Sources of {record.id}", columns, rows, [s.model_dump(mode="json") for s in picked], numeric=frozenset({"n"})
    )


def conflicts(catalog: Catalog, only: str | None = None) -> TableView:
    """Every fact on which claims disagree (of one record or wave if ``only``), each claim with its sources."""
    columns = ["record", "fact", "claim", "rank", "sources", "note"]
    rows: list[list[Value]] = []
    dumps = []
    items: list[tuple[str, Record | Wave]] = [(f"wave {w.number}", w) for w in catalog.waves.values()]
    items += [(r.id, r) for r in catalog.records()]
    for name, item in [(n, i) for n, i in items if only is None or n == only]:
        for (scope, party), claims in _by_fact(claims_of(item)).items():
            if len({(c.value, c.currency, c.qualifier) for c in claims if c.value is not None}) < 2:
                continue
            fact = scope.replace("_", " ") + (f" {party}" if party else "")
            for c in claims:
                rows.append([name, fact, money(c), c.rank.value, list(c.sources), c.note])
            dumps.append({"record": name, "fact": fact, "claims": [c.model_dump(mode="json") for c in claims]})
    return TableView("Facts on which sources disagree", columns, rows, dumps, notes=[f"{len(dumps)} disputed facts"])


def _by_fact(claims: list[Claim]) -> dict[tuple[str, str | None], list[Claim]]:
    grouped: dict[tuple[str, str | None], list[Claim]] = {}
    for c in claims:
        grouped.setdefault((c.scope.value, c.party), []).append(c)
    return grouped


def initiatives(catalog: Catalog, verification: Sequence[str] = ()) -> TableView:
    """Sovereign-AI initiatives and the gigafactory programme, optionally only those so verified."""
    columns = ["id", "name", "country", "kind", "lead", "announced", "budget", "status", "verification"]
    rows: list[list[Value]] = []
    picked = [r for r in catalog.initiatives.values() if not verification or r.verification.value in verification]
    for r in picked:
        rows.append(
            [
                r.id,
                r.name,
                r.country or "EU",
                r.kind,
                r.lead,
                r.announced,
                money(preferred(list(r.budget))),
                r.status,
                r.verification.value,
            ]
        )
    dumps = [r.model_dump(mode="json") for r in picked]
    return TableView("Sovereign-AI initiatives", columns, rows, dumps)


def search_results(hits: Sequence[Hit], query: str) -> TableView:
    """Search hits with their scores (capped at 100) and the text that matched."""
    columns = ["score", "id", "name", "verification", "field", "matched"]
    rows: list[list[Value]] = [
        [round(min(h.score, 100.0)), h.record.id, h.record.name, h.record.verification.value, h.field, h.matched]
        for h in hits
    ]
    dumps = [dict(zip(columns, row, strict=True)) for row in rows]
    notes = [] if hits else [f"nothing matches {query!r}"]
    return TableView(f"search: {query}", columns, rows, dumps, notes, frozenset({"score"}))


def export(catalog: Catalog, *, lines: bool) -> TableView:
    """The whole dataset: one document, or (``lines``) one typed object per record for jsonl."""
    document: dict[str, Any] = {
        "dataset": catalog.dataset.model_dump(mode="json") if catalog.dataset else None,
        "sources": [s.model_dump(mode="json") for s in catalog.sources.values()],
        "waves": [w.model_dump(mode="json") for w in catalog.waves.values()],
        "factories": [f.model_dump(mode="json") for f in catalog.factories.values()],
        "initiatives": [r.model_dump(mode="json") for r in catalog.initiatives.values()],
    }
    kinds = ("sources", "waves", "factories", "initiatives")
    records = [{"type": kind, **item} for kind in kinds for item in document[kind]]
    return TableView("export", [], [], records, document=None if lines else document)


def stale(catalog: Catalog, before: dt.date) -> TableView:
    """Sources last retrieved before ``before``, oldest first, with what cites them."""
    old = sorted((s for s in catalog.sources.values() if s.retrieved < before), key=lambda s: (s.retrieved, s.id))
    columns = ["id", "retrieved", "kind", "publisher", "url", "cited_by"]
    rows: list[list[Value]] = [[s.id, s.retrieved, s.kind.value, s.publisher, s.url, catalog.citing(s.id)] for s in old]
    notes = [f"{len(old)} of {len(catalog.sources)} sources last checked before {before}"]
    return TableView("Stale sources", columns, rows, [s.model_dump(mode="json") for s in old], notes=notes)

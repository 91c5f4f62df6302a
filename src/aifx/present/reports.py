"""Tables for the browsing commands: list, compare, waves, budgets, conflicts, initiatives, search, export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aifx.core.budgets import CONFLICTS, INITIATIVES, Disputed, Group, budget_registry, total
from aifx.core.fields import FACTORIES, FIELDS, Registry, value
from aifx.core.money import claim_json, described, euros, money, record_json
from aifx.core.search_types import Hit
from aifx.core.values import NA, Cell, Value, as_text, jsonable
from aifx.dataset.catalog import COLLECTIONS, Catalog, preferred
from aifx.dataset.models import Claim, Factory, Initiative
from aifx.dataset.vocabulary import Rank
from aifx.present import tables
from aifx.present.views import TableView


def listing(
    records: Sequence[Factory],
    catalog: Catalog,
    columns: Sequence[str],
    *,
    full_json: bool,
    registry: Registry[Factory] = FACTORIES,
) -> TableView:
    """Factories as rows; JSON carries every field unless columns were chosen."""
    dump = (lambda f: record_json(f, catalog.sources)) if full_json else None
    return tables.table(
        registry,
        records,
        catalog,
        columns,
        title=f"{len(records)} record{'s' if len(records) != 1 else ''}",
        dump=dump,
    )


def compare(records: Sequence[Factory], catalog: Catalog) -> TableView:
    """Fields as rows, records as columns; rows whose values differ are highlighted.

    Notes and summaries are left out: prose side by side always differs and crowds out the facts.
    """
    rows: list[list[Value]] = []
    differ: set[int] = set()
    for i, name in enumerate(n for n, spec in FIELDS.items() if not spec.long):
        texts = [as_text(value(name, f, catalog)) for f in records]
        differs = len(set(texts)) > 1
        rows.append([name, *texts, differs])
        if differs:
            differ.add(i)
    columns = ["field", *(f.id for f in records), "differs"]
    cells = {"field": Cell.key, "differs": Cell.code} | {f.id: Cell.wrap for f in records}
    dumps = [tables.full(FACTORIES, f, catalog, record_json(f, catalog.sources)) for f in records]  # as list's JSON
    notes = [f"{len(differ)} of {len(rows)} fields differ"]
    return TableView(
        "compare",
        columns,
        rows,
        dumps,
        notes=notes,
        highlight=frozenset(differ),
        cells=cells,
        priority=columns,
        more="--wide, -f plain",
    )


def waves(catalog: Catalog) -> TableView:
    """One row per wave: dates, how many were selected, countries, the stated total and the known sum."""
    columns = ["wave", "announced", "cutoff", "selected", "countries", "total", "known_sum", "unknown", "other_totals"]
    rows: list[list[Value]] = []
    dumps = []
    for wave in catalog.waves.values():
        members = [f for f in catalog.factories.values() if f.wave == wave.number]
        countries = sorted({c for f in members for c in (f.country, *f.partners)})
        main = preferred(list(wave.totals))
        others = [_stated(c) for c in wave.totals if c.rank is not Rank.deprecated and c is not main]
        known = total(euros(preferred(list(f.budget)), catalog.sources) for f in members)
        rows.append(
            [
                wave.number,
                wave.announced,
                wave.cutoff,
                len(members),
                len(countries),
                described(main, catalog.sources),
                known.text,
                known.unknown,
                "; ".join(others) or NA,
            ]
        )
        dump = record_json(wave, catalog.sources)
        dump.update(
            selected=len(members),
            countries=countries,
            known_sum=known.jsonable(),
            unknown_budgets=known.unknown,
            factories=[f.id for f in members],
        )
        dumps.append(dump)
    antennas = [f for f in catalog.factories.values() if f.wave is None]
    notes = [f"{len(antennas)} antennas are selected outside the waves: aifx list --kind antenna"] if antennas else []
    cells = {
        "wave": Cell.key,
        "announced": Cell.date,
        "cutoff": Cell.date,
        "selected": Cell.number,
        "countries": Cell.number,
        "total": Cell.code,
        "known_sum": Cell.code,
        "unknown": Cell.number,
        "other_totals": Cell.prose,
    }
    priority = ["wave", "announced", "selected", "total", "known_sum", "unknown", "countries", "cutoff"]
    return TableView("AI Factory selection waves", columns, rows, dumps, notes, cells=cells, priority=priority)


def _stated(claim: Claim) -> str:
    scope = "" if claim.scope.value == "total" else f" ({claim.scope.value.replace('_', ' ')})"
    return money(claim) + scope


def budgets(
    groups: Sequence[Group], catalog: Catalog, by: str, columns: Sequence[str], *, full_json: bool
) -> TableView:
    """Budgets by factory, or honest sums by country or wave, with a bar column; JSON carries every field and the
    claims summed unless columns were chosen."""
    registry = budget_registry(by)
    grand = total(euros(u, catalog.sources) for g in groups for u in g.used)
    converted = (
        f", {grand.converted} converted to euros at the ECB rate of their source's date" if grand.converted else ""
    )
    notes = [
        f"known total {grand.text} over {grand.counted} records{converted}; {grand.unknown} unknown "
        "(not counted as zero)"
    ]

    def dump(g: Group) -> dict[str, Any]:
        t = g.total
        return {
            by: g.key,
            "records": [f.id for f in g.members],
            "budget": jsonable(registry.fields["budget"].get(g, catalog)),
            "eur_m": t.low if t.counted else None,
            "eur_m_high": t.high if t.counted else None,
            "lower_bound": t.lower_bound,
            "approximate": t.approximate,
            "converted": t.converted,
            "unknown": t.unknown,
            "claims": [claim_json(u, catalog.sources) if u is not None else None for u in g.used],
        }

    title = f"Budgets by {by}"
    notes.append("each record counts with its preferred total claim, else its first total claim (column claim)")
    bar = "eur_m" if "eur_m" in columns else None
    return tables.table(
        registry,
        groups,
        catalog,
        columns,
        title=title,
        dump=dump if full_json else None,
        notes=notes,
        bar=bar,
        bar_label="share",
    )


def conflicts(
    rows: Sequence[Disputed], catalog: Catalog, columns: Sequence[str], *, full_json: bool = True
) -> TableView:
    """The disputed claims as a table; JSON groups them by fact, or has one row per claim where columns were chosen."""
    facts: dict[tuple[str, str], list[Claim]] = {}
    for d in rows:
        facts.setdefault((d.record, d.fact), []).append(d.claim)
    view = tables.table(CONFLICTS, rows, catalog, columns, title="Facts on which sources disagree")
    if not full_json:
        return view
    dumps = [
        {"record": r, "fact": f, "claims": [claim_json(c, catalog.sources) for c in cs]} for (r, f), cs in facts.items()
    ]
    notes = [f"{len(facts)} disputed {'fact' if len(facts) == 1 else 'facts'}"]
    return replace(view, lazy_records=None, records=dumps, notes=notes)


def initiatives(
    picked: Sequence[Initiative], catalog: Catalog, columns: Sequence[str], *, full_json: bool
) -> TableView:
    """Sovereign-AI initiatives and the gigafactory programme; JSON carries every field unless columns were chosen."""
    dump = (lambda r: record_json(r, catalog.sources)) if full_json else None
    return tables.table(INITIATIVES, picked, catalog, columns, title="Sovereign-AI initiatives", dump=dump)


def search_results(hits: Sequence[Hit], query: str) -> TableView:
    """Search hits with their scores (capped at 100), the field that matched and an excerpt around it."""
    columns = ["score", "id", "kind", "verification", "field", "excerpt"]
    rows: list[list[Value]] = [
        [round(min(h.score, 100.0)), h.id, h.kind, h.verification, h.field, h.excerpt] for h in hits
    ]
    dumps = [{**dict(zip(columns, row, strict=True)), "name": h.name} for row, h in zip(rows, hits, strict=True)]
    hint = "a number finds only the same amount, in any currency or wording" if any(c.isdigit() for c in query) else ""
    notes = [] if hits else [f"nothing matches {query!r}; {hint or 'try fewer or shorter words'}"]
    cells = {
        "score": Cell.number,
        "id": Cell.key,
        "kind": Cell.code,
        "verification": Cell.code,
        "field": Cell.code,
        "excerpt": Cell.prose,
    }
    priority = ["score", "id", "excerpt", "field", "kind", "verification"]
    return TableView(
        f"search: {query}", columns, rows, dumps, notes, cells=cells, priority=priority, more="--wide, -f plain"
    )


def export(catalog: Catalog, *, lines: bool) -> TableView:
    """The whole dataset: one document, or (``lines``) one typed object per record for jsonl."""
    document: dict[str, Any] = {"dataset": catalog.dataset.model_dump(mode="json") if catalog.dataset else None}
    document |= {c.name: [record_json(item, catalog.sources) for item in catalog.items(c)] for c in COLLECTIONS}
    records = [{"type": c.name, **item} for c in COLLECTIONS for item in document[c.name]]
    return TableView("export", [], [], records, document=None if lines else document)

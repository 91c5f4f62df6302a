"""Tables for the browsing commands: list, compare, waves, budgets, conflicts, initiatives, search, export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from aifx.core.fields import (
    FACTORIES,
    FIELDS,
    FieldSpec,
    Registry,
    Type,
    amount,
    as_text,
    budget_fields,
    by_name,
    country,
    eur_millions,
    money,
    value,
)
from aifx.core.search_types import Hit
from aifx.dataset.catalog import Catalog, Record, claims_of, preferred
from aifx.dataset.models import Claim, Factory, Initiative, Qualifier, Rank, Wave
from aifx.present.views import NA, Cell, TableView, Value


def listing(records: Sequence[Factory], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """Factories as rows; JSON carries every field unless columns were chosen."""
    dump = (lambda f: f.model_dump(mode="json")) if full_json else None
    return FACTORIES.table(
        records, catalog, columns, title=f"{len(records)} record{'s' if len(records) != 1 else ''}", dump=dump
    )


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
    cells = {"field": Cell.key, "differs": Cell.code} | {f.id: Cell.wrap for f in records}
    dumps = [f.model_dump(mode="json") for f in records]
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
    """One row per wave: dates, how many were selected, countries, the stated total and the known sum."""
    columns = ["wave", "announced", "cutoff", "selected", "countries", "total", "known_sum", "unknown", "other_totals"]
    rows: list[list[Value]] = []
    dumps = []
    for wave in catalog.waves.values():
        members = [f for f in catalog.factories.values() if f.wave == wave.number]
        countries = sorted({c for f in members for c in (f.country, *f.partners)})
        main = preferred(list(wave.totals))
        others = [_stated(c) for c in wave.totals if c.rank is not Rank.deprecated and c is not main]
        known = total(preferred(list(f.budget)) for f in members)
        rows.append(
            [
                wave.number,
                wave.announced,
                wave.cutoff,
                len(members),
                len(countries),
                money(main),
                known.text,
                known.unknown,
                "; ".join(others) or NA,
            ]
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


@dataclass(frozen=True)
class Group:
    """One row of ``aifx budgets``: a factory, or the factories of a country or wave, and the claims summed."""

    key: str
    label: str
    members: list[Factory]

    @cached_property
    def used(self) -> list[Claim | None]:
        """The claim each member counts with (computed once: sorting and every column read it)."""
        return [preferred(list(f.budget)) for f in self.members]

    @cached_property
    def total(self) -> Total:
        return total(self.used)


def _claim_used(g: Group, c: Catalog) -> Value:
    """Which claim a row stands on: the preferred total, else the first total claim; counted for groups."""
    used = g.used
    preferred_n = sum(1 for u in used if u is not None and u.rank is Rank.preferred)
    other_n = sum(1 for u in used if u is not None and u.rank is not Rank.preferred)
    none_n = sum(1 for u in used if u is None)
    if len(used) == 1:
        return "preferred" if preferred_n else ("first" if other_n else None)
    parts = [f"{preferred_n} preferred"] + ([f"{other_n} first"] if other_n else [])
    return ", ".join(parts + ([f"{none_n} none"] if none_n else []))


BUDGET_FIELDS = by_name(
    FieldSpec[Group]("key", "the factory, country or wave", lambda g, c: g.label, cell=Cell.key),
    FieldSpec[Group]("records", "factories and antennas summed", lambda g, c: len(g.members), type=Type.number),
    FieldSpec[Group](
        "budget",
        "the row's total as stated, or the honest sum",
        lambda g, c: money(g.used[0]) if len(g.members) == 1 else g.total.text,
        cell=Cell.code,
        sort_by="eur_m",
    ),
    FieldSpec[Group](
        "eur_m",
        "the same in EUR million (unknown when not in EUR)",
        lambda g, c: g.total.eur_m if g.total.counted else None,
        type=Type.number,
    ),
    FieldSpec[Group]("unknown", "members with no EUR total", lambda g, c: g.total.unknown, type=Type.number),
    FieldSpec[Group](
        "claim",
        "preferred: the preferred total claim; first: the first total claim, none being preferred",
        _claim_used,
    ),
    FieldSpec[Group](
        "sources",
        "sources of the claims summed",
        lambda g, c: sorted({s for u in g.used if u is not None for s in u.sources}),
        type=Type.list,
        cell=Cell.keys,
    ),
)


def budget_registry(by: str) -> Registry[Group]:
    """The budget table's fields, its key column named after the grouping (factory, country, wave)."""
    fields = {by: replace(BUDGET_FIELDS["key"], name=by)} | {n: s for n, s in BUDGET_FIELDS.items() if n != "key"}
    default = (
        (by, "budget", "eur_m", "claim") if by == "factory" else (by, "records", "budget", "eur_m", "unknown", "claim")
    )
    return Registry(fields, default, priority=(by, "budget", "eur_m", "share", "unknown", "records", "claim"))


def budget_groups(members: Sequence[Factory], by: str) -> list[Group]:
    """Factories grouped by factory, country or wave, largest known EUR sum first, unknown last."""
    groups: dict[str, list[Factory]] = {}
    for f in members:
        key = (
            f.id
            if by == "factory"
            else (f.country if by == "country" else (f"wave {f.wave}" if f.wave else "antennas"))
        )
        groups.setdefault(key, []).append(f)
    rows = [Group(k, country(k) if by == "country" else k, fs) for k, fs in groups.items()]
    return sorted(rows, key=lambda g: -(g.total.eur_m if g.total.counted else -1.0))


def budgets(groups: Sequence[Group], catalog: Catalog, by: str, columns: Sequence[str]) -> TableView:
    """Budgets by factory, or honest sums by country or wave, with a bar column."""
    registry = budget_registry(by)
    grand = total(u for g in groups for u in g.used)
    notes = [
        f"known total {grand.text} over {grand.counted} records; {grand.unknown} unknown or not in EUR "
        "(not counted as zero)"
    ]

    def dump(g: Group) -> dict[str, Any]:
        t = g.total
        return {
            by: g.key,
            "records": [f.id for f in g.members],
            "budget": registry.fields["budget"].get(g, catalog),
            "eur_m": t.eur_m if t.counted else None,
            "lower_bound": t.lower_bound,
            "approximate": t.approximate,
            "unknown": t.unknown,
            "claims": [u.model_dump(mode="json") if u is not None else None for u in g.used],
        }

    title = f"Budgets by {by}"
    notes.append("each record counts with its preferred total claim, else its first total claim (column claim)")
    bar = "eur_m" if "eur_m" in columns else None
    return registry.table(groups, catalog, columns, title=title, dump=dump, notes=notes, bar=bar, bar_label="share")


@dataclass(frozen=True)
class Disputed:
    """One claim about a fact on which the claims disagree."""

    record: str
    country: str | None
    fact: str
    claim: Claim


CONFLICTS: Registry[Disputed] = Registry(
    fields=by_name(
        FieldSpec[Disputed]("record", "the record or wave", lambda d, c: d.record, cell=Cell.key),
        FieldSpec[Disputed]("country", "the record's country", lambda d, c: d.country or NA, cell=Cell.code),
        FieldSpec[Disputed]("fact", "which amount: total, eu share, …", lambda d, c: d.fact, cell=Cell.code),
        FieldSpec[Disputed](
            "claim", "the amount as claimed", lambda d, c: money(d.claim), cell=Cell.code, sort_by="eur_m"
        ),
        FieldSpec[Disputed]("eur_m", "the amount in EUR million", lambda d, c: eur_millions(d.claim), type=Type.number),
        FieldSpec[Disputed]("rank", "preferred, normal or deprecated", lambda d, c: d.claim.rank.value, cell=Cell.code),
        FieldSpec[Disputed](
            "sources", "the claim's sources", lambda d, c: list(d.claim.sources), type=Type.list, cell=Cell.keys
        ),
        FieldSpec[Disputed]("note", "why the claims differ", lambda d, c: d.claim.note, cell=Cell.prose),
    ),
    default=("record", "fact", "claim", "rank", "sources", "note"),
    priority=("record", "fact", "claim", "rank", "note", "sources"),
)


def disputed(catalog: Catalog, only: str | None = None) -> list[Disputed]:
    """Every claim of every fact on which claims disagree (of one record or wave if ``only``)."""
    items: list[tuple[str, str | None, Record | Wave]] = [(f"wave {w.number}", None, w) for w in catalog.waves.values()]
    items += [(r.id, r.country, r) for r in catalog.records()]
    found = []
    for name, code, item in items:
        if only is not None and name != only:
            continue
        for (scope, party), claims in _by_fact(claims_of(item)).items():
            if len({(c.value, c.currency, c.qualifier) for c in claims if c.value is not None}) < 2:
                continue
            fact = scope.replace("_", " ") + (f" {party}" if party else "")
            found += [Disputed(name, code, fact, c) for c in claims]
    return found


def conflicts(rows: Sequence[Disputed], catalog: Catalog, columns: Sequence[str]) -> TableView:
    """The disputed claims as a table; JSON groups them by fact."""
    facts: dict[tuple[str, str], list[Claim]] = {}
    for d in rows:
        facts.setdefault((d.record, d.fact), []).append(d.claim)
    view = CONFLICTS.table(rows, catalog, columns, title="Facts on which sources disagree")
    dumps = [
        {"record": r, "fact": f, "claims": [c.model_dump(mode="json") for c in cs]} for (r, f), cs in facts.items()
    ]
    notes = [f"{len(facts)} disputed {'fact' if len(facts) == 1 else 'facts'}"]
    return replace(view, lazy_records=None, records=dumps, notes=notes)


def _by_fact(claims: list[Claim]) -> dict[tuple[str, str | None], list[Claim]]:
    grouped: dict[tuple[str, str | None], list[Claim]] = {}
    for c in claims:
        grouped.setdefault((c.scope.value, c.party), []).append(c)
    return grouped


INITIATIVES: Registry[Initiative] = Registry(
    fields=by_name(
        FieldSpec[Initiative]("id", "the id to type", lambda r, c: r.id, cell=Cell.key),
        FieldSpec[Initiative]("name", "name", lambda r, c: r.name, cell=Cell.prose),
        FieldSpec[Initiative]("country", "country code (EU: EU-wide)", lambda r, c: r.country or "EU", cell=Cell.code),
        FieldSpec[Initiative]("kind", "what kind of effort", lambda r, c: r.kind, cell=Cell.code),
        FieldSpec[Initiative]("lead", "lead organisation", lambda r, c: r.lead, cell=Cell.prose),
        FieldSpec[Initiative]("announced", "date announced", lambda r, c: r.announced, type=Type.date),
        *budget_fields(),
        FieldSpec[Initiative]("status", "where it stands", lambda r, c: r.status, cell=Cell.code),
        FieldSpec[Initiative](
            "verification", "confirmed, reported or unconfirmed", lambda r, c: r.verification.value, cell=Cell.code
        ),
        FieldSpec[Initiative]("hardware", "hardware, as described", lambda r, c: r.hardware, cell=Cell.prose),
        FieldSpec[Initiative]("related", "related records", lambda r, c: list(r.related), type=Type.list),
        FieldSpec[Initiative]("sources", "number of sources cited", lambda r, c: len(r.sources), type=Type.number),
    ),
    default=("id", "name", "country", "kind", "lead", "announced", "budget", "status", "verification"),
    priority=("id", "name", "country", "verification", "budget", "status", "announced", "kind", "lead"),
)


def initiatives(
    picked: Sequence[Initiative], catalog: Catalog, columns: Sequence[str], *, full_json: bool
) -> TableView:
    """Sovereign-AI initiatives and the gigafactory programme; JSON carries every field unless columns were chosen."""
    dump = (lambda r: r.model_dump(mode="json")) if full_json else None
    return INITIATIVES.table(picked, catalog, columns, title="Sovereign-AI initiatives", dump=dump)


def search_results(hits: Sequence[Hit], query: str) -> TableView:
    """Search hits with their scores (capped at 100), the field that matched and an excerpt around it."""
    columns = ["score", "id", "kind", "verification", "field", "excerpt"]
    rows: list[list[Value]] = [
        [round(min(h.score, 100.0)), h.id, h.kind, h.verification, h.field, h.excerpt] for h in hits
    ]
    dumps = [{**dict(zip(columns, row, strict=True)), "name": h.name} for row, h in zip(rows, hits, strict=True)]
    notes = [] if hits else [f"nothing matches {query!r}; try fewer or shorter words"]
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
    document: dict[str, Any] = {
        "dataset": catalog.dataset.model_dump(mode="json") if catalog.dataset else None,
        "sources": [s.model_dump(mode="json") for s in catalog.sources.values()],
        "waves": [w.model_dump(mode="json") for w in catalog.waves.values()],
        "factories": [f.model_dump(mode="json") for f in catalog.factories.values()],
        "initiatives": [r.model_dump(mode="json") for r in catalog.initiatives.values()],
        "events": [e.model_dump(mode="json") for e in catalog.events.values()],
        "systems": [s.model_dump(mode="json") for s in catalog.systems.values()],
    }
    kinds = ("sources", "waves", "factories", "initiatives", "events", "systems")
    records = [{"type": kind, **item} for kind in kinds for item in document[kind]]
    return TableView("export", [], [], records, document=None if lines else document)

"""Money: honest sums of EUR claims, budgets grouped by factory, country or wave, and facts on which claims disagree."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

from aifx.core.fields import (
    FieldSpec,
    Registry,
    Type,
    amount,
    budget_fields,
    by_name,
    country,
    eur_millions,
    fields_of,
    money,
    sources_count,
)
from aifx.core.values import NA, Cell, Value
from aifx.dataset.catalog import Catalog, Record, claims_of, preferred
from aifx.dataset.models import Claim, Factory, Initiative, Wave
from aifx.dataset.vocabulary import Qualifier, Rank


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
        for (scope, party), claims in by_fact(claims_of(item)).items():
            if len({(c.value, c.currency, c.qualifier) for c in claims if c.value is not None}) < 2:
                continue
            fact = scope.replace("_", " ") + (f" {party}" if party else "")
            found += [Disputed(name, code, fact, c) for c in claims]
    return found


def by_fact(claims: list[Claim]) -> dict[tuple[str, str | None], list[Claim]]:
    grouped: dict[tuple[str, str | None], list[Claim]] = {}
    for c in claims:
        grouped.setdefault((c.scope.value, c.party), []).append(c)
    return grouped


INITIATIVES: Registry[Initiative] = Registry(
    fields=fields_of(
        Initiative,
        {
            "country": [
                FieldSpec[Initiative](
                    "country", "country code (EU: EU-wide)", lambda r, c: r.country or "EU", cell=Cell.code
                )
            ],
            "budget": [*budget_fields()],
            "sources": [sources_count()],
        },
    ),
    default=("id", "name", "country", "kind", "lead", "announced", "budget", "status", "verification"),
    priority=("id", "name", "country", "verification", "budget", "status", "announced", "kind", "lead"),
)

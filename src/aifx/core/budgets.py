"""Money: honest sums of EUR claims, budgets grouped by factory, country or wave, and facts on which claims disagree."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from aifx.core.fields import FieldSpec, Registry, Type, budget_fields, by_name, country, fields_of, sources_count
from aifx.core.money import CONVERTED, EURO, Money, amount, euros, money
from aifx.core.values import NA, Cell, Quantity, Value
from aifx.dataset.catalog import Catalog, Record, claims_of, preferred
from aifx.dataset.models import Claim, Factory, Initiative, Wave
from aifx.dataset.vocabulary import Qualifier, Rank


@dataclass(frozen=True)
class Total(Quantity):
    """An honest sum of euro amounts: a range where members give ranges, bounds kept, conversions and unknowns
    counted, never zero-filled."""

    low: float
    high: float
    lower_bound: bool
    approximate: bool
    counted: int
    unknown: int
    converted: int = 0

    @property
    def text(self) -> str:
        if not self.counted:
            return "unknown"
        # Unknown members make the known sum a floor, as do 'at least' and 'over' amounts.
        mark = "≥ " if self.lower_bound or self.unknown else ("~ " if self.approximate else "")
        digits = 3 if self.converted else 4
        return mark + (f"{CONVERTED} " if self.converted else "") + amount(self.low, EURO, self.high, digits=digits)

    @property
    def bounds(self) -> tuple[float, float]:
        return (self.low, math.inf if self.lower_bound or self.unknown else self.high)

    @property
    def key(self) -> float:
        return self.low

    def jsonable(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "eur_m": self.low if self.counted else None,
            "eur_m_high": self.high if self.counted else None,
            "lower_bound": self.lower_bound or bool(self.unknown),
            "counted": self.counted,
            "converted": self.converted,
            "unknown": self.unknown,
        }


def total(amounts: Iterable[Money | None]) -> Total:
    """Sum euro amounts (converted ones included, and counted); 'at least'/'over' make the sum a lower bound,
    'about' and 'up to' approximate, ranges a range."""
    low = high = 0.0
    lower = approx = False
    counted = unknown = converted = 0
    for m in amounts:
        if m is None:
            unknown += 1
            continue
        low, high = low + m.low, high + m.high
        counted += 1
        converted += m.converted
        lower |= m.qualifier in (Qualifier.at_least, Qualifier.over)
        approx |= m.qualifier in (Qualifier.about, Qualifier.up_to)
    return Total(low, high, lower, approx, counted, unknown, converted)


@dataclass(frozen=True)
class Group:
    """One row of ``aifx budgets``: a factory, or the factories of a country or wave, and the claims summed."""

    key: str
    label: str
    members: list[Factory]
    catalog: Catalog

    @cached_property
    def used(self) -> list[Claim | None]:
        """The claim each member counts with (computed once: sorting and every column read it)."""
        return [preferred(list(f.budget)) for f in self.members]

    @cached_property
    def total(self) -> Total:
        return total(euros(c, self.catalog.sources) for c in self.used)


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
    FieldSpec[Group](
        "key",
        "the factory, country or wave; in JSON its id or code",
        lambda g, c: g.label,
        cell=Cell.key,
        dump=lambda g, c: g.key,
    ),
    FieldSpec[Group](
        "records",
        "how many factories and antennas are summed; in JSON their ids",
        lambda g, c: len(g.members),
        type=Type.number,
        dump=lambda g, c: [f.id for f in g.members],
    ),
    FieldSpec[Group](
        "budget",
        "the row's total in euros (≈: converted at ECB rates), or the honest sum; compares in EUR million",
        lambda g, c: (euros(g.used[0], c.sources) if len(g.members) == 1 else g.total) or None,
        type=Type.money,
    ),
    FieldSpec[Group](
        "eur_m",
        "the same in EUR million, a range's lower end",
        lambda g, c: g.total.low if g.total.counted else None,
        type=Type.number,
    ),
    FieldSpec[Group](
        "converted", "members whose total was converted to euros", lambda g, c: g.total.converted, type=Type.number
    ),
    FieldSpec[Group]("unknown", "members with no known total", lambda g, c: g.total.unknown, type=Type.number),
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
        (by, "budget", "eur_m", "claim")
        if by == "factory"
        else (by, "records", "budget", "eur_m", "converted", "unknown", "claim")
    )
    return Registry(fields, default, priority=(by, "budget", "eur_m", "share", "unknown", "records", "claim"))


def budget_groups(members: Sequence[Factory], by: str, catalog: Catalog) -> list[Group]:
    """Factories grouped by factory, country or wave, largest euro sum first (converted amounts included), unknown
    last."""
    groups: dict[str, list[Factory]] = {}
    for f in members:
        key = (
            f.id
            if by == "factory"
            else (f.country if by == "country" else (f"wave {f.wave}" if f.wave else "antennas"))
        )
        groups.setdefault(key, []).append(f)
    rows = [Group(k, country(k) if by == "country" else k, fs, catalog) for k, fs in groups.items()]
    return sorted(rows, key=lambda g: -(g.total.low if g.total.counted else -1.0))


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
        FieldSpec[Disputed](
            "eur_m",
            "the amount in EUR million (converted at the ECB rate of its source's date)",
            lambda d, c: m.low if (m := euros(d.claim, c.sources)) else None,
            type=Type.number,
        ),
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
                    "country",
                    "country code (EU: EU-wide; null in JSON, as in the record)",
                    lambda r, c: r.country or "EU",
                    cell=Cell.code,
                    dump=lambda r, c: r.country,
                )
            ],
            "budget": [*budget_fields()],
            "sources": [sources_count()],
        },
    ),
    default=("id", "name", "country", "kind", "lead", "announced", "budget", "status", "verification"),
    priority=("id", "name", "country", "verification", "budget", "status", "announced", "kind", "lead"),
)

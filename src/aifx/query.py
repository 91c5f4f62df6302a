"""Pure filtering and sorting of factories: no I/O, no output."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from aifx.catalog import Catalog, fold
from aifx.errors import UsageError
from aifx.fields import FIELDS, NA, Value, value
from aifx.models import Factory

OPERATORS = ("=", "!=", "<=", ">=", "<", ">", "contains", "in")
_WHERE = re.compile(r"^\s*([a-z_]+)\s*(!=|<=|>=|=|<|>|\s+contains\s+|\s+in\s+)\s*(.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Where:
    """One declarative condition, ``FIELD OP VALUE``; parsed, never evaluated as code."""

    field: str
    op: str
    value: str

    @classmethod
    def parse(cls, text: str) -> Where:
        match = _WHERE.match(text)
        if not match:
            raise UsageError(f"--where {text!r}: expected FIELD OP VALUE with OP one of {', '.join(OPERATORS)}")
        name, op, wanted = match.group(1).lower(), match.group(2).strip().lower(), match.group(3)
        check_field(name, option="--where")
        return cls(name, op, wanted)

    def holds(self, got: Value) -> bool:
        if got is None or got is NA:  # unknown or not applicable matches only "!="
            return self.op == "!="
        if self.op == "in":
            options = {fold(x) for x in self.value.split(",")}
            items = got if isinstance(got, list) else [got]
            return any(fold(_str(x)) in options for x in items)
        if self.op == "contains":
            items = got if isinstance(got, list) else [got]
            return any(fold(self.value) in fold(_str(x)) for x in items)
        if isinstance(got, list):
            hit = any(fold(_str(x)) == fold(self.value) for x in got)
            return hit if self.op == "=" else (not hit if self.op == "!=" else False)
        return _compare(got, self.op, self.value, numeric=FIELDS[self.field].numeric)


def _str(v: object) -> str:
    return v.isoformat() if isinstance(v, dt.date) else str(v)


def _compare(got: Value, op: str, wanted: str, *, numeric: bool) -> bool:
    left: float | str
    right: float | str
    if numeric or (isinstance(got, int | float) and not isinstance(got, bool)):
        try:
            left, right = float(got), float(wanted)  # type: ignore[arg-type]
        except ValueError:
            raise UsageError(f"--where: {wanted!r} is not a number") from None
    else:
        left, right = fold(_str(got) if not isinstance(got, bool) else ("yes" if got else "no")), fold(wanted)
    return {
        "=": left == right,
        "!=": left != right,
        "<": left < right,  # type: ignore[operator]
        "<=": left <= right,  # type: ignore[operator]
        ">": left > right,  # type: ignore[operator]
        ">=": left >= right,  # type: ignore[operator]
    }[op]


def check_field(name: str, *, option: str) -> str:
    """The field name if known, else a usage error listing the valid ones."""
    if name not in FIELDS:
        raise UsageError(f"{option}: unknown field {name!r}; valid fields: {', '.join(FIELDS)}")
    return name


@dataclass(frozen=True)
class Filters:
    """Everything ``aifx list`` can narrow by; empty means no narrowing."""

    waves: Sequence[int] = ()
    countries: Sequence[str] = ()
    partners: Sequence[str] = ()
    kinds: Sequence[str] = ()
    sectors: Sequence[str] = ()
    systems: Sequence[str] = ()
    verification: Sequence[str] = ()
    min_budget: float | None = None
    max_budget: float | None = None
    where: Sequence[Where] = field(default_factory=tuple)


@dataclass(frozen=True)
class Selection:
    """The records a query kept, and how many were left out only because their budget is unknown."""

    records: list[Factory]
    unknown_budget: int = 0


def select(catalog: Catalog, filters: Filters) -> Selection:
    """Records matching every filter, in dataset order."""
    kept: list[Factory] = []
    unknown = 0
    budgeted = filters.min_budget is not None or filters.max_budget is not None
    for f in catalog.factories.values():
        if not _matches(f, catalog, filters):
            continue
        if budgeted:
            amount = value("budget_eur_m", f, catalog)
            if not isinstance(amount, int | float):
                unknown += 1
                continue
            if filters.min_budget is not None and amount < filters.min_budget:
                continue
            if filters.max_budget is not None and amount > filters.max_budget:
                continue
        kept.append(f)
    return Selection(kept, unknown)


def _matches(f: Factory, catalog: Catalog, q: Filters) -> bool:
    system = f.supercomputer.system.value if f.supercomputer else None
    return (
        (not q.waves or f.wave in q.waves)
        and (not q.countries or f.country in q.countries)
        and (not q.partners or f.country in q.partners or any(p in q.partners for p in f.partners))
        and (not q.kinds or f.kind.value in q.kinds)
        and (not q.sectors or any(s.value in q.sectors for s in f.sectors))
        and (not q.systems or system in q.systems)
        and (not q.verification or f.verification.value in q.verification)
        and all(w.holds(value(w.field, f, catalog)) for w in q.where)
    )


def sort(records: list[Factory], catalog: Catalog, spec: str | None) -> list[Factory]:
    """Records ordered by ``FIELD`` or ``FIELD:desc``; unknown values always last."""
    if not spec:
        return records
    name, _, direction = spec.partition(":")
    check_field(name, option="--sort")
    if direction not in ("", "asc", "desc"):
        raise UsageError(f"--sort {spec!r}: direction must be asc or desc")
    values = {r.id: value(name, r, catalog) for r in records}
    known = [r for r in records if values[r.id] not in (None, [], NA)]
    unknown = [r for r in records if values[r.id] in (None, [], NA)]

    def key(r: Factory) -> tuple[int, float, str]:
        v = values[r.id]
        if isinstance(v, int | float) and not isinstance(v, bool):
            return (0, float(v), "")
        return (1, 0.0, fold(_str(v)))

    return sorted(known, key=key, reverse=direction == "desc") + unknown

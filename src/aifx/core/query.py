"""Pure filtering and sorting: typed --where conditions and --sort over any registry of fields."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from aifx.core.fields import FACTORIES, Registry, Type, value
from aifx.core.values import NA, Value, comparable
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Factory
from aifx.errors import UsageError
from aifx.text.suggest import fold

T = TypeVar("T")

OPERATORS = ("=", "!=", "<=", ">=", "<", ">", "contains", "in")
_WHERE = re.compile(r"^\s*([a-z_][a-z0-9_]*)\s*(!=|<=|>=|=|<|>|\s+contains\s+|\s+in\s+)\s*(.*?)\s*$", re.IGNORECASE)
_BOOLS = {"true": True, "yes": True, "false": False, "no": False}
_ORDERED = ("<", "<=", ">", ">=")

Typed = float | bool | dt.date | str


def parse_value(text: str, kind: Type, *, where: str) -> Typed:
    """A command-line value read as the field's type, or a usage error naming the field's type."""
    text = text.strip()
    if kind is Type.number:
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise UsageError(f"{where}: expected a number, got {text!r}")
        return number
    if kind is Type.bool:
        if text.lower() not in _BOOLS:
            raise UsageError(f"{where}: expected yes/no (or true/false), got {text!r}")
        return _BOOLS[text.lower()]
    if kind is Type.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise UsageError(f"{where}: expected a date as YYYY-MM-DD, got {text!r}") from None
    return fold(text)


def number(text: str, *, where: str) -> float:
    """A finite number from the command line, or a usage error (``nan`` and ``inf`` are not amounts)."""
    parsed = parse_value(text, Type.number, where=where)
    assert isinstance(parsed, float)
    return parsed


@dataclass(frozen=True)
class Where:
    """One declarative condition, ``FIELD OP VALUE``, with the value parsed as the field's type."""

    field: str
    op: str
    wanted: tuple[Typed, ...]
    type: Type

    @classmethod
    def parse(cls, text: str, registry: Registry[Any] = FACTORIES) -> Where:
        match = _WHERE.match(text)
        if not match:
            raise UsageError(f"--where {text!r}: expected FIELD OP VALUE with OP one of {', '.join(OPERATORS)}")
        name, op, raw = match.group(1).lower(), match.group(2).strip().lower(), match.group(3)
        spec = registry.check(name, option="--where")
        where = f"--where {text!r}: {name}"
        if op in _ORDERED and spec.type in (Type.bool, Type.list):
            raise UsageError(f"{where} is {_article(spec.type)}; use = or != (or contains, in)")
        element = Type.text if spec.type is Type.list else spec.type
        if op == "contains":
            return cls(spec.name, op, (fold(raw),), spec.type)
        parts = raw.split(",") if op == "in" else [raw]
        return cls(spec.name, op, tuple(parse_value(p, element, where=where) for p in parts), spec.type)

    def holds(self, got: Value) -> bool:
        """Whether a value meets the condition; unknown or not applicable meets only ``!=``."""
        got = comparable(got)
        if got is None or got is NA or got == []:
            return self.op == "!="
        items = [fold(str(x)) for x in got] if isinstance(got, list) else [_typed(got)]
        if self.op == "contains":
            return any(str(self.wanted[0]) in (x if isinstance(x, str) else _shown(x)) for x in items)
        if self.op in ("=", "in"):
            return any(x in self.wanted for x in items)
        if self.op == "!=":
            return all(x not in self.wanted for x in items)
        left, right = items[0], self.wanted[0]
        return bool(
            {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[self.op]  # type: ignore[operator]
        )


def _article(kind: Type) -> str:
    return {Type.number: "a number", Type.bool: "yes/no", Type.date: "a date", Type.list: "a list"}.get(kind, "text")


def _typed(v: Value) -> Typed:
    if isinstance(v, bool):
        return v
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, dt.date):
        return v
    return fold(str(v))


def _shown(v: Typed) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:g}"
    return v.isoformat() if isinstance(v, dt.date) else fold(str(v))


def keep(items: Sequence[T], registry: Registry[T], wheres: Sequence[Where], catalog: Catalog) -> list[T]:
    """The items meeting every condition, in their order."""
    getters = [(w, registry.fields[w.field].get) for w in wheres]
    return [item for item in items if all(w.holds(get(item, catalog)) for w, get in getters)]


def order(items: Sequence[T], registry: Registry[T], spec: str | None, catalog: Catalog) -> list[T]:
    """Items by ``FIELD`` or ``FIELD:desc``, each field by its type; unknown values last in both directions."""
    if not spec:
        return list(items)
    name, _, direction = spec.partition(":")
    field_spec = registry.check(name.strip().lower(), option="--sort")
    if direction.lower() not in ("", "asc", "desc"):
        raise UsageError(f"--sort {spec!r}: direction must be asc or desc")
    by = registry.fields[field_spec.sort_by] if field_spec.sort_by else field_spec
    keyed = [(comparable(by.get(item, catalog)), item) for item in items]
    known = [(k, item) for k, item in keyed if k is not None and k is not NA and k != []]
    unknown = [item for k, item in keyed if k is None or k is NA or k == []]
    key: Callable[[tuple[Value, T]], Any] = lambda pair: _sort_key(pair[0])  # noqa: E731
    return [item for _, item in sorted(known, key=key, reverse=direction.lower() == "desc")] + unknown


def _sort_key(v: Value) -> tuple[int, Any]:
    if isinstance(v, bool):
        return (0, int(v))
    if isinstance(v, int | float):
        return (1, float(v))
    if isinstance(v, dt.date):
        return (2, v.toordinal())
    if isinstance(v, list):
        return (3, fold(", ".join(map(str, v))))
    return (3, fold(str(v)))


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
    """Factories ordered by ``FIELD`` or ``FIELD:desc``."""
    return order(records, FACTORIES, spec, catalog)


def empty_hint(catalog: Catalog, filters: Filters) -> str:
    """Why a factory query found nothing, and a way on when there is one."""
    for code in filters.countries:
        members = [f.id for f in catalog.factories.values() if code in f.partners]
        if members:
            n = len(members)
            return (
                f"{code} hosts none; {n} {'factory has' if n == 1 else 'factories have'} {code} in "
                f"{'its' if n == 1 else 'their'} consortium ({', '.join(members)}): try --partner {code}"
            )
    return "no records match these filters"

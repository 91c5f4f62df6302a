"""Pure filtering and sorting: typed --where conditions and --sort over any registry of fields."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from aifx.core.fields import FACTORIES, FIELDS, NUMERIC, Registry, Type
from aifx.core.values import NA, Quantity, Value, comparable
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import MODEL_NAMES, Factory
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
    if kind in NUMERIC:
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

    def decide(self, got: Value) -> bool | None:
        """Whether a value meets the condition; None when it cannot be told: an amount (money, H100e) that is
        unknown, or whose range or 'at least' straddles the value asked about. Other fields: ``holds``."""
        if self.type not in (Type.money, Type.quantity) or self.op == "contains":
            return self.holds(got)
        if not isinstance(got, Quantity):
            return None
        low, high = got.bounds
        wanted = [float(w) for w in self.wanted if isinstance(w, float)]
        if self.op in ("=", "in", "!="):
            inside = any(low <= w <= high for w in wanted)
            exact = any(low == w == high for w in wanted)
            found = True if exact else (None if inside else False)
            return found if self.op != "!=" else (None if found is None else not found)
        x = wanted[0]
        yes, no = {
            ">": (low > x, high <= x),
            ">=": (low >= x, high < x),
            "<": (high < x, low >= x),
            "<=": (high <= x, low > x),
        }[self.op]
        return True if yes else (False if no else None)

    def holds(self, got: Value) -> bool:
        """Whether a value meets the condition; unknown or not applicable meets only ``!=``."""
        if isinstance(got, Quantity) and self.type in (Type.money, Type.quantity):
            return bool(self.decide(got)) if self.op != "contains" else str(self.wanted[0]) in fold(got.text)
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


@dataclass(frozen=True)
class Kept(Generic[T]):
    """The items meeting every condition, and how many amounts were left out only because they could not be told:
    unknown, or a range or bound on both sides of the value asked about."""

    items: list[T]
    unknown: int = 0
    unsure: int = 0

    def note(self, noun: str = "records") -> str | None:
        """What a reader should know of the amounts left out, or None when none were."""
        parts = [f"{self.unknown} {noun} whose amount is unknown"] if self.unknown else []
        if self.unsure:
            parts.append(f"{self.unsure} whose range or bound ('at least', 'up to') lies on both sides of the value")
        return f"left out by the amount filter: {', '.join(parts)}" if parts else None


def sift(items: Sequence[T], registry: Registry[T], wheres: Sequence[Where], catalog: Catalog) -> Kept[T]:
    """The items meeting every condition, in their order, counting amounts that could not be told."""
    getters = [(w, registry.fields[w.field].get) for w in wheres]
    kept: list[T] = []
    unknown = unsure = 0
    for item in items:
        verdicts = [(w.decide(got), got) for w, get in getters for got in (get(item, catalog),)]
        if all(v is True for v, _ in verdicts):
            kept.append(item)
        elif not any(v is False for v, _ in verdicts):
            if any(v is None and not isinstance(got, Quantity) for v, got in verdicts):
                unknown += 1
            else:
                unsure += 1
    return Kept(kept, unknown, unsure)


def keep(items: Sequence[T], registry: Registry[T], wheres: Sequence[Where], catalog: Catalog) -> list[T]:
    """The items meeting every condition, in their order."""
    return sift(items, registry, wheres, catalog).items


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
    if isinstance(v, Quantity):
        return (1, v.key)
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
    flags: Mapping[str, bool] = field(default_factory=dict)  # yes/no fields by name: --experimental, --no-disputed


@dataclass(frozen=True)
class Selection:
    """The records a query kept, and what to know of the amounts it left out (see ``Kept.note``)."""

    records: list[Factory]
    note: str | None = None


def select(catalog: Catalog, filters: Filters) -> Selection:
    """Records matching every filter, in dataset order; --min-budget and --max-budget compare euros, as
    ``--where 'budget >= N'`` does."""
    matched = [f for f in catalog.factories.values() if _matches(f, catalog, filters)]
    flagged = [f for f in matched if all(FIELDS[n].get(f, catalog) is v for n, v in filters.flags.items())]
    unknown = sum(any(FIELDS[n].get(f, catalog) is None for n in filters.flags) for f in matched)
    matched = flagged
    wheres = [*filters.where]
    if filters.min_budget is not None:
        wheres.append(Where("budget", ">=", (filters.min_budget,), Type.money))
    if filters.max_budget is not None:
        wheres.append(Where("budget", "<=", (filters.max_budget,), Type.money))
    kept = sift(matched, FACTORIES, wheres, catalog)
    names = " or ".join(MODEL_NAMES.get(n, n).replace("_", " ") for n in filters.flags)  # experimental platform
    notes = [f"left out: {unknown} records whose {names} is unknown"] if unknown else []
    notes += [n] if (n := kept.note()) else []
    return Selection(kept.items, "; ".join(notes) or None)


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

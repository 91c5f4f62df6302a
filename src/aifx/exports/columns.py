"""The primitives of every tabular export: typed columns, keys, tables, and columns derived from the models.

Both the record tables (tables.py) and the tables that relate records (relations.py) are built from these; a plain
model field becomes a column by itself, named, typed and described by its model.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aifx.core.money import Money, euros
from aifx.dataset.plain import Plain, PlainField, Shape, laid_out, plain

if TYPE_CHECKING:
    from pydantic import BaseModel

    from aifx.dataset.models import Claim, Source

__all__ = [
    "Column",
    "ForeignKey",
    "Plain",
    "Spec",
    "Table",
    "Type",
    "computed",
    "euro_columns",
    "model_columns",
    "plain",
    "table",
]


class Type(enum.StrEnum):
    """A column's type, named as Frictionless Table Schema names it."""

    string = "string"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    date = "date"
    array = "array"  # a list of text values: a JSON array in SQLite and CSV, comma-joined in a spreadsheet


_TYPES = {
    Shape.integer: Type.integer,
    Shape.number: Type.number,
    Shape.bool: Type.boolean,
    Shape.date: Type.date,
    Shape.list: Type.array,
}


@dataclass(frozen=True)
class Column:
    """One column: its name, type and what it means, the model fields (``Model.field``) it comes from, and the unit
    of a quantity in one unit (PFLOPS, GB, W: names Datasette's units, Pint, read; counts have none)."""

    name: str
    type: Type
    description: str
    origin: tuple[str, ...] = ()
    unit: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    """``column`` holds a key of ``table`` (its column ``other``)."""

    column: str
    table: str
    other: str


@dataclass(frozen=True)
class Table:
    """A table with its keys and the hints Datasette uses (label column, facets, full-text columns)."""

    name: str
    description: str
    columns: tuple[Column, ...]
    rows: list[tuple[Plain, ...]]
    key: tuple[str, ...]
    foreign: tuple[ForeignKey, ...] = ()
    label: str | None = None
    facets: tuple[str, ...] = ()  # an "array:" prefix asks for an array facet
    search: tuple[str, ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class Spec:
    """A column and how to read its value off one item."""

    column: Column
    get: Getter


def computed(name: str, kind: Type, about: str, get: Getter, *, origin: Sequence[str]) -> Spec:
    """A hand-written column: one the models do not hold as it is (a total as stated, lat and lon, …)."""
    return Spec(Column(name, kind, about, tuple(origin)), get)


def euro_columns(
    prefix: str, claim_of: Callable[[Any], Claim | None], sources: Mapping[str, Source], *, origin: Sequence[str]
) -> list[Spec]:
    """A claim's euro value beside it: EUR million (a range's two ends), and the ECB rate and its date where the
    claim is in another currency (empty for euro amounts); the claim as stated stays in its own columns."""

    def eur(item: Any) -> Money | None:
        return euros(claim_of(item), sources)

    name = f"{prefix}_" if prefix else ""
    return [
        computed(f"{name}eur_m", Type.number, "In EUR million, a range's lower end; converted at the ECB reference "
                 "rate of its source's publication date (else the nearest earlier business day) where stated in "
                 "another currency.", lambda r: m.low if (m := eur(r)) else None, origin=origin),
        computed(f"{name}eur_m_high", Type.number, "In EUR million, a range's upper end (the same as the lower end "
                 "for a single amount).", lambda r: m.high if (m := eur(r)) else None, origin=origin),
        computed(f"{name}eur_rate", Type.number, "The ECB rate used (units of the currency per euro); empty for "
                 "amounts stated in euros.", lambda r: m.rate.rate if (m := eur(r)) and m.rate else None,
                 origin=origin),
        computed(f"{name}eur_rate_date", Type.date, "The business day whose ECB rate was used; empty for amounts "
                 "stated in euros.", lambda r: m.rate.on if (m := eur(r)) and m.rate else None, origin=origin),
    ]  # fmt: skip


def _derived(model: type[BaseModel], field: PlainField) -> Spec:
    column = Column(
        field.name,
        _TYPES.get(field.shape, Type.string),
        field.description,
        (f"{model.__name__}.{field.name}",),
        field.unit,
    )
    return Spec(column, field.get)


def model_columns(model: type[BaseModel], place: Mapping[str, Sequence[str | Spec]] | None = None) -> list[Spec]:
    """Every plain field of ``model`` as a column, in its order, with hand-written columns where ``place`` puts
    them (see ``laid_out``)."""
    return [item if isinstance(item, Spec) else _derived(model, item) for item in laid_out(model, place or {})]


def table(
    name: str,
    model: type[BaseModel],
    specs: Sequence[Spec],
    items: Iterable[Any],
    *,
    key: tuple[str, ...],
    **extra: Any,
) -> Table:
    """The items as rows of the specs' columns, described by ``description`` or else the model's docstring."""
    doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    rows = [tuple(plain(s.get(item)) for s in specs) for item in items]
    return Table(name, extra.pop("description", doc), tuple(s.column for s in specs), rows, key, **extra)

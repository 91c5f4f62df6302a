"""The models' plain fields, each one value of text, a number, a date, a yes/no or a list of text.

Listings (core/fields.py) and exports (exports/columns.py) derive their fields from these, so that a field is
declared once, in its model: its name, its shape (from the annotation) and its description (``Field(description=…)``).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel

from aifx.dataset.fieldtypes import Country

X = TypeVar("X")

Plain = str | int | float | bool | dt.date | list[str] | None

_COUNTRY = get_args(Country)[1:]  # the validator that makes a text a country code


class Shape(enum.StrEnum):
    """What a plain field holds, as much as a column needs to know."""

    text = "text"  # a line of free text: a name, a city
    prose = "prose"  # free text of any length: a note, a summary
    code = "code"  # a value from a vocabulary: an enum, a patterned code (an id, a status), a country code
    url = "url"  # a web address (or a contact: an address or a form's URL)
    integer = "integer"
    number = "number"
    bool = "bool"
    date = "date"
    list = "list"  # a list of text: names, codes or ids


@dataclass(frozen=True)
class PlainField:
    """One plain field of a model: its name as the data files write it, its shape, its description and, for a
    quantity in one unit, that unit (``Field(json_schema_extra={"unit": "TFLOPS"})``)."""

    name: str
    shape: Shape
    description: str
    unit: str | None = None

    def get(self, item: object) -> Plain:
        """The field's value on ``item`` (a record, or anything with the attribute), as tables hold it."""
        return plain(getattr(item, self.name))


def plain(value: Any) -> Plain:
    """A value as tables hold it: enums as their value, lists (and tuples) as lists of text."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return [str(v.value if isinstance(v, enum.Enum) else v) for v in value]
    return value  # type: ignore[no-any-return]


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """The type under ``Annotated[…]`` and ``X | None``, with the metadata met on the way."""
    found: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *more = get_args(annotation)
            found += more
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation, found
            annotation = rest[0]
        else:
            return annotation, found


def _shape(annotation: Any, metadata: Sequence[Any] = ()) -> Shape | None:
    """The shape of a value of this type, or None when it is not plain (a nested model, a list of them)."""
    kind, found = _unwrap(annotation)
    found = [*metadata, *found]
    simple = {bool: Shape.bool, int: Shape.integer, float: Shape.number, dt.date: Shape.date}
    if kind in simple:
        return simple[kind]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return Shape.code
    if kind is str:
        patterns = [str(p) for m in found if (p := getattr(m, "pattern", None))]
        if any("https?://" in p for p in patterns):
            return Shape.url
        if patterns or any(m in _COUNTRY for m in found):
            return Shape.code
        return Shape.text if any(getattr(m, "max_length", None) for m in found) else Shape.prose
    if get_origin(kind) is list:
        item = _shape(get_args(kind)[0])
        return Shape.list if item in (Shape.text, Shape.prose, Shape.code, Shape.url) else None
    return None


@cache
def plain_fields(model: type[BaseModel]) -> dict[str, PlainField]:
    """The model's plain fields by name, in its order, its computed fields last; nested models are left out."""
    found: dict[str, PlainField] = {}
    for name, info in model.model_fields.items():
        if (shape := _shape(info.annotation, info.metadata)) is not None:
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            unit = extra.get("unit")
            found[name] = PlainField(name, shape, info.description or "", unit if isinstance(unit, str) else None)
    for name, computed in model.model_computed_fields.items():
        returns = get_type_hints(computed.wrapped_property.fget)["return"]
        if (shape := _shape(returns)) is not None:
            found[name] = PlainField(name, shape, computed.description or "")
    return found


def laid_out(model: type[BaseModel], place: Mapping[str, Sequence[str | X]]) -> list[PlainField | X]:
    """The model's fields in its order, each plain one as itself unless ``place`` says what stands in its place.

    ``place`` maps a field to hand-written items (computed or renamed fields) and plain fields by name, which
    move there; a field neither plain nor placed (a nested model) is left out.
    """
    fields = plain_fields(model)
    names = [*model.model_fields, *model.model_computed_fields]
    if unknown := [n for n in place if n not in names]:
        raise ValueError(f"{model.__name__} has no field {unknown[0]!r}")
    moved = {item for items in place.values() for item in items if isinstance(item, str)}
    found: list[PlainField | X] = []
    for name in names:
        if name in place:
            found += [fields[item] if isinstance(item, str) else item for item in place[name]]
        elif name in fields and name not in moved:
            found.append(fields[name])
    return found

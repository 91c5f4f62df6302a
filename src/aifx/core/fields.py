"""Named, typed fields: what commands list, filter, sort and compare, for factories and every other table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aifx.core.money import Money, claim_json, euros, money, qualified, stated
from aifx.core.values import NA, Cell, Value, jsonable
from aifx.dataset.catalog import Catalog, preferred
from aifx.dataset.models import MODEL_NAMES, Claim, Factory
from aifx.dataset.plain import PlainField, Shape, laid_out
from aifx.dataset.vocabulary import Kind, Rank, Scope
from aifx.errors import UsageError
from aifx.text.countries import COUNTRIES

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = ["FIELDS", "money", "qualified"]

T = TypeVar("T")


def country(code: str) -> str:
    """A country as people read it: 'Finland (FI)'."""
    return f"{COUNTRIES.get(code, code)} ({code})"


def disagreeing(claims: list[Claim]) -> bool:
    """Whether claims on the same scope and party state different amounts."""
    seen: dict[tuple[str, str | None], set[tuple[float | None, str | None, str]]] = {}
    for c in claims:
        if c.value is None:
            continue
        seen.setdefault((c.scope.value, c.party), set()).add((c.value, c.currency, c.qualifier.value))
    return any(len(v) > 1 for v in seen.values())


def _eu_share(f: Factory) -> Claim | None:
    shares = [c for c in f.budget if c.scope is Scope.eu_share and c.rank is not Rank.deprecated]
    return next((c for c in shares if c.rank is Rank.preferred), shares[0] if shares else None)


class Type(StrEnum):
    """What a field's values are, so that --where parses and --sort orders them as such."""

    text = "text"
    number = "number"
    bool = "yes/no"
    date = "date"
    list = "list"
    money = "EUR million"  # an amount compared in EUR million (converted where stated in another currency)
    quantity = "quantity"  # another typed amount compared as a number (H100-equivalents)


NUMERIC = (Type.number, Type.money, Type.quantity)
_CELLS = {
    Type.number: Cell.number,
    Type.date: Cell.date,
    Type.bool: Cell.code,
    Type.money: Cell.code,
    Type.quantity: Cell.code,
}


@dataclass(frozen=True)
class FieldSpec(Generic[T]):
    """A field users can name in --columns, --where and --sort; ``sort_by`` orders it by another field.

    ``dump`` is the field's JSON where its cell only sums a structure up (a budget's claims behind the headline, a
    record's source ids behind their count); a listing's full JSON then carries that same value under the same key,
    so that a key holds one type and one meaning whether or not --columns chose it.
    """

    name: str
    help: str
    get: Callable[[T, Catalog], Value]
    type: Type = Type.text
    cell: Cell | None = None  # default: from the type, else short text
    sort_by: str | None = None
    long: bool = False  # free text of any length (notes, summaries): listed when asked for, never compared
    dump: Callable[[T, Catalog], Any] | None = None

    def json(self, item: T, catalog: Catalog) -> Any:
        """The field's value as JSON holds it: ``dump``'s where there is one, else the cell's value."""
        return self.dump(item, catalog) if self.dump is not None else jsonable(self.get(item, catalog))

    @property
    def shape(self) -> Cell:
        """How the column behaves in a narrow terminal."""
        return self.cell or _CELLS.get(self.type, Cell.short)


def by_name(*specs: FieldSpec[T]) -> dict[str, FieldSpec[T]]:
    """Field specs keyed by their names, in the order given."""
    return {spec.name: spec for spec in specs}


@dataclass(frozen=True)
class Registry(Generic[T]):
    """The fields of one kind of row, its default columns, and which to keep longest in a narrow terminal."""

    fields: dict[str, FieldSpec[T]]
    default: tuple[str, ...]
    priority: tuple[str, ...] = ()

    def check(self, name: str, *, option: str) -> FieldSpec[T]:
        """The named field, or a usage error with the closest names and the full list."""
        if name in self.fields:
            return self.fields[name]
        from aifx.errors import did_you_mean
        from aifx.text.suggest import suggest

        hint = did_you_mean(suggest(name, list(self.fields), limit=2))
        raise UsageError(f"{option}: unknown field {name!r}{hint}; fields here: {', '.join(self.fields)}")

    def columns(self, text: str | None) -> list[str]:
        """``--columns a,b,c`` checked against the fields, or the default columns."""
        if not text:
            return list(self.default)
        names = [c.strip() for c in text.split(",") if c.strip()]
        if not names:
            raise UsageError("--columns: give at least one field name")
        return [self.check(c, option="--columns").name for c in names]


def total_money(record: Any, catalog: Catalog) -> Money | None:
    """A record's headline total in euros: its preferred total claim (see ``preferred``), converted if need be."""
    return euros(preferred(list(record.budget)), catalog.sources)


def budget_fields() -> tuple[FieldSpec[Any], ...]:
    """``budget`` (the headline in euros, compared and sorted as EUR million; in JSON every claim, as the full record
    has them), ``budget_headline`` (the headline alone, in JSON too), ``budget_stated`` and ``budget_eur_m``."""
    return (
        FieldSpec[Any](
            "budget",
            "preferred total in EUR million (≈: converted at the ECB rate of its source's date); compares in EUR "
            "million; in JSON every budget claim, each with its euro value",
            total_money,
            type=Type.money,
            dump=lambda r, c: [claim_json(claim, c.sources) for claim in r.budget],
        ),
        FieldSpec[Any](
            "budget_headline",
            "the same preferred total; in JSON one object (text, eur_m, eur_m_high, how it was converted)",
            total_money,
            type=Type.money,
        ),
        FieldSpec[Any](
            "budget_stated",
            "the same total as its source states it, in its own currency",
            lambda r, c: stated(preferred(list(r.budget))),
            cell=Cell.code,
        ),
        FieldSpec[Any](
            "budget_eur_m",
            "the same total in EUR million, a range's lower end (converted where stated in another currency)",
            lambda r, c: m.low if (m := total_money(r, c)) else None,
            type=Type.number,
        ),
    )


def sources_count() -> FieldSpec[Any]:
    """``sources``: how many sources a record cites; JSON has their ids (``show --sources`` describes them)."""
    return FieldSpec[Any](
        "sources",
        "number of sources cited; in JSON their ids",
        lambda r, c: len(r.sources),
        type=Type.number,
        dump=lambda r, c: list(r.sources),
    )


# How a plain field's shape reads as a listing's type and how its column behaves when narrow.
_TYPES = {
    Shape.integer: Type.number,
    Shape.number: Type.number,
    Shape.bool: Type.bool,
    Shape.date: Type.date,
    Shape.list: Type.list,
}
_SHAPE_CELLS = {Shape.text: Cell.prose, Shape.prose: Cell.prose, Shape.code: Cell.code, Shape.url: Cell.url}
_LISTED = {model: listed for listed, model in MODEL_NAMES.items()}


def fields_of(
    model: type[BaseModel],
    place: Mapping[str, Sequence[str | FieldSpec[T]]] | None = None,
    *,
    cells: Mapping[str, Cell] | None = None,
) -> dict[str, FieldSpec[T]]:
    """Every plain field of ``model`` as a spec, in the model's order, with hand-written specs where ``place`` puts
    them (see ``laid_out``).

    A derived spec is named as listings name it (``MODEL_NAMES``), typed from the annotation, described by the
    model and read by attribute; ``cells`` says how a column behaves in a narrow terminal where its shape does not.
    """
    specs: list[FieldSpec[T]] = []
    for item in laid_out(model, place or {}):
        if not isinstance(item, PlainField):
            specs.append(item)
            continue
        name = _LISTED.get(item.name, item.name)
        cell = (cells or {}).get(name) or (Cell.key if name == "id" else _SHAPE_CELLS.get(item.shape))
        kind = _TYPES.get(item.shape, Type.text)
        long = item.shape is Shape.prose
        specs.append(FieldSpec[T](name, item.description, _reader(item), kind, cell, long=long))
    return by_name(*specs)


def _reader(field: PlainField) -> Callable[[Any, Catalog], Value]:
    return lambda record, catalog: field.get(record)


def _selected(f: Factory, c: Catalog) -> dt.date | None:
    if f.selected is not None:
        return f.selected
    wave = c.waves.get(f.wave) if f.wave is not None else None
    return wave.announced if wave else None


FACTORIES: Registry[Factory] = Registry(
    fields=fields_of(
        Factory,
        {
            "wave": [
                FieldSpec[Factory](
                    "wave",
                    "selection wave (factories)",
                    lambda f, c: f.wave if f.kind is Kind.factory else NA,
                    type=Type.number,
                )
            ],
            "selected": [
                FieldSpec[Factory](
                    "selected",
                    "date selected: a factory's is its wave's announcement, an antenna's its own",
                    _selected,
                    type=Type.date,
                    dump=lambda f, c: jsonable(_selected(f, c)),
                )
            ],
            "country": [
                "country",
                FieldSpec[Factory]("country_name", "host country", lambda f, c: COUNTRIES[f.country]),
            ],
            "host_short": [
                FieldSpec[Factory](
                    "host_short", "the host's short name, else its name", lambda f, c: f.host_short or f.host
                )
            ],
            "supercomputer": [
                FieldSpec[Factory](
                    "supercomputer",
                    "its supercomputer's name; in JSON the whole entry (name, system, systems, notes, sources)",
                    lambda f, c: f.supercomputer.name if f.supercomputer else None,
                    dump=lambda f, c: f.supercomputer.model_dump(mode="json") if f.supercomputer else None,
                ),
                FieldSpec[Factory](
                    "system",
                    "new, upgrade, existing or none",
                    lambda f, c: f.supercomputer.system.value if f.supercomputer else None,
                    cell=Cell.code,
                ),
                FieldSpec[Factory](
                    "systems",
                    "ids of the systems serving it, named on either side (the system's factories or its "
                    "supercomputer's systems)",
                    lambda f, c: [s.id for s in c.systems_of(f.id)],
                    type=Type.list,
                    cell=Cell.keys,
                    dump=lambda f, c: [s.id for s in c.systems_of(f.id)],
                ),
            ],
            "budget": [
                *budget_fields(),
                FieldSpec[Factory](
                    "eu_share",
                    "EU contribution in EUR million (≈: converted); compares in EUR million",
                    lambda f, c: euros(_eu_share(f), c.sources),
                    type=Type.money,
                ),
                FieldSpec[Factory](
                    "disputed",
                    "sources disagree on the budget",
                    lambda f, c: disagreeing(list(f.budget)),
                    type=Type.bool,
                ),
            ],
            "coordinates": [
                FieldSpec[Factory](
                    "lat", "latitude", lambda f, c: f.coordinates.lat if f.coordinates else None, type=Type.number
                ),
                FieldSpec[Factory](
                    "lon", "longitude", lambda f, c: f.coordinates.lon if f.coordinates else None, type=Type.number
                ),
            ],
            "sources": [sources_count()],
        },
        cells={"city": Cell.short, "linked_factories": Cell.keys},
    ),
    default=("id", "name", "kind", "wave", "country", "city", "host_short", "system", "budget", "verification"),
    priority=("id", "name", "country", "budget", "host_short", "verification", "city", "wave", "kind", "system"),
)
FIELDS = FACTORIES.fields
# A listing of antennas alone: when each was selected and the factories it links to (what an Antenna is about),
# where factories show their wave and system (never an antenna's) and a kind that would say antenna on every row.
ANTENNAS: Registry[Factory] = Registry(
    fields=FIELDS,
    default=("id", "name", "selected", "country", "city", "host_short", "linked_factories", "budget", "verification"),
    priority=("id", "name", "country", "linked_factories", "budget", "host_short", "verification", "city", "selected"),
)


def listed(records: Sequence[Factory]) -> Registry[Factory]:
    """The registry whose default columns suit a listing: ANTENNAS when it holds antennas only, else FACTORIES."""
    return ANTENNAS if records and all(f.kind is Kind.antenna for f in records) else FACTORIES


def value(field: str, record: Factory, catalog: Catalog) -> Value:
    """One field's value for one record."""
    return FIELDS[field].get(record, catalog)

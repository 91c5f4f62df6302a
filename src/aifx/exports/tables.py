"""The dataset as related tables: one flattening that the SQLite, data-package and spreadsheet exports share.

Every value is plain: text, a whole number, a number, a yes/no, a date, a list (of ids, codes or names) or None.
Descriptions come from the models' ``Field(description=…)`` where there is one, else from ``_SAID`` below.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aifx.core.fields import eur_millions, money
from aifx.dataset.catalog import preferred
from aifx.dataset.models import Claim, Event, Factory, Initiative, Source, System, Wave

if TYPE_CHECKING:
    from pydantic import BaseModel

    from aifx.dataset.catalog import Catalog

Plain = str | int | float | bool | dt.date | list[str] | None


class Type(enum.StrEnum):
    """A column's type, named as Frictionless Table Schema names it."""

    string = "string"
    integer = "integer"
    number = "number"
    boolean = "boolean"
    date = "date"
    array = "array"  # a list of text values: a JSON array in SQLite and CSV, comma-joined in a spreadsheet


@dataclass(frozen=True)
class Column:
    """One column: its name, type and what it means."""

    name: str
    type: Type
    description: str


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


# Fields the models leave undescribed (a Field description would change the JSON Schema the editors use).
_SAID = {
    "id": "The id users type.",
    "country": "Country, ISO 3166-1 alpha-2.",
    "countries": "Countries it concerns, ISO 3166-1 alpha-2.",
    "name": "The full name.",
    "aliases": "Other names and abbreviations it goes by.",
    "city": "Host city.",
    "budget_note": "How to read the budget claims.",
    "sectors": "Focus sectors (a controlled vocabulary).",
    "sectors_note": "What the sectors leave out or qualify.",
    "experimental_platform": "Whether it runs an experimental AI platform.",
    "website": "Its own web page.",
    "verification": "confirmed (an official source), reported (secondary reporting) or unconfirmed.",
    "notes": "Caveats and context, in our own words.",
    "summary": "A few sentences in our own words.",
    "lead": "Lead organisation.",
    "sources": "Ids of the sources that support the record (see the sources table).",
    "title": "The title as published.",
    "publisher": "Who published it.",
    "url": "Where it is.",
    "number": "The wave's number.",
    "announced": "When it was announced.",
    "hardware": "Its hardware, as sources describe it.",
    "status": "Where it stands (selected, deploying, operational, …).",
    "host": "Hosting organisation.",
    "cpu": "Its processors.",
    "precision": "How much of the date is known: day, month or year.",
    "kind": "What it is.",
    "note": "Caveats and context, in our own words.",
    "qualifier": "How the stated amount relates to the true one: exact, about, at_least, over or up_to.",
    "scope": "Whose money it counts: total, eu_share, national_share, cumulative or other.",
    "rank": "preferred (shown first), normal, or deprecated (kept to explain what others reported).",
}


def described(model: type[BaseModel], name: str) -> str:
    """A field's description: the model's own, else ours."""
    info = model.model_fields.get(name)
    described = info.description if info is not None else None
    return described or _SAID.get(name, "")


Getter = Callable[[Any], Any]


@dataclass(frozen=True)
class _Spec:
    column: Column
    get: Getter


def _col(model: type[BaseModel], name: str, kind: Type, get: Getter | None = None, about: str = "") -> _Spec:
    """A column named after a model field, described by it unless ``about`` says otherwise."""
    return _Spec(Column(name, kind, about or described(model, name)), get or (lambda r: getattr(r, name)))


def plain(value: Any) -> Plain:
    """A value as tables hold it: enums as their value, lists as lists of text."""
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, list | tuple):
        return [str(v.value if isinstance(v, enum.Enum) else v) for v in value]
    return value  # type: ignore[no-any-return]


def _table(
    name: str, model: type[BaseModel], specs: list[_Spec], items: Iterable[Any], *, key: tuple[str, ...], **extra: Any
) -> Table:
    doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else ""
    rows = [tuple(plain(s.get(item)) for s in specs) for item in items]
    return Table(name, extra.pop("description", doc), tuple(s.column for s in specs), rows, key, **extra)


def _stated(claims: list[Claim]) -> str | None:
    """The preferred total as people write it, or None when there is none or it is unknown."""
    claim = preferred(claims)
    return money(claim) if claim is not None and claim.value is not None else None


def _budget(model: type[BaseModel]) -> list[_Spec]:
    return [
        _col(model, "budget", Type.string, lambda r: _stated(list(r.budget)),
             "The preferred total budget claim as stated; every claim is in the claims table."),
        _col(model, "budget_eur_m", Type.number, lambda r: eur_millions(preferred(list(r.budget))),
             "The same total in EUR million; empty when unknown or stated in another currency."),
    ]  # fmt: skip


def factories(catalog: Catalog) -> Table:
    """AI Factories and Antennas, one row each; coordinates as lat and lon."""
    m = Factory
    specs = [
        _col(m, "id", Type.string),
        _col(m, "name", Type.string),
        _col(m, "aliases", Type.array),
        _col(m, "kind", Type.string, about="factory (an AI Factory) or antenna (an AI Factory Antenna)."),
        _col(m, "wave", Type.integer),
        _col(m, "selected", Type.date, lambda f: f.selected or _wave_date(catalog, f.wave),
             "Selection date: the wave's announcement for factories, its own for antennas."),
        _col(m, "country", Type.string),
        _col(m, "city", Type.string),
        _col(m, "host", Type.string),
        _col(m, "host_short", Type.string),
        _col(m, "partners", Type.array),
        _col(m, "linked_factories", Type.array),
        _col(m, "system", Type.string, lambda f: f.supercomputer.system if f.supercomputer else None,
             "Its supercomputer: new, upgrade, existing or none."),
        _col(m, "supercomputer", Type.string, lambda f: f.supercomputer.name if f.supercomputer else None,
             "The supercomputer's name; empty when none is known yet."),
        _col(m, "systems", Type.array, lambda f: f.supercomputer.systems if f.supercomputer else [],
             "Ids of the systems (systems table) it runs on or will run on."),
        *_budget(m),
        _col(m, "budget_note", Type.string),
        _col(m, "sectors", Type.array),
        _col(m, "sectors_note", Type.string),
        _col(m, "experimental_platform", Type.boolean),
        _col(m, "lat", Type.number, lambda f: f.coordinates.lat if f.coordinates else None,
             "Latitude of the host site (WGS 84, city level)."),
        _col(m, "lon", Type.number, lambda f: f.coordinates.lon if f.coordinates else None,
             "Longitude of the host site (WGS 84, city level)."),
        _col(m, "website", Type.string),
        _col(m, "status", Type.string),
        _col(m, "verification", Type.string),
        _col(m, "summary", Type.string),
        _col(m, "notes", Type.string),
        _col(m, "sources", Type.array),
    ]  # fmt: skip
    return _table(
        "factories",
        m,
        specs,
        catalog.factories.values(),
        key=("id",),
        description="EuroHPC AI Factories and AI Factory Antennas, one row each.",
        foreign=(ForeignKey("wave", "waves", "number"),),
        label="name",
        facets=("kind", "wave", "country", "array:sectors", "verification"),
        search=("name", "summary", "notes"),
    )


def _wave_date(catalog: Catalog, number: int | None) -> dt.date | None:
    wave = catalog.waves.get(number) if number is not None else None
    return wave.announced if wave else None


def initiatives(catalog: Catalog) -> Table:
    """Sovereign-AI initiatives and the EU gigafactory programme."""
    m = Initiative
    specs = [
        _col(m, "id", Type.string),
        _col(m, "name", Type.string),
        _col(m, "aliases", Type.array),
        _col(m, "kind", Type.string),
        _col(m, "country", Type.string),
        _col(m, "lead", Type.string),
        _col(m, "announced", Type.date),
        _col(m, "hardware", Type.string),
        *_budget(m),
        _col(m, "budget_note", Type.string),
        _col(m, "status", Type.string),
        _col(m, "verification", Type.string),
        _col(m, "related", Type.array),
        _col(m, "summary", Type.string),
        _col(m, "notes", Type.string),
        _col(m, "sources", Type.array),
    ]
    return _table(
        "initiatives",
        m,
        specs,
        catalog.initiatives.values(),
        key=("id",),
        label="name",
        facets=("kind", "country", "status", "verification"),
        search=("name", "summary", "notes"),
    )


def waves(catalog: Catalog) -> Table:
    """The selection waves."""
    m = Wave
    specs = [
        _col(m, "number", Type.integer),
        _col(m, "announced", Type.date),
        _col(m, "call", Type.string),
        _col(m, "cutoff", Type.date),
        _col(m, "total", Type.string, lambda w: _stated(list(w.totals)),
             "The preferred stated investment total; every claim is in the claims table."),
        _col(m, "total_eur_m", Type.number, lambda w: eur_millions(preferred(list(w.totals))),
             "The same total in EUR million; empty when unknown or in another currency."),
        _col(m, "summary", Type.string),
        _col(m, "notes", Type.string),
        _col(m, "sources", Type.array),
    ]  # fmt: skip
    return _table("waves", m, specs, catalog.waves.values(), key=("number",), label="announced")


def sources(catalog: Catalog) -> Table:
    """Every source the records cite."""
    m = Source
    specs = [
        _col(m, "id", Type.string),
        _col(m, "title", Type.string),
        _col(m, "publisher", Type.string),
        _col(m, "url", Type.string),
        _col(m, "kind", Type.string),
        _col(
            m,
            "official",
            Type.boolean,
            about="Whether the publisher speaks for the programme, a government or the host.",
        ),
        _col(m, "published", Type.date),
        _col(m, "retrieved", Type.date),
        _col(m, "notes", Type.string),
    ]
    return _table(
        "sources",
        m,
        specs,
        catalog.sources.values(),
        key=("id",),
        label="title",
        facets=("kind", "publisher"),
        search=("title", "notes"),
    )


def systems(catalog: Catalog) -> Table:
    """The supercomputers; their figures are in the figures and top500 tables."""
    m = System
    specs = [
        _col(m, "id", Type.string),
        _col(m, "name", Type.string),
        _col(m, "aliases", Type.array),
        _col(m, "host", Type.string),
        _col(m, "country", Type.string),
        _col(m, "city", Type.string),
        _col(m, "vendor", Type.string),
        _col(m, "cpu", Type.string),
        _col(m, "accelerators", Type.array, lambda s: [a.model for a in s.accelerators],
             "Accelerator models; their counts are in the figures table."),
        _col(m, "status", Type.string),
        _col(m, "factories", Type.array),
        _col(m, "initiatives", Type.array),
        _col(m, "verification", Type.string),
        _col(m, "summary", Type.string),
        _col(m, "notes", Type.string),
        _col(m, "sources", Type.array),
    ]  # fmt: skip
    return _table(
        "systems",
        m,
        specs,
        catalog.systems.values(),
        key=("id",),
        label="name",
        facets=("country", "status", "vendor", "array:accelerators"),
        search=("name", "summary", "notes"),
    )


def events(catalog: Catalog) -> Table:
    """Dated, sourced events (selections are derived from waves and antennas, so not stored here)."""
    m = Event
    specs = [
        _col(m, "id", Type.string),
        _col(m, "date", Type.date),
        _col(m, "precision", Type.string),
        _col(m, "kind", Type.string),
        _col(m, "title", Type.string),
        _col(m, "records", Type.array),
        _col(m, "countries", Type.array),
        _col(m, "status", Type.string),
        _col(m, "verification", Type.string),
        _col(m, "note", Type.string),
        _col(m, "sources", Type.array),
    ]
    return _table(
        "events",
        m,
        specs,
        catalog.events.values(),
        key=("id",),
        label="title",
        facets=("kind", "array:countries", "verification"),
        search=("title", "note"),
    )


def tables(catalog: Catalog) -> list[Table]:
    """Every table, referenced tables before the tables that refer to them."""
    from aifx.exports.relations import citations, claims, figures, top500

    return [
        builder(catalog)
        for builder in (sources, waves, factories, initiatives, systems, events, claims, citations, figures, top500)
    ]

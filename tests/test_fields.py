"""A field is declared once, in its model: listings and exports derive from it, and none is silently left out."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel

from aifx.core.bids import BIDS
from aifx.core.budgets import INITIATIVES
from aifx.core.fields import FACTORIES, Registry, Type
from aifx.core.history import TIMELINE
from aifx.core.sourcing import SOURCES
from aifx.core.systems import SYSTEMS
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import MODEL_NAMES, Bid, DataFile, Event, Factory, Initiative, Source, System
from aifx.dataset.plain import plain_fields
from aifx.exports.tables import UNEXPORTED, tables
from conftest import aifx

LISTED = {model: listed for listed, model in MODEL_NAMES.items()}
# The fields this change taught the listings; before it, --columns and --where knew none of them.
TAUGHT = ("aliases", "summary", "notes", "budget_note", "sectors_note", "coordinates_note")


def _models(model: type[BaseModel], seen: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """``model`` and every model nested in its fields, by name."""
    seen[model.__name__] = model
    for info in model.model_fields.values():
        for kind in _types(info.annotation):
            if isinstance(kind, type) and issubclass(kind, BaseModel) and kind.__name__ not in seen:
                _models(kind, seen)
    return seen


def _types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    return [annotation, *(t for a in args for t in _types(a))] if args else [annotation]


MODELS = _models(DataFile, {})
# Stored fields and computed ones (a source's ``official``): both are what a record says.
EVERY_FIELD = {
    f"{name}.{field}" for name, model in MODELS.items() for field in (*model.model_fields, *model.model_computed_fields)
}


def _exported(catalog: Catalog) -> set[str]:
    """Every ``Model.field`` some table holds: its columns' origins, and each collection as its own table."""
    built = tables(catalog)
    return {o for t in built for c in t.columns for o in c.origin} | {f"DataFile.{t.name}" for t in built}


def test_every_model_field_is_exported_or_excluded_with_a_reason(catalog: Catalog) -> None:
    """A model field no table holds fails here until a table holds it or UNEXPORTED says why not."""
    missing = sorted(EVERY_FIELD - _exported(catalog) - set(UNEXPORTED))
    assert missing == [], "export these fields, or add each to exports.tables.UNEXPORTED with a reason"


def test_exclusions_are_real_fields_with_reasons_that_no_table_holds(catalog: Catalog) -> None:
    """UNEXPORTED names real fields only, each with its reason, and none that a table holds after all."""
    assert set(UNEXPORTED) <= EVERY_FIELD
    assert all(len(reason) > 20 for reason in UNEXPORTED.values())
    assert set(UNEXPORTED) & _exported(catalog) == set()


def test_columns_name_the_fields_they_come_from_and_say_what_they_mean(catalog: Catalog) -> None:
    """Every column's origin is a real model field, and every column has a description."""
    for t in tables(catalog):
        for column in t.columns:
            assert set(column.origin) <= EVERY_FIELD, (t.name, column.name)
            assert column.description, (t.name, column.name)


def test_every_model_field_is_described_for_the_schema_and_the_exports() -> None:
    """Field(description=…) on every field: the JSON Schema and the exports' column docs read it."""
    undescribed = [f"{n}.{f}" for n, m in MODELS.items() for f, info in m.model_fields.items() if not info.description]
    assert undescribed == []


REGISTRIES: list[tuple[Registry[Any], type[BaseModel]]] = [
    (FACTORIES, Factory),
    (INITIATIVES, Initiative),
    (SYSTEMS, System),
    (SOURCES, Source),
    (TIMELINE, Event),
    (BIDS, Bid),
]


@pytest.mark.parametrize(("registry", "model"), REGISTRIES, ids=lambda x: getattr(x, "__name__", ""))
def test_listings_know_every_plain_field_of_their_model(registry: Registry[Any], model: type[BaseModel]) -> None:
    """--columns, --where and --sort take every plain model field, under its listing name."""
    assert {LISTED.get(name, name) for name in plain_fields(model)} <= set(registry.fields)


def test_derived_fields_are_typed_from_their_annotations() -> None:
    """A derived field's type and cell come from the model: dates, numbers, yes/no, lists, codes, URLs, prose."""
    fields = FACTORIES.fields
    assert [fields[n].type for n in ("coordinates_note", "experimental", "aliases")] == [
        Type.text,
        Type.bool,
        Type.list,
    ]
    assert INITIATIVES.fields["announced"].type is Type.date
    assert [fields[n].shape for n in ("id", "status", "access", "summary")] == [
        Cell.key,
        Cell.code,
        Cell.url,
        Cell.prose,
    ]
    assert fields["coordinates_note"].help == Factory.model_fields["coordinates_note"].description


@pytest.mark.parametrize("name", TAUGHT)
def test_list_shows_each_note_field_as_the_model_holds_it(name: str, catalog: Catalog) -> None:
    """`aifx list --columns id,FIELD --format json` gives each record's own value of the field."""
    run = aifx("list", "--columns", f"id,{name}", "--format", "json")
    assert run.code == 0, run.err
    got = {r["id"]: r[name] for r in json.loads(run.out)}
    assert got == {f.id: getattr(f, name) for f in catalog.factories.values()}
    assert any(got.values())


def test_where_finds_the_records_placed_at_a_stand_in_city(catalog: Catalog) -> None:
    """The five records whose coordinates are a stand-in city (no host city or site) are found by their note."""
    run = aifx("list", "--where", "coordinates_note contains (GeoNames)", "--columns", "id,city", "--format", "json")
    assert run.code == 0, run.err
    found = {r["id"] for r in json.loads(run.out)}
    stand_ins = {f.id for f in catalog.factories.values() if "host city's centre" not in (f.coordinates_note or "")}
    assert found == stand_ins and len(found) == 5 and "AI2F" in found


def test_initiatives_and_systems_list_their_notes_too(catalog: Catalog) -> None:
    """Summaries and aliases reach initiatives and systems: --where reads them, --columns shows them."""
    run = aifx("systems", "--where", "aliases contains lumi", "--columns", "id,aliases", "--format", "json")
    assert run.code == 0, run.err
    expected = {s.id for s in catalog.systems.values() if any("lumi" in a.lower() for a in s.aliases)}
    assert {r["id"] for r in json.loads(run.out)} == expected and expected
    run = aifx("initiatives", "--columns", "id,summary", "--format", "json")
    assert {r["id"]: r["summary"] for r in json.loads(run.out)} == {
        i.id: i.summary for i in catalog.initiatives.values()
    }


def test_compare_leaves_out_prose_but_compares_every_other_field() -> None:
    """compare's rows are the listing's fields but notes and summaries, which always differ and crowd out facts."""
    run = aifx("compare", "LUMI-AF", "IT4LIA", "--format", "tsv")
    rows = [line.split("\t")[0] for line in run.out.splitlines()[1:]]
    assert rows == [n for n, spec in FACTORIES.fields.items() if not spec.long]
    assert "aliases" in rows and not {"summary", "notes", "coordinates_note"} & set(rows)

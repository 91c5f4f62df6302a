"""A Frictionless (Tabular) Data Package: one CSV file per table and a datapackage.json describing them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aifx.exports.columns import Column, Plain, Table
from aifx.exports.sqlite import LICENCE_URL
from aifx.exports.tables import tables
from aifx.exports.targets import TITLE

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog
    from aifx.exports import Request


def _cell(value: Plain) -> str | int | float:
    """A CSV cell as Table Schema reads it: lists as JSON arrays, yes/no as true/false, unknown as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _field(column: Column) -> dict[str, Any]:
    """A field of Table Schema, with the unit of a quantity in one unit (PFLOPS, GB, W) beside its description."""
    field = {"name": column.name, "type": column.type.value, "description": column.description}
    return {**field, "unit": column.unit} if column.unit else field


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(c) for c in table.columns], "primaryKey": list(table.key)}
    if table.foreign:
        schema["foreignKeys"] = [
            {"fields": f.column, "reference": {"resource": f.table, "fields": f.other}} for f in table.foreign
        ]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": table.description,
        "schema": schema,
    }


def descriptor(catalog: Catalog, built: list[Table]) -> dict[str, Any]:
    """datapackage.json: name, version, licence, sources, contributors and one resource per table."""
    dataset = catalog.dataset
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "aifx",
        "title": TITLE,  # also how --force knows this package as aifx's
        "description": dataset.attribution if dataset else "aifx dataset",
        "version": dataset.version if dataset else "0.0.0",
        "licenses": [{"name": "CC-BY-4.0", "path": LICENCE_URL, "title": "Creative Commons Attribution 4.0"}],
        "contributors": [{"title": (dataset.maintainers if dataset else None) or "aifx maintainers", "role": "author"}],
        "sources": [{"title": s.title, "path": s.url} for s in catalog.sources.values()],
        "keywords": ["EuroHPC", "AI Factories", "supercomputers", "budgets"],
        "resources": [_resource(t) for t in built],
    }
    if dataset:
        package["created"] = dt.datetime.combine(dataset.as_of, dt.time(), dt.UTC).isoformat().replace("+00:00", "Z")
    return package


def write(request: Request, path: Path) -> None:
    """The package as the directory ``path`` (which must not exist)."""
    built = tables(request.catalog)
    path.mkdir()
    for table in built:
        with (path / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow([c.name for c in table.columns])
            writer.writerows([_cell(v) for v in row] for row in table.rows)
    (path / "datapackage.json").write_text(
        json.dumps(descriptor(request.catalog, built), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )

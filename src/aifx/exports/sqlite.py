"""A SQLite database of every table (keys, foreign keys, full-text search), and Datasette's metadata beside it."""

from __future__ import annotations

import datetime as dt
import errno
import json
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aifx.exports.columns import Plain, Table, Type
from aifx.exports.tables import tables
from aifx.exports.targets import TITLE
from aifx.version import __version__

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog
    from aifx.exports import Request

LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# Units Datasette's Pint does not know, defined for it (metadata's custom_units): PFLOPS reads 1,000 as 1 EFLOPS.
CUSTOM_UNITS = ("flop = [floating_point_operation]", "FLOPS = flop / second", "op = [operation]", "OPS = op / second")
_SQL_TYPES = {Type.integer: "INTEGER", Type.number: "REAL", Type.boolean: "INTEGER"}


def write(request: Request, path: Path) -> None:
    """``path`` as a SQLite database, and ``<stem>.metadata.json`` beside it for Datasette."""
    built = tables(request.catalog)
    database(built, path)
    meta = metadata(request.catalog, built, path.stem)
    path.with_name(path.stem + ".metadata.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _cell(value: Plain) -> Any:
    """What SQLite stores: lists as JSON arrays (Datasette's array facets read them), dates as ISO text."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _create(table: Table) -> str:
    columns = [f"{_quote(c.name)} {_SQL_TYPES.get(c.type, 'TEXT')}" for c in table.columns]
    columns.append(f"PRIMARY KEY ({', '.join(map(_quote, table.key))})")
    columns += [
        f"FOREIGN KEY ({_quote(f.column)}) REFERENCES {_quote(f.table)} ({_quote(f.other)})" for f in table.foreign
    ]
    return f"CREATE TABLE {_quote(table.name)} (\n  " + ",\n  ".join(columns) + "\n)"


def database(built: list[Table], path: Path) -> None:
    """Create the database at ``path`` (which must not exist): tables, rows, indexes and FTS5 indexes.

    SQLite's own errors (``database or disk is full``) are raised as OSError, as any other writer's.
    """
    try:
        _database(built, path)
    except sqlite3.Error as exc:
        raise OSError(errno.EIO, str(exc)) from exc


def _database(built: list[Table], path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("PRAGMA foreign_keys = ON")
            for table in built:
                connection.execute(_create(table))
                marks = ", ".join("?" for _ in table.columns)
                connection.executemany(
                    f"INSERT INTO {_quote(table.name)} VALUES ({marks})",
                    [tuple(_cell(v) for v in row) for row in table.rows],
                )
                for f in table.foreign:
                    index = _quote(f"idx_{table.name}_{f.column}")
                    connection.execute(f"CREATE INDEX {index} ON {_quote(table.name)} ({_quote(f.column)})")
                if table.search:
                    _fts(connection, table)
        connection.execute("VACUUM")
    finally:
        connection.close()


def _fts(connection: sqlite3.Connection, table: Table) -> None:
    """An external-content FTS5 index, written as Datasette detects it (``content="table"``)."""
    fts = _quote(f"{table.name}_fts")
    columns = ", ".join(map(_quote, table.search))
    connection.execute(
        f"CREATE VIRTUAL TABLE {fts} USING FTS5 ({columns}, content={_quote(table.name)}, content_rowid='rowid')"
    )
    connection.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")


def metadata(catalog: Catalog, built: list[Table], database: str) -> dict[str, Any]:
    """Datasette's metadata: title, licence, source, and per table its description, columns, facets and label."""
    dataset = catalog.dataset
    version = f" {dataset.version}, as of {dataset.as_of.isoformat()}" if dataset else ""
    described: dict[str, Any] = {}
    for table in built:
        entry: dict[str, Any] = {
            "description": table.description,
            "columns": {c.name: c.description for c in table.columns if c.description},
        }
        if units := {c.name: c.unit for c in table.columns if c.unit}:
            entry["units"] = units
        if table.label:
            entry["label_column"] = table.label
        if table.facets:
            entry["facets"] = [
                {"array": f.removeprefix("array:")} if f.startswith("array:") else f for f in table.facets
            ]
        if table.search:
            entry["fts_table"], entry["fts_pk"] = f"{table.name}_fts", "rowid"
        described[table.name] = entry
    return {
        "title": TITLE,  # also how --force knows this file as aifx's
        "description": (
            f"The aifx dataset{version}: EuroHPC AI Factories and Antennas, their budgets and supercomputers, the "
            "sovereign-AI initiatives around them and the bids to host an AI gigafactory. Every fact cites its sources "
            "(citations table); where sources disagree, each claim is kept (claims table)."
        ),
        "license": dataset.licence if dataset else "CC BY 4.0",
        "license_url": LICENCE_URL,
        "source": f"aifx {__version__}, from the public sources in the sources table",
        "about": dataset.attribution if dataset else "aifx dataset",
        "custom_units": list(CUSTOM_UNITS),
        "databases": {database: {"tables": described}},
    }

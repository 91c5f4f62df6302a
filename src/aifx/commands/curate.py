"""Curator commands under ``aifx data``: validate, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from aifx.cli import STATE, _say, boundary, data_app


@data_app.command()
@boundary
def validate(
    directory: Annotated[
        Path | None, typer.Argument(metavar="[DIR]", help="Dataset directory (default: the one aifx uses).")
    ] = None,
) -> None:
    """Check every file: syntax, types, unknown fields, ids, references, dates. Exit 1 on any problem.

    [bold]Examples[/]

      aifx data validate

      aifx data validate ./my-data
    """
    from aifx.lint import warnings
    from aifx.load import data_dir, load, shown_path

    where = data_dir(directory or STATE.data)
    catalog = load(where)
    for warning in warnings(catalog):
        _say(f"warning: {warning}")
    _say(
        f"{shown_path(where)}: ok — {len(catalog.factories)} factories and antennas, {len(catalog.initiatives)} initiatives, "
        f"{len(catalog.waves)} waves, {len(catalog.sources)} sources"
    )


@data_app.command()
@boundary
def schema() -> None:
    """Print the JSON Schema of a data file, for editors and external validators.

    [bold]Examples[/]

      aifx data schema > schema/aifx.schema.json
    """
    from aifx.models import DataFile

    sys.stdout.write(json.dumps(DataFile.model_json_schema(), indent=2, ensure_ascii=False) + "\n")

"""Curator commands under ``aifx data``: validate, schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from aifx.cli import STATE, FormatOpt, _catalog, _emit, _say, boundary, data_app

if TYPE_CHECKING:
    from aifx.edit import Change


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


DirOpt = Annotated[Path | None, typer.Option("--dir", help="Dataset directory to edit (default: the one aifx uses).")]
DryRun = Annotated[bool, typer.Option("--dry-run", "-n", help="Print the unified diff instead of writing.")]


def _apply(change: Change, dry_run: bool) -> None:
    """Show or write a validated change; the one place edits reach the disk."""
    from aifx.edit import write
    from aifx.load import shown_path

    if dry_run:
        sys.stdout.write(change.diff())
        return
    write(change)
    _say(f"{shown_path(change.path)}: updated ({change.summary()})")


@data_app.command("set")
@boundary
def set_(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Factory, antenna or initiative id.")],
    field: Annotated[str, typer.Argument(help="Field to set, e.g. status, city, website, notes.")],
    value: Annotated[
        str, typer.Argument(help="New value, read as YAML: 12, true, 2025-01-31, null; lists comma-separated.")
    ],
    source: Annotated[str, typer.Option("--source", "-s", help="Id of the source that supports the new value.")],
    directory: DirOpt = None,
    dry_run: DryRun = False,
) -> None:
    """Set one field of a record, citing its source; validates everything, then writes atomically.

    [bold]Examples[/]

      aifx data set HAMMERHAI status operational --source hlrs-2025-hammerhai-virkkunen --dry-run

      aifx data set MIMER website https://mimer.example --source naiss-2024-12-mimer
    """
    from aifx.edit import set_field
    from aifx.load import data_dir

    _apply(set_field(data_dir(directory or STATE.data), record_id, field, value, source=source), dry_run)


@data_app.command("add-claim")
@boundary
def add_claim(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Factory, antenna or initiative id.")],
    value: Annotated[
        float | None, typer.Option("--value", help="Amount in millions of --currency; omit for unknown.")
    ] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO 4217, e.g. EUR.")] = "EUR",
    qualifier: Annotated[str, typer.Option("--qualifier", help="exact, about, at_least, over, up_to.")] = "exact",
    scope: Annotated[
        str, typer.Option("--scope", help="total, eu_share, national_share, cumulative, other.")
    ] = "total",
    party: Annotated[str | None, typer.Option("--party", help="Country code, for national_share.")] = None,
    rank: Annotated[str, typer.Option("--rank", help="preferred, normal, deprecated.")] = "normal",
    stated: Annotated[str | None, typer.Option("--stated", help="The figure as the source words it.")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Source id (repeatable).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why this claim differs, or why unknown.")] = None,
    directory: DirOpt = None,
    dry_run: DryRun = False,
) -> None:
    """Add a budget claim with its own sources; existing claims stay, so disagreements remain visible.

    [bold]Examples[/]

      aifx data add-claim MIMER --value 100 --qualifier about --source naiss-2024-12-mimer --dry-run

      aifx data add-claim PHAROS --value 30 --scope eu_share --rank preferred --source grnet-2025-pharos
    """
    from aifx.edit import add_claim as add
    from aifx.load import data_dir

    claim = {
        "value": int(value) if value is not None and value.is_integer() else value,
        "currency": currency if value is not None else None,
        "qualifier": qualifier,
        "scope": scope,
        "party": party,
        "rank": rank,
        "stated": stated,
        "sources": source or [],
        "note": note,
    }
    _apply(add(data_dir(directory or STATE.data), record_id, claim), dry_run)


@data_app.command("add-source")
@boundary
def add_source(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="New source id, e.g. eurohpc-2026-01-15-new-call.")],
    url: Annotated[str, typer.Option("--url", help="Address of the page.")],
    title: Annotated[str, typer.Option("--title", help="The page's title.")],
    publisher: Annotated[str, typer.Option("--publisher", help="Who published it.")],
    kind: Annotated[str, typer.Option("--kind", help="official, news, blog or other.")],
    published: Annotated[str | None, typer.Option("--published", help="YYYY-MM-DD, or omit if undated.")] = None,
    retrieved: Annotated[str | None, typer.Option("--retrieved", help="YYYY-MM-DD; default today.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Anything a reader should know.")] = None,
    directory: DirOpt = None,
    dry_run: DryRun = False,
) -> None:
    """Add a source to sources.yaml (then cite it with data set or data add-claim).

    [bold]Examples[/]

      aifx data add-source eurohpc-2026-01-15-call --url https://eurohpc-ju.europa.eu/x --title "New call" --publisher "EuroHPC JU" --kind official --published 2026-01-15 --dry-run
    """
    import datetime as dt

    from aifx.edit import add_source as add
    from aifx.load import data_dir

    source = {
        "id": source_id,
        "title": title,
        "publisher": publisher,
        "url": url,
        "kind": kind,
        "published": published,
        "retrieved": retrieved or dt.date.today().isoformat(),
        "notes": notes,
    }
    _apply(add(data_dir(directory or STATE.data), source), dry_run)


@data_app.command("fmt")
@boundary
def fmt(
    directory: Annotated[Path | None, typer.Argument(metavar="[DIR]", help="Dataset directory.")] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only report files not in canonical layout; exit 1 if any.")
    ] = False,
) -> None:
    """Rewrite data files in the canonical layout aifx itself writes (2-space indent, 120 columns).

    [bold]Examples[/]

      aifx data fmt --check

      aifx data fmt ./my-data
    """
    from aifx.edit import fmt as canonical
    from aifx.edit import write
    from aifx.load import data_dir, shown_path

    changes = canonical(data_dir(directory or STATE.data))
    for change in changes:
        if check:
            _say(f"{shown_path(change.path)}: not in canonical layout (run aifx data fmt)")
        else:
            write(change)
            _say(f"{shown_path(change.path)}: reformatted")
    if check and changes:
        raise typer.Exit(1)


@data_app.command()
@boundary
def stale(
    days: Annotated[int, typer.Option("--days", min=0, help="Sources not re-checked for this many days.")] = 365,
    fmt: FormatOpt = None,
) -> None:
    """List sources whose facts were last checked more than N days ago.

    [bold]Examples[/]

      aifx data stale --days 180

      aifx data stale --days 30 --format csv
    """
    import datetime as dt

    from aifx.reports import stale as table

    _emit(table(_catalog(), dt.date.today() - dt.timedelta(days=days)), fmt)

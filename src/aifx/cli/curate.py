"""Curator commands under ``aifx data``: validate, schema, set, set-claim, add-claim, add-source, fmt, stale, bump."""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aifx.cli.common import STATE, DataOpt, catalog, say, use_dir
from aifx.cli.output import FormatOpt, emit
from aifx.dataset.vocabulary import Qualifier, Rank, Scope, SourceKind
from aifx.errors import UsageError

if TYPE_CHECKING:
    from aifx.dataset.edit import Change

DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the unified diff instead of writing.")]
DirArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="DIR",
        help="Dataset directory, the same as --data (default: $AIFX_DATA, else the shipped data).",
        show_default=False,
    ),
]


class Part(enum.StrEnum):
    major = "major"
    minor = "minor"
    patch = "patch"


def editable() -> Path:
    """The dataset to edit: refuses the copy inside an installed package unless --data names it."""
    import os

    from aifx.dataset.loader import data_dir, installed_copy

    where = data_dir(STATE.data)
    if STATE.data is None and not os.environ.get("AIFX_DATA") and installed_copy(where):
        raise UsageError(
            "edits go to a clone of the dataset, not to the copy installed with aifx: "
            "run them in a clone after 'pip install -e .', or pass --data DIR"
        )
    return where


def validate(directory: DirArg = None, data: DataOpt = None) -> None:
    """Check every file: syntax, types, unknown fields, ids, references, dates. Exit 1 on any problem.

    [bold]Examples[/]

      aifx data validate

      aifx data validate ./data
    """
    from aifx.dataset.lint import warnings
    from aifx.dataset.loader import data_dir, load, shown_path

    use_dir(directory)
    where = data_dir(STATE.data)
    found = load(where, cache=False)  # check the files themselves, never a cached result
    for warning in warnings(found):
        say(f"warning: {warning}")
    counts = found.counts()
    named = [f"{counts.pop('factories')} factories and antennas", *(f"{n} {name}" for name, n in counts.items())]
    say(f"{shown_path(where)}: ok — {', '.join(named)}")


def schema(data: DataOpt = None) -> None:
    """Print the JSON Schema of a data file, for editors and external validators.

    [bold]Examples[/]

      aifx data schema > schema/aifx.schema.json
    """
    from aifx.dataset.models import DataFile

    sys.stdout.write(json.dumps(DataFile.model_json_schema(), indent=2, ensure_ascii=False) + "\n")


def _waiting(where: Path) -> Callable[[], None]:
    """What an edit says while another edit of the same dataset holds it."""
    from aifx.dataset.loader import shown_path

    return lambda: say(f"{shown_path(where)}: waiting for another aifx edit of this dataset to finish…")


def _apply(make: Callable[[Path], Change], dry_run: bool) -> None:
    """Make a validated change and show or write it; the one place edits reach the disk.

    A real edit holds the dataset's lock from reading to writing, so concurrent edits never lose one another.
    """
    from aifx.dataset.atomic import locked, write
    from aifx.dataset.loader import shown_path

    where = editable()
    if dry_run:
        sys.stdout.write(make(where).diff())
        return
    with locked(where, waiting=_waiting(where)):
        change = make(where)
        write(change)
    say(f"{shown_path(change.path)}: updated ({change.summary()})")


def set_(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Factory, antenna or initiative id.")],
    field: Annotated[str, typer.Argument(help="Field to set, named as listings name it: status, city, website, …")],
    value: Annotated[
        str,
        typer.Argument(
            help="New value. Text fields take it exactly as typed; typed fields read a number, a date (2025-01-31), "
            "true or false, or a comma-separated list. An empty value ('') clears a field."
        ),
    ],
    source: Annotated[str, typer.Option("--source", "-s", help="Id of the source that supports the new value.")],
    dry_run: DryRun = False,
    data: DataOpt = None,
) -> None:
    """Set one field of a record, citing its source; validates everything, then writes atomically.

    [bold]Examples[/]

      aifx data set HAMMERHAI status operational --source hlrs-2025-07-virkkunen-hammerhai --dry-run

      aifx data set MIMER experimental true --source eurohpc-2024-12-10-first-seven --dry-run
    """
    from aifx.dataset.edit import set_field

    _apply(lambda where: set_field(where, record_id, field, value, source=source), dry_run)


def _claim_fields(
    *,
    value: float | None,
    currency: str | None,
    qualifier: Qualifier | None,
    scope: Scope | None,
    party: str | None,
    rank: Rank | None,
    stated: str | None,
    source: list[str] | None,
    note: str | None,
    unit: str | None = None,
) -> dict[str, Any]:
    return {
        "value": int(value) if value is not None and value.is_integer() else value,
        "currency": currency,
        "unit": unit,
        "qualifier": qualifier.value if qualifier else None,
        "scope": scope.value if scope else None,
        "party": party.upper() if party else None,
        "rank": rank.value if rank else None,
        "stated": stated,
        "sources": source or [],
        "note": note,
    }


def add_claim(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Factory, antenna, initiative or gigafactory bid id.")],
    value: Annotated[
        float | None, typer.Option("--value", help="Amount in millions of --currency; omit for unknown.")
    ] = None,
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217, e.g. EUR.")] = "EUR",
    unit: Annotated[
        str | None,
        typer.Option("--unit", help="A count instead of money (a bid's size: chips or MW); --currency is then unused."),
    ] = None,
    qualifier: Annotated[Qualifier, typer.Option("--qualifier", help="How the amount relates to the true one.")] = (
        Qualifier.exact
    ),
    scope: Annotated[Scope, typer.Option("--scope", help="Whose money it counts.")] = Scope.total,
    party: Annotated[str | None, typer.Option("--party", help="Country code, for national_share.")] = None,
    rank: Annotated[Rank, typer.Option("--rank", help="Which claim to show first.")] = Rank.normal,
    stated: Annotated[str | None, typer.Option("--stated", help="The figure as the source words it.")] = None,
    source: Annotated[list[str] | None, typer.Option("--source", "-s", help="Source id (repeatable).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why this claim differs, or why unknown.")] = None,
    dry_run: DryRun = False,
    data: DataOpt = None,
) -> None:
    """Add a budget claim (a gigafactory bid's size claim) with its own sources; existing claims stay, so
    disagreements remain visible.

    [bold]Examples[/]

      aifx data add-claim MIMER --value 100 --qualifier about --source naiss-2024-12-10-sweden-wins --dry-run

      aifx data add-claim PHAROS --value 30 --scope eu_share --source grnet-2025-04-pharos-kickoff --dry-run

      aifx data add-claim FI-NOKIA --value 100000 --unit chips --source trend-2025-08-16-datacrunch-latvia --dry-run
    """
    from aifx.dataset.edit import add_claim as add

    claim = _claim_fields(
        value=value,
        currency=currency if value is not None and unit is None else None,
        unit=unit,
        qualifier=qualifier,
        scope=scope,
        party=party,
        rank=rank,
        stated=stated,
        source=source,
        note=note,
    )
    _apply(lambda where: add(where, record_id, claim), dry_run)


def set_claim(
    record_id: Annotated[str, typer.Argument(metavar="ID", help="Factory, antenna, initiative or gigafactory bid id.")],
    number: Annotated[int, typer.Argument(metavar="N", help="Which claim: 1 for the first, as aifx show lists them.")],
    value: Annotated[float | None, typer.Option("--value", help="New amount, in millions of its currency.")] = None,
    currency: Annotated[str | None, typer.Option("--currency", help="ISO 4217, e.g. EUR.")] = None,
    qualifier: Annotated[Qualifier | None, typer.Option("--qualifier", help="exact, about, at_least, …")] = None,
    scope: Annotated[Scope | None, typer.Option("--scope", help="total, eu_share, national_share, …")] = None,
    party: Annotated[str | None, typer.Option("--party", help="Country code, for national_share.")] = None,
    rank: Annotated[Rank | None, typer.Option("--rank", help="preferred, normal or deprecated.")] = None,
    stated: Annotated[str | None, typer.Option("--stated", help="The figure as the source words it.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Add a supporting source id (repeatable).")
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why the claim changed or is deprecated.")] = None,
    dry_run: DryRun = False,
    data: DataOpt = None,
) -> None:
    """Change an existing budget claim: rank it, deprecate it with a note, correct it or add a source.

    [bold]Examples[/]

      aifx data set-claim HAMMERHAI 2 --rank deprecated --note "Superseded by the ministry's figure." --dry-run

      aifx data set-claim LUMI-AF 1 --source csc-undated-aifactory-kajaani --dry-run
    """
    from aifx.dataset.edit import set_claim as change

    fields = _claim_fields(
        value=value,
        currency=currency,
        qualifier=qualifier,
        scope=scope,
        party=party,
        rank=rank,
        stated=stated,
        source=source,
        note=note,
    )
    if all(v is None or v == [] for v in fields.values()):  # --value 0 is a change
        raise UsageError("set-claim: give at least one of --value, --rank, --note, --source, … to change")
    _apply(lambda where: change(where, record_id, number, fields), dry_run)


def add_source(
    source_id: Annotated[str, typer.Argument(metavar="ID", help="New source id, e.g. eurohpc-2026-01-15-new-call.")],
    url: Annotated[str, typer.Option("--url", help="Address of the page.")],
    title: Annotated[str, typer.Option("--title", help="The page's title.")],
    publisher: Annotated[str, typer.Option("--publisher", help="Who published it.")],
    kind: Annotated[SourceKind, typer.Option("--kind", help="How far it can be trusted on its own.")],
    published: Annotated[str | None, typer.Option("--published", help="YYYY-MM-DD, or omit if undated.")] = None,
    retrieved: Annotated[str | None, typer.Option("--retrieved", help="YYYY-MM-DD; default today.")] = None,
    notes: Annotated[str | None, typer.Option("--notes", help="Anything a reader should know.")] = None,
    dry_run: DryRun = False,
    data: DataOpt = None,
) -> None:
    """Add a source to sources.yaml (then cite it with data set or data add-claim).

    [bold]Examples[/]

      aifx data add-source eurohpc-2026-01-15-call --url https://eurohpc-ju.europa.eu/x --title "New call" --publisher "EuroHPC JU" --kind official --published 2026-01-15 --dry-run
    """
    import datetime as dt

    from aifx.dataset.edit import add_source as add

    source = {
        "id": source_id,
        "title": title,
        "publisher": publisher,
        "url": url,
        "kind": kind.value,
        "published": published,
        "retrieved": retrieved or dt.date.today().isoformat(),
        "notes": notes,
    }
    _apply(lambda where: add(where, source), dry_run)


def fmt(
    directory: DirArg = None,
    check: Annotated[
        bool, typer.Option("--check", help="Only report files not in canonical layout; exit 1 if any.")
    ] = False,
    data: DataOpt = None,
) -> None:
    """Rewrite data files in the canonical layout aifx itself writes (2-space indent, LF, no BOM, 120 columns).

    Other edits keep each file's own line ends, BOM and indentation; this is the one command that changes them.

    [bold]Examples[/]

      aifx data fmt --check

      aifx data fmt ./data
    """
    from aifx.dataset.atomic import locked, write
    from aifx.dataset.edit import fmt as canonical
    from aifx.dataset.loader import data_dir, shown_path

    use_dir(directory)
    if check:
        changes = canonical(data_dir(STATE.data))
        for change in changes:
            say(f"{shown_path(change.path)}: not in canonical layout (run aifx data fmt)")
        if changes:
            raise typer.Exit(1)
        return
    where = editable()
    with locked(where, waiting=_waiting(where)):
        for change in canonical(where):
            write(change)
            say(f"{shown_path(change.path)}: reformatted")


def stale(
    days: Annotated[
        int, typer.Option("--days", metavar="N", max=36500, help="Sources not re-checked for this many days.")
    ] = 365,
    fmt: FormatOpt = None,
    data: DataOpt = None,
) -> None:
    """List sources whose facts were last checked more than N days ago.

    [bold]Examples[/]

      aifx data stale --days 180

      aifx data stale --days 30 --format csv
    """
    import datetime as dt

    from aifx.present.sources import stale as table

    if days < 0:
        raise UsageError(f"--days: must be ≥ 0 (got {days})")
    emit(table(catalog(), dt.date.today() - dt.timedelta(days=days)), fmt)


def bump(
    part: Annotated[Part, typer.Argument(help="major (schema change), minor (new records) or patch (corrections).")],
    dry_run: DryRun = False,
    data: DataOpt = None,
) -> None:
    """Raise the dataset's version and set its as-of date to today, after a round of edits.

    [bold]Examples[/]

      aifx data bump patch --dry-run

      aifx data bump minor --dry-run
    """
    import datetime as dt

    from aifx.dataset.edit import bump as raise_version

    _apply(lambda where: raise_version(where, part.value, today=dt.date.today()), dry_run)

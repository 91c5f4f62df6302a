"""What changed between two dates: new records, claims, figures, sources and events, statuses that moved."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from aifx.cli.common import (
    ColumnsOpt,
    CountryOpt,
    DataOpt,
    LimitOpt,
    SortOpt,
    WhereOpt,
    catalog,
    choices,
    codes,
    complete_ids,
    day,
    horizon,
    located,
    split,
)
from aifx.cli.listing import Query, listing
from aifx.cli.output import Output
from aifx.core.differences import CHANGE_KINDS, KINDS
from aifx.errors import UsageError

if TYPE_CHECKING:
    ItemKind = enum.StrEnum
    ChangeKind = enum.StrEnum
else:  # the vocabularies, as enums that --kind and --change are checked against
    ItemKind = enum.StrEnum("ItemKind", [(k, k) for k in KINDS])
    ChangeKind = enum.StrEnum("ChangeKind", [(k, k) for k in CHANGE_KINDS])


def changes(
    since: Annotated[
        str,
        typer.Option(
            "--since", metavar="DATE", help="From this date, included (2026-09-01, or 2026-09 for its first day)."
        ),
    ],
    until: Annotated[
        str | None,
        typer.Option(
            "--until",
            metavar="DATE",
            help="Up to this date, included (a month: its last day); default: today, or the --as-of date.",
        ),
    ] = None,
    record: Annotated[
        list[str] | None,
        typer.Option(
            "--record",
            "-r",
            metavar="ID",
            help="Only changes about this record, system, chip, wave, event or source (repeat: any of them).",
            autocompletion=complete_ids,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help=f"Only changes to items of these kinds: {', '.join(KINDS)}; repeat or comma-separate (OR).",
        ),
    ] = None,
    change: Annotated[
        list[str] | None,
        typer.Option(
            "--change",
            metavar="CHANGE",
            help=f"Only these kinds of change: {', '.join(CHANGE_KINDS)}; repeat or comma-separate (OR).",
        ),
    ] = None,
    country: CountryOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """What the dataset learned between two dates: new records, claims and figures (old → new), sources, events.

    By --as-of's rule: a fact counts from the day its first source was public, a record from its selection or
    announcement; so this is the catalog as known on --until compared with it as known the day before --since.
    Nothing known is ever forgotten by that rule (a contradicted claim stays, marked deprecated), so there are no
    removals. One row per change in csv and json; grouped by record on a terminal.

    [bold]Examples[/]

      aifx changes --since 2026-09-01

      aifx changes --since 2026-06 --until 2026-08 --kind factory,antenna

      aifx changes --since 2026-01-01 --record LUMI-AF

      aifx changes --since 2026-06-01 --change status,claim --country ES

      aifx changes --since 2026-06-01 --format csv > changes.csv
    """
    from aifx.core.changes import CHANGES
    from aifx.core.changes import changes as learned
    from aifx.present.changes import view

    query = Query.parse(CHANGES, columns=columns, where=where, sort=sort, limit=limit)
    start = day(since, option="--since")
    end = day(until, option="--until", end=True) if until else None
    if end is not None and start > end:
        raise UsageError(f"--since {since} is after --until {until}")
    kinds = {k.value for k in choices(kind, ItemKind, option="--kind")}
    wanted_changes = {c.value for c in choices(change, ChangeKind, option="--change")}
    wanted = set(codes(country, option="--country"))
    data_ = catalog()
    if end is None:
        end = horizon(data_)
        if start > end:
            raise UsageError(f"--since {since} is after {end.isoformat()}, the last day the data knows (--until)")
    about = {located(data_, r).id for r in split(record)}
    picked = [
        c
        for c in learned(data_, start, end)
        if (not kinds or c.kind in kinds)
        and (not wanted_changes or c.change in wanted_changes)
        and (not about or about & set(c.about))
        and (not wanted or wanted & set(c.countries))
    ]
    filtered = bool(kinds or wanted_changes or about or wanted or where)
    listing(
        picked,
        data_,
        query,
        out,
        empty=f"nothing changed from {start.isoformat()} to {end.isoformat()}" + (" that matches" if filtered else ""),
        view=lambda rows: view(rows, data_, query.columns, since=start, until=end, full_json=query.full_json),
    )

"""What happened when: the timeline of calls, selections, contracts, launches and regulation, or its bars per quarter."""

from __future__ import annotations

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
    find,
    split,
)
from aifx.cli.listing import Query, listing
from aifx.cli.output import Output
from aifx.errors import UsageError

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog


def timeline(
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="From this date (2025-03-12, 2025-03 or 2025); adds new claims."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Up to this date, inclusive (a month or year: its end)."),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="call-opened, selection, contract, launch, regulation, …, or claim; repeat or comma-separate (OR).",
        ),
    ] = None,
    record: Annotated[
        list[str] | None,
        typer.Option(
            "--record",
            "-r",
            metavar="ID",
            help="Only events about this record, system or wave-N (OR).",
            autocompletion=complete_ids,
        ),
    ] = None,
    country: CountryOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    chart: Annotated[
        bool, typer.Option("--chart", help="Events per quarter as bars (the filters apply) instead of the list.")
    ] = False,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """What happened when: calls, selections, contracts, launches, regulation; with --since, new claims too.

    [bold]Examples[/]

      aifx timeline --since 2025-03 --until 2025-10

      aifx timeline --record LUMI-AF

      aifx timeline --kind regulation,funding --country ES

      aifx timeline --since 2026-01-01 --format json

      aifx timeline --chart
    """
    from aifx.core.history import CLAIM, TIMELINE, claims_published
    from aifx.core.history import timeline as history
    from aifx.dataset.vocabulary import EventKind
    from aifx.present.quarters import per_quarter
    from aifx.present.timeline import view

    query = Query.parse(TIMELINE, columns=columns, where=where, sort=sort, limit=limit)
    start = day(since, option="--since") if since else None
    end = day(until, option="--until", end=True) if until else None
    if start and end and start > end:
        raise UsageError(f"--since {since} is after --until {until}")
    wanted = codes(country, option="--country")
    asked = split(kind)
    kinds = {k.value for k in choices([k for k in asked if k.lower() != CLAIM], EventKind, option="--kind")}
    kinds |= {CLAIM} if any(k.lower() == CLAIM for k in asked) else set()
    data_ = catalog()
    about = {_record_key(data_, r) for r in split(record)}
    entries = history(data_)
    if start is not None:
        entries = sorted([*entries, *claims_published(data_, start, end)], key=lambda e: e.date)
    picked = [
        e
        for e in entries
        if (start is None or e.date >= start)
        and (end is None or e.date <= end)
        and (not kinds or e.kind in kinds)
        and (not about or about & set(e.records))
        and (not wanted or set(wanted) & set(e.countries))
    ]
    listing(
        picked,
        data_,
        query,
        out,
        empty="no events match these filters",
        view=lambda rows: per_quarter(rows) if chart else view(rows, data_, query.columns, full_json=query.full_json),
    )


def _record_key(data: Catalog, query: str) -> str:
    """A record's id, or wave-N for a wave, for --record."""
    import re

    if (wave := re.fullmatch(r"(?i)wave[- ]?(\d+)", query.strip())) is not None:
        if int(wave[1]) not in data.waves:
            raise UsageError(f"--record: there is no wave {wave[1]}; waves: {', '.join(map(str, data.waves))}")
        return f"wave-{int(wave[1])}"
    from aifx.text.suggest import fold

    system = data.system(query)
    if system is not None and (data.get(query) is None or fold(query) == fold(system.id)):
        return system.id  # a system's events (contracts, inaugurations) are about the system
    return find(data, query).id

"""Where the facts come from: every source, what cites it, and the dataset's own version, licence and attribution."""

from __future__ import annotations

from typing import Annotated

import typer

from aifx.cli.common import (
    ColumnsOpt,
    DataOpt,
    LimitOpt,
    SortOpt,
    WhereOpt,
    catalog,
    choices,
    complete_ids,
    completer,
    day,
    find,
)
from aifx.cli.listing import Query, listing
from aifx.cli.output import FormatOpt, Output, emit
from aifx.dataset.vocabulary import SourceKind


def sources(
    record_id: Annotated[
        str | None,
        typer.Argument(metavar="[ID]", help="Only the sources this record cites.", autocompletion=complete_ids),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="official, news, blog or other; repeat or comma-separate (OR).",
            autocompletion=completer(SourceKind),
        ),
    ] = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """Every source, its kind and date, and what cites it.

    [bold]Examples[/]

      aifx sources

      aifx sources MIMER --kind official

      aifx sources --where 'published >= 2026-01-01' --sort published:desc

      aifx sources --format csv > sources.csv
    """
    from aifx.core.sourcing import SOURCES, cited
    from aifx.present.sources import sources as table

    query = Query.parse(SOURCES, columns=columns, where=where, sort=sort, limit=limit)
    data_ = catalog()
    picked = cited(find(data_, record_id), data_) if record_id else list(data_.sources.values())
    kinds = choices(kind, SourceKind, option="--kind")
    picked = [s for s in picked if not kinds or s.kind in kinds]
    listing(
        picked,
        data_,
        query,
        out,
        empty="no sources match these filters",
        view=lambda rows: table(rows, data_, query.columns, full_json=query.full_json),
    )


def about(fmt: FormatOpt = None, data: DataOpt = None) -> None:
    """Dataset version, as-of date, counts, licence and attribution.

    [bold]Examples[/]

      aifx about

      aifx about --format json
    """
    from aifx.cli.common import STATE
    from aifx.dataset.loader import data_dir, shown_path
    from aifx.present.cards import about as card

    data_ = catalog()
    on = day(STATE.as_of, option="--as-of").isoformat() if STATE.as_of else None
    emit(card(data_, shown_path(data_dir(STATE.data)), as_of=on), fmt)

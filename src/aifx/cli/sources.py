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
    located,
)
from aifx.cli.listing import Query, listing
from aifx.cli.output import FormatOpt, Output, emit
from aifx.dataset.vocabulary import SourceKind
from aifx.errors import UsageError


def sources(
    item_id: Annotated[
        str | None,
        typer.Argument(
            metavar="[ID]",
            help="A source: its card. Anything else (a record, system, chip, wave, event): the sources it cites.",
            autocompletion=complete_ids,
        ),
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
    official: Annotated[
        bool | None,
        typer.Option("--official/--no-official", help="Only official sources, or only the others.", show_default=False),
    ] = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """Every source, its kind and date, and what cites it; one source's card; one item's sources.

    [bold]Examples[/]

      aifx sources

      aifx sources MIMER --kind official

      aifx sources world-today-news-2024-12-ai-revolution

      aifx sources --where 'published >= 2026-01-01' --sort published:desc

      aifx sources --format csv > sources.csv
    """
    from aifx.core.sourcing import SOURCES, cited
    from aifx.dataset.models import Source
    from aifx.present.sources import source_card
    from aifx.present.sources import sources as table

    query = Query.parse(SOURCES, columns=columns, where=where, sort=sort, limit=limit)
    data_ = catalog()
    found = located(data_, item_id) if item_id else None
    if found is not None and isinstance(found.item, Source):
        given = [n for n, v in (("--kind", kind), ("--official", official), ("--where", where), ("--sort", sort),
                                ("--limit", limit), ("--columns", columns)) if v is not None]  # fmt: skip
        if given:
            raise UsageError(f"{item_id} is one source, shown as a card: {', '.join(given)} choose among sources")
        out.emit(source_card(found.item, data_))
        return
    picked = cited(found.item, data_) if found is not None else list(data_.sources.values())
    kinds = choices(kind, SourceKind, option="--kind")
    picked = [s for s in picked if (not kinds or s.kind in kinds) and (official is None or s.official is official)]
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

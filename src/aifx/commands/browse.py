"""Browse and export commands: list, show, compare, search, waves, budgets, initiatives, sources, conflicts, about."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from aifx.cli import (
    BROWSE,
    EXPORT,
    ExcelOpt,
    FormatOpt,
    _catalog,
    _codes,
    _complete_countries,
    _complete_fields,
    _complete_ids,
    _complete_sectors,
    _emit,
    _find,
    _say,
    app,
    boundary,
)
from aifx.errors import UsageError
from aifx.models import Kind, SystemKind, Verification


class ByChoice(StrEnum):
    factory = "factory"
    country = "country"
    wave = "wave"


@app.command("list", rich_help_panel=BROWSE)
@boundary
def list_(
    wave: Annotated[
        list[int] | None, typer.Option("--wave", "-w", metavar="N", help="Selection wave (repeatable).")
    ] = None,
    country: Annotated[
        list[str] | None,
        typer.Option(
            "--country",
            "-c",
            metavar="CC",
            help="Host country code or name (repeatable).",
            autocompletion=_complete_countries,
        ),
    ] = None,
    partner: Annotated[
        list[str] | None,
        typer.Option(
            "--partner",
            "-p",
            metavar="CC",
            help="Host or consortium country (repeatable).",
            autocompletion=_complete_countries,
        ),
    ] = None,
    kind: Annotated[list[Kind] | None, typer.Option("--kind", "-k", help="factory or antenna.")] = None,
    sector: Annotated[
        list[str] | None,
        typer.Option(
            "--sector", "-s", metavar="SECTOR", help="Focus sector (repeatable).", autocompletion=_complete_sectors
        ),
    ] = None,
    system: Annotated[
        list[SystemKind] | None, typer.Option("--system", help="Supercomputer: new, upgrade, existing, none.")
    ] = None,
    verification: Annotated[
        list[Verification] | None, typer.Option("--verification", help="How well established.")
    ] = None,
    min_budget: Annotated[
        float | None, typer.Option("--min-budget", metavar="EUR_M", help="Preferred total ≥ this, EUR million.")
    ] = None,
    max_budget: Annotated[
        float | None, typer.Option("--max-budget", metavar="EUR_M", help="Preferred total ≤ this, EUR million.")
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            metavar="'FIELD OP VALUE'",
            help="FIELD OP VALUE, OP one of = != < <= > >= contains in (repeatable).",
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", metavar="FIELD[:desc]", help="FIELD or FIELD:desc.", autocompletion=_complete_fields),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-n", min=0, metavar="N", help="At most this many rows.")
    ] = None,
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns", metavar="a,b,c", help="Comma-separated fields to show.", autocompletion=_complete_fields
        ),
    ] = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """List AI Factories and Antennas, filtered and sorted.

    [bold]Examples[/]

      aifx list --wave 1

      aifx list --partner EE --columns id,name,country,partners

      aifx list --country DE --format csv > de.csv
    """
    from aifx.fields import DEFAULT_COLUMNS
    from aifx.models import Sector
    from aifx.query import Filters, Where, check_field, select
    from aifx.query import sort as order
    from aifx.reports import listing

    sectors = [s.lower() for s in sector or []]
    if bad := [s for s in sectors if s not in {x.value for x in Sector}]:
        raise UsageError(f"--sector: unknown sector {bad[0]!r}; valid sectors: {', '.join(x.value for x in Sector)}")
    chosen = (
        [check_field(c.strip(), option="--columns") for c in columns.split(",")] if columns else list(DEFAULT_COLUMNS)
    )
    filters = Filters(
        waves=wave or (),
        countries=_codes(country, option="--country"),
        partners=_codes(partner, option="--partner"),
        kinds=[k.value for k in kind or []],
        sectors=sectors,
        systems=[s.value for s in system or []],
        verification=[v.value for v in verification or []],
        min_budget=min_budget,
        max_budget=max_budget,
        where=[Where.parse(w) for w in where or []],
    )
    catalog = _catalog()
    picked = select(catalog, filters)
    records = order(picked.records, catalog, sort)[: limit if limit is not None else None]
    if picked.unknown_budget:
        _say(f"{picked.unknown_budget} records with an unknown or non-EUR budget left out by the budget filter")
    _emit(listing(records, catalog, chosen, full_json=columns is None), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def show(
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="Id, alias or name; any case.", autocompletion=_complete_ids)
    ],
    sources: Annotated[
        bool, typer.Option("--sources", help="Only the record's numbered sources, with URL and dates.")
    ] = False,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Show one record as a card: every field, budget claims, numbered sources.

    [bold]Examples[/]

      aifx show LUMI-AF

      aifx show "LUMI AI Factory" --sources

      aifx show tartu-ai --format json
    """
    from aifx.cards import card
    from aifx.reports import source_list

    catalog = _catalog()
    record = _find(catalog, record_id)
    _emit(source_list(record, catalog) if sources else card(record, catalog), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def compare(
    ids: Annotated[
        list[str], typer.Argument(metavar="ID ID [ID…]", help="Two or more factory ids.", autocompletion=_complete_ids)
    ],
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Compare factories side by side: fields as rows, differing values highlighted.

    [bold]Examples[/]

      aifx compare LUMI-AF IT4LIA

      aifx compare HAMMERHAI JAIF --format markdown
    """
    from aifx.models import Factory
    from aifx.reports import compare as side_by_side

    if len(ids) < 2:
        raise UsageError("compare needs at least two ids")
    catalog = _catalog()
    records = [_find(catalog, i) for i in ids]
    if bad := [r.id for r in records if not isinstance(r, Factory)]:
        raise UsageError(f"compare works on factories and antennas; {bad[0]} is an initiative (try aifx show {bad[0]})")
    _emit(side_by_side([r for r in records if isinstance(r, Factory)], catalog), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def search(
    query: Annotated[list[str], typer.Argument(help="Words to look for; typos, case and accents forgiven.")],
    kind: Annotated[list[str] | None, typer.Option("--kind", "-k", help="factory, antenna or initiative.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many results.")] = 10,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Fuzzy-search ids, names, aliases, cities, hosts, systems, countries and sectors.

    [bold]Examples[/]

      aifx search hamer hai

      aifx search julich

      aifx search tartu --kind initiative
    """
    from aifx.reports import search_results
    from aifx.search import search as find

    kinds = tuple(k.lower() for k in kind or [])
    if bad := [k for k in kinds if k not in ("factory", "antenna", "initiative")]:
        raise UsageError(f"--kind: unknown kind {bad[0]!r}; valid kinds: factory, antenna, initiative")
    text = " ".join(query)
    _emit(search_results(find(_catalog(), text, kinds=kinds, limit=limit), text), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def waves(fmt: FormatOpt = None, excel: ExcelOpt = False) -> None:
    """One row per selection wave: dates, selected, countries, stated totals, honest sums.

    [bold]Examples[/]

      aifx waves

      aifx waves --format json
    """
    from aifx.reports import waves as table

    _emit(table(_catalog()), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def budgets(
    by: Annotated[ByChoice, typer.Option("--by", help="factory, country or wave.")] = ByChoice.factory,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Budgets by factory, country or wave, with bars; unknowns counted, never zero.

    [bold]Examples[/]

      aifx budgets

      aifx budgets --by country
    """
    from aifx.reports import budgets as table

    _emit(table(_catalog(), by.value), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def initiatives(
    verification: Annotated[
        list[Verification] | None, typer.Option("--verification", help="confirmed, reported or unconfirmed.")
    ] = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Sovereign-AI initiatives and the EU gigafactory programme.

    [bold]Examples[/]

      aifx initiatives

      aifx initiatives --verification unconfirmed

      aifx initiatives --format csv
    """
    from aifx.reports import initiatives as table

    _emit(table(_catalog(), [v.value for v in verification or []]), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def conflicts(
    record_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this record, or 'wave N'.", autocompletion=_complete_ids)
    ] = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
) -> None:
    """Every fact on which sources disagree, each claim with its own sources.

    [bold]Examples[/]

      aifx conflicts

      aifx conflicts "wave 1"

      aifx conflicts LUMI-AF --format json
    """
    import re

    from aifx.reports import conflicts as table

    catalog = _catalog()
    only = None
    if record_id is not None:
        wave = re.fullmatch(r"\s*wave\s*(\d+)\s*", record_id, re.IGNORECASE)
        only = f"wave {wave.group(1)}" if wave else _find(catalog, record_id).id
    _emit(table(catalog, only), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def sources(fmt: FormatOpt = None, excel: ExcelOpt = False) -> None:
    """Every source, its kind and date, and what cites it.

    [bold]Examples[/]

      aifx sources

      aifx sources --format csv > sources.csv
    """
    from aifx.reports import sources as table

    _emit(table(_catalog()), fmt, excel=excel)


@app.command(rich_help_panel=BROWSE)
@boundary
def about(fmt: FormatOpt = None) -> None:
    """Dataset version, as-of date, counts, licence and attribution.

    [bold]Examples[/]

      aifx about

      aifx about --format json
    """
    from aifx.cards import about as card
    from aifx.cli import STATE
    from aifx.load import data_dir, shown_path

    _emit(card(_catalog(), shown_path(data_dir(STATE.data))), fmt)


@app.command(rich_help_panel=EXPORT)
@boundary
def export(fmt: FormatOpt = None) -> None:
    """The whole dataset as one JSON document (dataset, sources, waves, factories, initiatives).

    [bold]Examples[/]

      aifx export > aifx.json

      aifx export --format jsonl
    """
    from aifx.output import Format
    from aifx.reports import export as everything

    chosen = fmt or Format.json
    if chosen not in (Format.json, Format.jsonl):
        raise UsageError("export writes json or jsonl; for tables use aifx list --format csv")
    _emit(everything(_catalog(), lines=chosen is Format.jsonl), chosen)

"""The records themselves: list (filtered, sorted), show (one as a card), compare (side by side), search."""

from __future__ import annotations

import enum
from dataclasses import replace
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
    complete_ids,
    completer,
    located,
)
from aifx.cli.filters import (
    DisputedOpt,
    ExperimentalOpt,
    KindOpt,
    MaxBudgetOpt,
    MinBudgetOpt,
    PartnerOpt,
    SectorOpt,
    SystemOpt,
    VerificationOpt,
    WaveOpt,
    factories,
)
from aifx.cli.listing import Query, limited, listing
from aifx.cli.output import Output
from aifx.errors import UsageError

if TYPE_CHECKING:
    from aifx.core.lookup import Found
    from aifx.dataset.catalog import Catalog
    from aifx.dataset.models import Factory
    from aifx.present.views import CardView, TableView


class SearchKind(enum.StrEnum):
    factory = "factory"
    antenna = "antenna"
    initiative = "initiative"
    bid = "bid"
    source = "source"
    event = "event"
    system = "system"
    chip = "chip"
    wave = "wave"


def list_(
    wave: WaveOpt = None,
    country: CountryOpt = None,
    partner: PartnerOpt = None,
    kind: KindOpt = None,
    sector: SectorOpt = None,
    system: SystemOpt = None,
    verification: VerificationOpt = None,
    experimental: ExperimentalOpt = None,
    disputed: DisputedOpt = None,
    min_budget: MinBudgetOpt = None,
    max_budget: MaxBudgetOpt = None,
    where: WhereOpt = None,
    near: Annotated[
        str | None,
        typer.Option("--near", metavar="PLACE", help="Add distance_km from a town or LAT,LON and sort by it."),
    ] = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """List AI Factories and Antennas, filtered and sorted.

    Filters of different options must all hold (AND); repeats of one option mean any of them (OR).

    [bold]Examples[/]

      aifx list --wave 1

      aifx list --partner EE --columns id,name,country,partners

      aifx list --sort budget:desc --limit 5

      aifx list --experimental --sector life-sciences

      aifx list --country DE --format csv > de.csv

      aifx list --kind factory --near Tartu --limit 3
    """
    from aifx.core.fields import FACTORIES, listed
    from aifx.core.query import empty_hint
    from aifx.present.reports import listing as table

    # With --near, the columns are checked once distance_km is among the fields.
    query = Query.parse(FACTORIES, columns=columns if near is None else None, sort=sort, limit=limit)
    data_ = catalog()
    records, filters = factories(
        data_,
        wave=wave,
        country=country,
        partner=partner,
        kind=kind,
        sector=sector,
        system=system,
        verification=verification,
        min_budget=min_budget,
        max_budget=max_budget,
        where=where,
        experimental=experimental,
        disputed=disputed,
    )
    if near is not None:
        out.emit(_near(records, near, data_, sort=sort, limit=limit, columns=columns))
        return
    if columns is None and (fields := listed(records)) is not FACTORIES:  # antennas alone: their own columns
        query = replace(query, registry=fields, columns=list(fields.default))
    empty = empty_hint(data_, filters)
    listing(
        records,
        data_,
        query,
        out,
        empty=empty,
        view=lambda rows: table(rows, data_, query.columns, full_json=query.full_json, registry=query.registry),
    )


def _near(
    records: list[Factory], place: str, data: Catalog, *, sort: str | None, limit: int | None, columns: str | None
) -> TableView:
    """``list --near``: the records by distance (or by --sort, distance_km included), with a distance_km column."""
    from dataclasses import replace

    from aifx.core.nearby import rank, registry
    from aifx.core.places import resolve
    from aifx.core.query import order
    from aifx.present.nearby import listing

    found = rank(records, resolve(place))
    fields = registry(found)
    km = found.km
    ranked = limited(order([f for f, _ in found.ranked], fields, sort, data), limit)
    found = replace(found, ranked=[(f, km[f.id]) for f in ranked])
    return listing(found, data, fields.columns(columns), full_json=columns is None)


def show(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Id, alias or name of a record, gigafactory bid, system, chip, wave, event or source; any case. "
            "KIND:ID for one kind (system:JUPITER).",
            autocompletion=complete_ids,
        ),
    ],
    sources: Annotated[
        bool, typer.Option("--sources", help="Only the item's numbered sources, with URL and dates.")
    ] = False,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """Show anything by its id as a card: a record, gigafactory bid, system, chip, wave, event or source; every
    field, its claims and figures, numbered sources.

    Where names collide a record wins, then a bid, system, chip, wave, event, source: JUPITER is the initiative,
    system:JUPITER its supercomputer. A source's card lists every record, claim, figure and event citing it.

    [bold]Examples[/]

      aifx show LUMI-AF

      aifx show LUMI-AI

      aifx show "LUMI AI Factory" --sources

      aifx show 'wave 1'

      aifx show world-today-news-2024-12-ai-revolution

      aifx show tartu-ai --format json
    """
    from aifx.present.sources import source_list

    data_ = catalog()
    found = located(data_, item_id)
    out.emit(source_list(found.item, data_, found.id) if sources else _card(found, data_))


def _card(found: Found, data: Catalog) -> CardView:
    """The card of whatever an id named."""
    from aifx.core.history import Entry
    from aifx.dataset.models import Bid, Chip, Source, System, Wave
    from aifx.present import bids, cards, more_cards
    from aifx.present.sources import source_card

    item = found.item
    if isinstance(item, Bid):
        return bids.card(item, data)
    if isinstance(item, System):
        return cards.system_card(item, data)
    if isinstance(item, Source):
        return source_card(item, data)
    if isinstance(item, Wave):
        return more_cards.wave_card(item, data)
    if isinstance(item, Entry):
        return more_cards.event_card(item, data)
    if isinstance(item, Chip):
        return more_cards.chip_card(item, data)
    return cards.card(item, data)


def compare(
    names: Annotated[
        list[str],
        typer.Argument(
            metavar="ID|COUNTRY|WAVE…",
            help="Factories or antennas (id, alias or name); countries (ES, Spain: the records they host); waves "
            "(wave 1: its factories). A record's id wins over a country's code; country:ES forces the country.",
            autocompletion=complete_ids,
        ),
    ],
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """Compare factories and antennas side by side: fields as rows, differing values highlighted.

    A country or a wave stands for its records: aifx compare ES IT compares the Spanish and Italian ones.

    [bold]Examples[/]

      aifx compare LUMI-AF IT4LIA

      aifx compare HAMMERHAI JAIF --format markdown

      aifx compare ES IT

      aifx compare 'wave 3'
    """
    from aifx.core.lookup import members, suggest_members
    from aifx.dataset.models import Factory
    from aifx.errors import NotFoundError
    from aifx.present.reports import compare as side_by_side

    data_ = catalog()
    records: dict[str, Factory] = {}
    groups: list[str] = []
    for name in names:
        found = members(data_, name)
        if found is None:
            raise NotFoundError("factory, country or wave", name, suggest_members(data_, name))
        if bad := [r.id for r in found.records if not isinstance(r, Factory)]:
            raise UsageError(
                f"compare works on factories and antennas; {bad[0]} is an initiative (try aifx show {bad[0]})"
            )
        records.update((r.id, r) for r in found.records if isinstance(r, Factory))
        if found.label:
            groups.append(f"{found.label}: {', '.join(r.id for r in found.records)}")
    if len(records) < 2:
        raise UsageError(f"compare needs at least two records; {' '.join(names)} names only {', '.join(records)}")
    view = side_by_side(list(records.values()), data_)
    out.emit(replace(view, notes=[*groups, *view.notes]))


def search(
    query: Annotated[list[str], typer.Argument(help="Words to look for; typos, case and accents forgiven.")],
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="factory, antenna, initiative, bid, system, chip, wave, source or event; repeat or comma-separate "
            "(OR).",
            autocompletion=completer(SearchKind),
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", help="At most this many results.")] = 10,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """Search records, gigafactory bids, systems, chips, waves, sources and events: ids, names, places, hosts,
    members, notes, amounts.

    A match in an id, name, alias or city ranks above one inside prose; each hit says which field matched, and
    aifx show opens every hit. Numbers match by value, whatever the currency or wording: 2.3 billion, 2,3 mld and
    €2.3bn find the same text (2.3 million does not).

    [bold]Examples[/]

      aifx search hamer hai

      aifx search julich

      aifx search GH200

      aifx search tartu --kind initiative

      aifx search '2.3 billion'
    """
    from aifx.core.search import search as find_text
    from aifx.present.reports import search_results

    if limit < 1:
        raise UsageError(f"--limit: must be ≥ 1 (got {limit})")
    text = " ".join(query)
    kinds = tuple(k.value for k in choices(kind, SearchKind, option="--kind"))
    out.emit(search_results(find_text(catalog(), text, kinds=kinds, limit=limit), text))

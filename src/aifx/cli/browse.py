"""Browse commands: list, show, compare, search, waves, budgets, initiatives, sources, conflicts, timeline, about."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from aifx.cli.common import (
    ColumnsOpt,
    CountryOpt,
    DataOpt,
    ExcelOpt,
    FormatOpt,
    LimitOpt,
    SortOpt,
    WhereOpt,
    WideOpt,
    catalog,
    choices,
    codes,
    complete_ids,
    completer,
    day,
    emit,
    find,
    limited,
    say,
    split,
)
from aifx.cli.filters import (
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
from aifx.dataset.models import SourceKind, SystemStatus, Verification
from aifx.errors import UsageError

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog
    from aifx.dataset.models import Factory
    from aifx.present.views import TableView


class ByChoice(enum.StrEnum):
    factory = "factory"
    country = "country"
    wave = "wave"


class SearchKind(enum.StrEnum):
    factory = "factory"
    antenna = "antenna"
    initiative = "initiative"
    source = "source"
    event = "event"
    system = "system"


SystemStatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="planned, procuring, installing, operational or retired; repeat or comma-separate (OR).",
        autocompletion=completer(SystemStatus),
    ),
]


def list_(
    wave: WaveOpt = None,
    country: CountryOpt = None,
    partner: PartnerOpt = None,
    kind: KindOpt = None,
    sector: SectorOpt = None,
    system: SystemOpt = None,
    verification: VerificationOpt = None,
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
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """List AI Factories and Antennas, filtered and sorted.

    Filters of different options must all hold (AND); repeats of one option mean any of them (OR).

    [bold]Examples[/]

      aifx list --wave 1

      aifx list --partner EE --columns id,name,country,partners

      aifx list --sort budget:desc --limit 5

      aifx list --country DE --format csv > de.csv

      aifx list --kind factory --near Tartu --limit 3
    """
    from aifx.core.fields import FACTORIES
    from aifx.core.query import empty_hint
    from aifx.core.query import sort as order
    from aifx.present.reports import listing

    chosen = FACTORIES.columns(columns) if near is None else []  # with --near, checked with distance_km
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
    )
    if near is not None:
        view = _near(records, near, data_, sort=sort, limit=limit, columns=columns)
        emit(view, fmt, excel=excel, wide=wide)
        return
    rows = limited(order(records, data_, sort), limit)
    if not rows:
        say(empty_hint(data_, filters))
    emit(listing(rows, data_, chosen, full_json=columns is None), fmt, excel=excel, wide=wide)


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
    record_id: Annotated[
        str, typer.Argument(metavar="ID", help="Id, alias or name; any case.", autocompletion=complete_ids)
    ],
    sources: Annotated[
        bool, typer.Option("--sources", help="Only the record's numbered sources, with URL and dates.")
    ] = False,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """Show one record or supercomputer as a card: every field, budget claims and figures, numbered sources.

    [bold]Examples[/]

      aifx show LUMI-AF

      aifx show LUMI-AI

      aifx show "LUMI AI Factory" --sources

      aifx show tartu-ai --format json
    """
    from aifx.present.cards import card, system_card
    from aifx.present.sources import source_list

    data_ = catalog()
    if data_.get(record_id) is None and (system := data_.system(record_id)) is not None and not sources:
        emit(system_card(system, data_), fmt, excel=excel, wide=wide)
        return
    record = find(data_, record_id)
    emit(source_list(record, data_) if sources else card(record, data_), fmt, excel=excel, wide=wide)


def compare(
    ids: Annotated[
        list[str], typer.Argument(metavar="ID ID [ID…]", help="Two or more factory ids.", autocompletion=complete_ids)
    ],
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """Compare factories side by side: fields as rows, differing values highlighted.

    [bold]Examples[/]

      aifx compare LUMI-AF IT4LIA

      aifx compare HAMMERHAI JAIF --format markdown
    """
    from aifx.dataset.models import Factory
    from aifx.present.reports import compare as side_by_side

    if len(ids) < 2:
        raise UsageError("compare needs at least two ids")
    data_ = catalog()
    _not_countries(data_, ids)
    records = [find(data_, i) for i in ids]
    if bad := [r.id for r in records if not isinstance(r, Factory)]:
        raise UsageError(f"compare works on factories and antennas; {bad[0]} is an initiative (try aifx show {bad[0]})")
    emit(side_by_side([r for r in records if isinstance(r, Factory)], data_), fmt, excel=excel, wide=wide)


def _not_countries(data_: Catalog, ids: list[str]) -> None:
    """A usage error pointing at ``list --country`` when ids that name no record name countries (ES, Italy)."""
    from aifx.text.countries import lookup

    named = {i: code for i in ids if data_.get(i) is None and (code := lookup(i)) is not None}
    if named:
        typed = list(named)
        listed = ", ".join(typed[:-1]) + " and " + typed[-1] if len(typed) > 1 else typed[0]
        are = "are countries, not factories" if len(typed) > 1 else "is a country, not a factory"
        wanted = ",".join(dict.fromkeys(named.values()))
        raise UsageError(f"{listed} {are}: try aifx list --country {wanted}")


def search(
    query: Annotated[list[str], typer.Argument(help="Words to look for; typos, case and accents forgiven.")],
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            "-k",
            metavar="KIND",
            help="factory, antenna, initiative or source; repeat or comma-separate (OR).",
            autocompletion=completer(SearchKind),
        ),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", metavar="N", help="At most this many results.")] = 10,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """Search records and sources: ids, names, places, hosts, systems, notes, hardware, budgets, source titles.

    A match in an id, name, alias or city ranks above one inside prose; each hit says which field matched.

    [bold]Examples[/]

      aifx search hamer hai

      aifx search julich

      aifx search GH200

      aifx search tartu --kind initiative
    """
    from aifx.core.search import search as find_text
    from aifx.present.reports import search_results

    if limit < 1:
        raise UsageError(f"--limit: must be ≥ 1 (got {limit})")
    text = " ".join(query)
    kinds = tuple(k.value for k in choices(kind, SearchKind, option="--kind"))
    emit(search_results(find_text(catalog(), text, kinds=kinds, limit=limit), text), fmt, excel=excel, wide=wide)


def waves(
    columns: ColumnsOpt = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """One row per selection wave: dates, selected, countries, the stated total, honest sums.

    [bold]Examples[/]

      aifx waves

      aifx waves --format json
    """
    from aifx.present.reports import waves as table

    view = table(catalog())
    emit(_columns(view, columns), fmt, excel=excel, wide=wide)


def _columns(view: TableView, text: str | None) -> TableView:
    """A computed table narrowed to ``--columns``, checked against its own columns."""
    if not text:
        return view
    names = split([text])
    if bad := [c for c in names if c not in view.columns]:
        from aifx.errors import did_you_mean
        from aifx.text.suggest import suggest

        hint = did_you_mean(suggest(bad[0], view.columns, limit=2))
        raise UsageError(f"--columns: unknown column {bad[0]!r}{hint}; columns here: {', '.join(view.columns)}")
    return view.keep(names)


def budgets(
    by: Annotated[ByChoice, typer.Option("--by", help="One row per factory, country or wave.")] = ByChoice.factory,
    wave: WaveOpt = None,
    country: CountryOpt = None,
    kind: KindOpt = None,
    where: Annotated[
        list[str] | None,
        typer.Option("--where", metavar="'FIELD OP VALUE'", help="Only sum records where this holds (list's fields)."),
    ] = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """Budgets by factory, country or wave, with bars; unknowns counted, never zero.

    Each record counts with its preferred total claim, else its first total claim (the claim column says which).

    [bold]Examples[/]

      aifx budgets

      aifx budgets --by country

      aifx budgets --kind factory --wave 3 --sort budget
    """
    from aifx.core.budgets import budget_groups, budget_registry
    from aifx.core.query import order
    from aifx.present.reports import budgets as table

    registry = budget_registry(by.value)
    chosen = registry.columns(columns)
    data_ = catalog()
    records, _ = factories(data_, wave=wave, country=country, kind=kind, where=where)
    groups = limited(order(budget_groups(records, by.value), registry, sort, data_), limit)
    if not groups:
        say("no records match these filters")
    emit(table(groups, data_, by.value, chosen), fmt, excel=excel, wide=wide)


def initiatives(
    country: CountryOpt = None,
    verification: VerificationOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """Sovereign-AI initiatives and the EU gigafactory programme.

    [bold]Examples[/]

      aifx initiatives

      aifx initiatives --verification unconfirmed

      aifx initiatives --country DE,FR --columns id,name,lead

      aifx initiatives --format csv
    """
    from aifx.core.budgets import INITIATIVES
    from aifx.core.query import Where, keep, order
    from aifx.present.reports import initiatives as table

    chosen = INITIATIVES.columns(columns)
    wheres = [Where.parse(w, INITIATIVES) for w in where or []]
    wanted = codes(country, option="--country")
    trust = choices(verification, Verification, option="--verification")
    data_ = catalog()
    picked = [
        r
        for r in data_.initiatives.values()
        if (not wanted or r.country in wanted) and (not trust or r.verification in trust)
    ]
    rows = limited(order(keep(picked, INITIATIVES, wheres, data_), INITIATIVES, sort, data_), limit)
    if not rows:
        say("no initiatives match these filters")
    emit(table(rows, data_, chosen, full_json=columns is None), fmt, excel=excel, wide=wide)


def conflicts(
    record_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this record, or 'wave N'.", autocompletion=complete_ids)
    ] = None,
    country: CountryOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """Every fact on which sources disagree, each claim with its own sources.

    [bold]Examples[/]

      aifx conflicts

      aifx conflicts "wave 1"

      aifx conflicts --country ES --columns record,claim,rank

      aifx conflicts LUMI-AF --format json
    """
    import re

    from aifx.core.budgets import CONFLICTS, disputed
    from aifx.core.query import Where, keep, order
    from aifx.present.reports import conflicts as table

    chosen = CONFLICTS.columns(columns)
    wheres = [Where.parse(w, CONFLICTS) for w in where or []]
    wanted = codes(country, option="--country")
    data_ = catalog()
    only = None
    if record_id is not None:
        wave = re.fullmatch(r"\s*wave\s*(\d+)\s*", record_id, re.IGNORECASE)
        only = f"wave {wave.group(1)}" if wave else find(data_, record_id).id
    rows = [d for d in disputed(data_, only) if not wanted or d.country in wanted]
    rows = limited(order(keep(rows, CONFLICTS, wheres, data_), CONFLICTS, sort, data_), limit)
    if not rows:
        say("no disputed facts match")
    emit(table(rows, data_, chosen), fmt, excel=excel, wide=wide)


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
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """Every source, its kind and date, and what cites it.

    [bold]Examples[/]

      aifx sources

      aifx sources MIMER --kind official

      aifx sources --where 'published >= 2026-01-01' --sort published:desc

      aifx sources --format csv > sources.csv
    """
    from aifx.core.query import Where, keep, order
    from aifx.core.sourcing import SOURCES, cited
    from aifx.present.sources import sources as table

    chosen = SOURCES.columns(columns)
    wheres = [Where.parse(w, SOURCES) for w in where or []]
    data_ = catalog()
    picked = cited(find(data_, record_id), data_) if record_id else list(data_.sources.values())
    kinds = choices(kind, SourceKind, option="--kind")
    picked = [s for s in picked if not kinds or s.kind in kinds]
    rows = limited(order(keep(picked, SOURCES, wheres, data_), SOURCES, sort, data_), limit)
    if not rows:
        say("no sources match these filters")
    emit(table(rows, data_, chosen, full_json=columns is None), fmt, excel=excel, wide=wide)


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
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
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
    from aifx.core.query import Where, keep, order
    from aifx.dataset.models import EventKind
    from aifx.present.timeline import view

    chosen = TIMELINE.columns(columns)
    wheres = [Where.parse(w, TIMELINE) for w in where or []]
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
    rows = limited(order(keep(picked, TIMELINE, wheres, data_), TIMELINE, sort, data_), limit)
    if not rows:
        say("no events match these filters")
    if chart:
        from aifx.present.quarters import per_quarter

        emit(per_quarter(rows), fmt, excel=excel, wide=wide)
        return
    emit(view(rows, data_, chosen, full_json=columns is None), fmt, excel=excel, wide=wide)


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


def systems(
    system_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One system, as a card (same as aifx show ID).")
    ] = None,
    country: CountryOpt = None,
    status: SystemStatusOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """The supercomputers behind the factories and initiatives: accelerators, performance, TOP500, status.

    [bold]Examples[/]

      aifx systems

      aifx systems --status operational --sort top500

      aifx systems --columns id,accelerators,fp64,ai,power --format csv

      aifx systems JUPITER
    """
    from aifx.core.query import Where, keep, order
    from aifx.core.systems import SYSTEMS
    from aifx.errors import NotFoundError
    from aifx.present.cards import system_card
    from aifx.present.systems import systems as table

    chosen = SYSTEMS.columns(columns)
    wheres = [Where.parse(w, SYSTEMS) for w in where or []]
    wanted = codes(country, option="--country")
    states = {s.value for s in choices(status, SystemStatus, option="--status")}
    data_ = catalog()
    if system_id is not None:
        found = data_.system(system_id)
        if found is None:
            from aifx.text.suggest import suggest

            names = {n: s.id for s in data_.systems.values() for n in (s.id, s.name, *s.aliases)}
            raise NotFoundError("system", system_id, suggest(system_id, names))
        emit(system_card(found, data_), fmt, excel=excel, wide=wide)
        return
    picked = [
        s
        for s in data_.systems.values()
        if (not wanted or s.country in wanted) and (not states or s.status.value in states)
    ]
    rows = limited(order(keep(picked, SYSTEMS, wheres, data_), SYSTEMS, sort, data_), limit)
    if not rows:
        say("no systems match these filters")
    emit(table(rows, data_, chosen, full_json=columns is None), fmt, excel=excel, wide=wide)


class ComputeBy(enum.StrEnum):
    country = "country"
    factory = "factory"
    wave = "wave"
    accelerator = "accelerator"
    status = "status"


def compute(
    by: Annotated[
        ComputeBy, typer.Option("--by", help="Group systems by this.", case_sensitive=False)
    ] = ComputeBy.country,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="KIND", help="Only systems serving a factory (factory) or none (other)."),
    ] = None,
    status: SystemStatusOpt = None,
    country: CountryOpt = None,
    fmt: FormatOpt = None,
    excel: ExcelOpt = False,
    wide: WideOpt = False,
    data: DataOpt = None,
) -> None:
    """How much compute: accelerators by model and performance by precision, per country, factory, wave or status.

    Different models and precisions are never added together; disagreeing claims give a range; systems with no
    figure are counted as unknown, never as zero; planned systems and figures stay apart from those in service.

    [bold]Examples[/]

      aifx compute --by country

      aifx compute --by accelerator --status operational

      aifx compute --by wave --format csv
    """
    from aifx.core.systems import tally
    from aifx.present.systems import compute as table

    wanted = codes(country, option="--country")
    states = {s.value for s in choices(status, SystemStatus, option="--status")}
    if kind not in (None, "factory", "other"):
        raise UsageError(f"--kind: {kind!r} is not one of factory, other")
    data_ = catalog()
    picked = [
        s
        for s in data_.systems.values()
        if (not wanted or s.country in wanted)
        and (not states or s.status.value in states)
        and (kind is None or (kind == "factory") == bool(s.factories))
    ]
    if not picked:
        say("no systems match these filters")
    emit(table(tally(picked, data_, by=by.value), by=by.value), fmt, excel=excel, wide=wide)

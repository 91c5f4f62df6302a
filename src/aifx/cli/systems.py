"""The supercomputers: systems (one row or card each) and compute (their figures added up, honestly)."""

from __future__ import annotations

import enum
from typing import Annotated

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
    completer,
    say,
)
from aifx.cli.listing import Query, listing
from aifx.cli.output import Output
from aifx.core.equivalents import Basis  # light: no models loaded
from aifx.dataset.vocabulary import SystemStatus
from aifx.errors import UsageError

SystemStatusOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="planned, procuring, installing, operational or retired; repeat or comma-separate (OR).",
        autocompletion=completer(SystemStatus),
    ),
]


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
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """The supercomputers behind the factories and initiatives: accelerators, performance, TOP500, status.

    [bold]Examples[/]

      aifx systems

      aifx systems --status operational --sort top500

      aifx systems --columns id,accelerators,fp64,ai,power --format csv

      aifx systems JUPITER
    """
    from aifx.core.systems import SYSTEMS
    from aifx.errors import NotFoundError
    from aifx.present.cards import system_card
    from aifx.present.systems import systems as table

    query = Query.parse(SYSTEMS, columns=columns, where=where, sort=sort, limit=limit)
    wanted = codes(country, option="--country")
    states = {s.value for s in choices(status, SystemStatus, option="--status")}
    data_ = catalog()
    if system_id is not None:
        found = data_.system(system_id)
        if found is None:
            from aifx.text.suggest import suggest

            names = {n: s.id for s in data_.systems.values() for n in (s.id, s.name, *s.aliases)}
            raise NotFoundError("system", system_id, suggest(system_id, names))
        out.emit(system_card(found, data_))
        return
    picked = [
        s
        for s in data_.systems.values()
        if (not wanted or s.country in wanted) and (not states or s.status.value in states)
    ]
    listing(
        picked,
        data_,
        query,
        out,
        empty="no systems match these filters",
        view=lambda rows: table(rows, data_, query.columns, full_json=query.full_json),
    )


class ComputeBy(enum.StrEnum):
    country = "country"
    factory = "factory"
    wave = "wave"
    accelerator = "accelerator"
    status = "status"


class Unit(enum.StrEnum):
    """What ``aifx compute`` adds up."""

    stated = "stated"  # accelerators by model and performance by precision, as sources state them
    h100e = "h100e"  # every accelerator model in H100-equivalents, on one basis


def compute(
    by: Annotated[
        ComputeBy, typer.Option("--by", help="Group systems by this.", case_sensitive=False)
    ] = ComputeBy.country,
    unit: Annotated[
        Unit,
        typer.Option(
            "--unit",
            help="stated: accelerators by model and performance by precision, as sources state them; "
            "h100e: every accelerator in H100-equivalents (derived).",
            case_sensitive=False,
        ),
    ] = Unit.stated,
    basis: Annotated[
        Basis | None,
        typer.Option(
            "--basis",
            help="With --unit h100e: bf16 (dense 16-bit against the H100's; the default) or fp8 (Epoch AI's rule: "
            "the best of 8-bit and 16-bit against the H100's FP8).",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="KIND", help="Only systems serving a factory (factory) or none (other)."),
    ] = None,
    status: SystemStatusOpt = None,
    country: CountryOpt = None,
    bids: Annotated[
        bool,
        typer.Option(
            "--bids/--no-bids",
            help="Add the chips AI gigafactory bids announce, one row per bid in state 'bid' (never added to "
            "systems); left out with --status or --kind, which ask about systems.",
        ),
    ] = True,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """How much compute: accelerators by model and performance by precision, or H100-equivalents, per country,
    factory, wave, accelerator or status; and the chips AI gigafactory bids announce.

    Different models and precisions are never added together (H100-equivalents put every model on the H100's
    scale first); disagreeing claims give a range; systems with no figure are counted as unknown, never as zero;
    planned systems and figures stay apart from those in service, and --status operational leaves them out. A
    gigafactory bid's announced chips are a row of their own (state bid): competing bids are never added to one
    another, nor to any system.

    [bold]Examples[/]

      aifx compute --by country

      aifx compute --unit h100e --by country --status operational

      aifx compute --unit h100e --basis fp8 --by accelerator

      aifx compute --by wave --format csv

      aifx compute --unit h100e --no-bids
    """
    from aifx.core.bids import compute as announced
    from aifx.core.compute import Tally, equivalents, tally, wants_planned
    from aifx.present.systems import compute as table

    wanted = codes(country, option="--country")
    states = {s.value for s in choices(status, SystemStatus, option="--status")}
    if kind not in (None, "factory", "other"):
        raise UsageError(f"--kind: {kind!r} is not one of factory, other")
    if basis is not None and unit is not Unit.h100e:
        raise UsageError("--basis: H100-equivalents have a basis, stated figures none; add --unit h100e")
    data_ = catalog()
    picked = [
        s
        for s in data_.systems.values()
        if (not wanted or s.country in wanted)
        and (not states or s.status.value in states)
        and (kind is None or (kind == "factory") == bool(data_.factories_of(s.id)))
    ]
    racing = (
        [b for b in data_.bids.values() if not wanted or set(wanted) & set(b.countries)]
        if bids and not states and kind is None
        else []
    )
    if not picked and not racing:
        say("no systems match these filters")
    planned = wants_planned(states)
    if unit is Unit.h100e:
        chosen = basis or Basis.bf16
        found = equivalents(picked, data_, by=by.value, basis=chosen, planned=planned)
        extra = announced(racing, data_, by=by.value, basis=chosen) if racing else None
    else:
        found = tally(picked, data_, by=by.value, planned=planned)
        extra = announced(racing, data_, by=by.value) if racing else None
    if extra is not None:
        found = Tally(found.rows + extra.rows, found.notes + extra.notes)
    out.emit(table(found, by=by.value, bar="low" if unit is Unit.h100e else "high"))

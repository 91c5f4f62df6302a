"""The AI gigafactory race: every publicly disclosed bid, as a listing or one bid's card."""

from __future__ import annotations

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
)
from aifx.cli.filters import VerificationOpt
from aifx.cli.listing import Query, listing
from aifx.cli.output import Output
from aifx.dataset.vocabulary import BidStage, Verification

StageOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--stage",
        metavar="STAGE",
        help="announced, eoi-submitted, endorsed, consortium, submitted, selected, not-selected, merged or withdrawn; "
        "repeat or comma-separate (OR).",
        autocompletion=completer(BidStage),
    ),
]


def gigafactories(
    bid_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="One bid, as a card (same as aifx show ID).")
    ] = None,
    country: CountryOpt = None,
    stage: StageOpt = None,
    verification: VerificationOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
    data: DataOpt = None,
) -> None:
    """The AI gigafactory race: every publicly disclosed bid or national candidacy, its sites, members, size and stage.

    The Commission does not name the 76 respondents to its 2025 call; these are the bids their backers or governments
    made public. --country keeps bids in any of the countries given (a bid may span several); investment compares in
    EUR million, chips and mw as numbers. Competing bids are alternatives: nothing adds one bid to another.

    [bold]Examples[/]

      aifx gigafactories

      aifx gigafactories --country DE

      aifx gigafactories --stage endorsed,consortium --sort investment:desc

      aifx gigafactories --where 'chips >= 100000' --columns id,countries,chips,stage

      aifx gigafactories ES-AIGF
    """
    from aifx.core.bids import BIDS
    from aifx.errors import NotFoundError
    from aifx.present.bids import card
    from aifx.present.bids import listing as table

    query = Query.parse(BIDS, columns=columns, where=where, sort=sort, limit=limit)
    wanted = codes(country, option="--country")
    stages = choices(stage, BidStage, option="--stage")
    trust: list[Verification] = choices(verification, Verification, option="--verification")
    data_ = catalog()
    if bid_id is not None:
        found = data_.bid(bid_id)
        if found is None:
            from aifx.text.suggest import suggest

            names = {n: b.id for b in data_.bids.values() for n in (b.id, b.name, *b.aliases)}
            raise NotFoundError("gigafactory bid", bid_id, suggest(bid_id, names))
        out.emit(card(found, data_))
        return
    picked = [
        b
        for b in data_.bids.values()
        if (not wanted or set(wanted) & set(b.countries))
        and (not stages or b.stage in stages)
        and (not trust or b.verification in trust)
    ]
    listing(
        picked,
        data_,
        query,
        out,
        empty="no gigafactory bids match these filters",
        view=lambda rows: table(rows, data_, query.columns, full_json=query.full_json),
    )

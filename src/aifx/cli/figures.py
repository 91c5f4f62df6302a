"""The programme in figures: selection waves, budgets, sovereign-AI initiatives, and the facts sources disagree on."""

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
    find,
    split,
)
from aifx.cli.filters import KindOpt, VerificationOpt, WaveOpt, factories
from aifx.cli.listing import Query, listing
from aifx.cli.output import Output
from aifx.dataset.vocabulary import Verification
from aifx.errors import UsageError

if TYPE_CHECKING:
    from aifx.present.views import TableView


class ByChoice(enum.StrEnum):
    factory = "factory"
    country = "country"
    wave = "wave"


def waves(columns: ColumnsOpt = None, out: Output = Output(), data: DataOpt = None) -> None:
    """One row per selection wave: dates, selected, countries, the stated total, honest sums.

    [bold]Examples[/]

      aifx waves

      aifx waves --format json
    """
    from aifx.present.reports import waves as table

    out.emit(_columns(table(catalog()), columns))


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
    out: Output = Output(),
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
    from aifx.present.reports import budgets as table

    query = Query.parse(budget_registry(by.value), columns=columns, sort=sort, limit=limit)
    data_ = catalog()
    records, _ = factories(data_, wave=wave, country=country, kind=kind, where=where)  # --where: list's fields
    groups = budget_groups(records, by.value, data_)
    listing(
        groups,
        data_,
        query,
        out,
        empty="no records match these filters",
        view=lambda rows: table(rows, data_, by.value, query.columns, full_json=query.full_json),
    )


def initiatives(
    country: CountryOpt = None,
    verification: VerificationOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
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
    from aifx.present.reports import initiatives as table

    query = Query.parse(INITIATIVES, columns=columns, where=where, sort=sort, limit=limit)
    wanted = codes(country, option="--country")
    trust = choices(verification, Verification, option="--verification")
    data_ = catalog()
    picked = [
        r
        for r in data_.initiatives.values()
        if (not wanted or r.country in wanted) and (not trust or r.verification in trust)
    ]
    listing(
        picked,
        data_,
        query,
        out,
        empty="no initiatives match these filters",
        view=lambda rows: table(rows, data_, query.columns, full_json=query.full_json),
    )


def conflicts(
    record_id: Annotated[
        str | None, typer.Argument(metavar="[ID]", help="Only this record, or 'wave N'.", autocompletion=complete_ids)
    ] = None,
    country: CountryOpt = None,
    where: WhereOpt = None,
    sort: SortOpt = None,
    limit: LimitOpt = None,
    columns: ColumnsOpt = None,
    out: Output = Output(),
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
    from aifx.present.reports import conflicts as table

    query = Query.parse(CONFLICTS, columns=columns, where=where, sort=sort, limit=limit)
    wanted = codes(country, option="--country")
    data_ = catalog()
    only = None
    if record_id is not None:
        wave = re.fullmatch(r"\s*wave\s*(\d+)\s*", record_id, re.IGNORECASE)
        only = f"wave {wave.group(1)}" if wave else find(data_, record_id).id
    picked = [d for d in disputed(data_, only) if not wanted or d.country in wanted]
    listing(
        picked,
        data_,
        query,
        out,
        empty="no disputed facts match",
        view=lambda rows: table(rows, data_, query.columns, full_json=query.full_json),
    )

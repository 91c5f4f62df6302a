"""The factory filters `list` takes, shared by every command that chooses factories and antennas the same way."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from aifx.cli.common import (
    choices,
    codes,
    complete_countries,
    complete_sectors,
    completer,
    hyphenated,
    say,
    split,
    whole_numbers,
)
from aifx.dataset.models import Factory
from aifx.dataset.vocabulary import Kind, SystemKind, Verification
from aifx.errors import UsageError

if TYPE_CHECKING:
    from aifx.core.query import Filters
    from aifx.dataset.catalog import Catalog

WaveOpt = Annotated[
    list[str] | None,
    typer.Option("--wave", "-w", metavar="N", help="Selection wave; repeat or comma-separate for any of several (OR)."),
]
KindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="factory or antenna; repeat or comma-separate (OR).",
        autocompletion=completer(Kind),
    ),
]
PartnerOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--partner",
        "-p",
        metavar="CC",
        help="Host or consortium country; repeat or comma-separate (OR).",
        autocompletion=complete_countries,
    ),
]
SectorOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--sector",
        "-s",
        metavar="SECTOR",
        help="Focus sector; repeat or comma-separate (OR).",
        autocompletion=complete_sectors,
    ),
]
SystemOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--system",
        metavar="KIND",
        help="Supercomputer: new, upgrade, existing or none; repeat or comma-separate (OR).",
        autocompletion=completer(SystemKind),
    ),
]
VerificationOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--verification",
        metavar="LEVEL",
        help="confirmed, reported or unconfirmed; repeat or comma-separate (OR).",
        autocompletion=completer(Verification),
    ),
]
ExperimentalOpt = Annotated[
    bool | None,
    typer.Option(
        "--experimental/--no-experimental",
        help="Runs an experimental AI platform, or does not; records where it is unknown are left out (and counted).",
        show_default=False,
    ),
]
DisputedOpt = Annotated[
    bool | None,
    typer.Option(
        "--disputed/--no-disputed",
        help="Sources disagree on the budget, or do not.",
        show_default=False,
    ),
]
MinBudgetOpt = Annotated[
    float | None,
    typer.Option(
        "--min-budget", metavar="EUR_M", help="Headline total ≥ this, in EUR million (converted amounts included)."
    ),
]
MaxBudgetOpt = Annotated[
    float | None,
    typer.Option(
        "--max-budget", metavar="EUR_M", help="Headline total ≤ this, in EUR million (converted amounts included)."
    ),
]


def factories(
    data: Catalog,
    *,
    wave: list[str] | None = None,
    country: list[str] | None = None,
    partner: list[str] | None = None,
    kind: list[str] | None = None,
    sector: list[str] | None = None,
    system: list[str] | None = None,
    verification: list[str] | None = None,
    min_budget: float | None = None,
    max_budget: float | None = None,
    where: list[str] | None = None,
    experimental: bool | None = None,
    disputed: bool | None = None,
) -> tuple[list[Factory], Filters]:
    """Check the shared factory filters and select; returns the records and the filters (for hints)."""
    from aifx.core.query import Filters, Where, number, select
    from aifx.dataset.vocabulary import Sector

    typed = {hyphenated(s): s for s in split(sector)}  # 'life sciences' is life-sciences
    sectors = list(typed)
    if bad := [typed[s] for s in sectors if s not in {x.value for x in Sector}]:
        from aifx.errors import did_you_mean
        from aifx.text.suggest import suggest

        valid = [x.value for x in Sector]
        hint = did_you_mean(suggest(bad[0], valid, limit=1))
        raise UsageError(f"--sector: unknown sector {bad[0]!r}{hint}; valid sectors: {', '.join(valid)}")
    bounds = {
        name: None if given is None else number(str(given), where=name)
        for name, given in (("--min-budget", min_budget), ("--max-budget", max_budget))
    }
    filters = Filters(
        waves=whole_numbers(wave, option="--wave"),
        countries=codes(country, option="--country"),
        partners=codes(partner, option="--partner"),
        kinds=[k.value for k in choices(kind, Kind, option="--kind")],
        sectors=sectors,
        systems=[s.value for s in choices(system, SystemKind, option="--system")],
        verification=[v.value for v in choices(verification, Verification, option="--verification")],
        min_budget=bounds["--min-budget"],
        max_budget=bounds["--max-budget"],
        where=[Where.parse(w) for w in where or []],
        flags={n: v for n, v in (("experimental", experimental), ("disputed", disputed)) if v is not None},
    )
    picked = select(data, filters)
    if picked.note:
        say(picked.note)
    return list(picked.records), filters

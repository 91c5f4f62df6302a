"""The tables of ``aifx systems`` and ``aifx compute``."""

from __future__ import annotations

from collections.abc import Sequence

from aifx.core.systems import COLUMNS, SYSTEMS, Tally
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import System
from aifx.present import tables
from aifx.present.views import TableView


def systems(picked: Sequence[System], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """Systems as rows; JSON carries every field unless columns were chosen."""
    dump = (lambda s: s.model_dump(mode="json")) if full_json else None
    title = f"{len(picked)} system{'s' if len(picked) != 1 else ''}"
    return tables.table(SYSTEMS, picked, catalog, columns, title=title, dump=dump)


def compute(tally: Tally, *, by: str) -> TableView:
    """Compute per group as a table with bars, each measure's bars on one scale."""
    columns = list(COLUMNS)
    return TableView(
        f"Compute by {by}",
        columns,
        tally.rows,
        [dict(zip(columns, r, strict=True)) for r in tally.rows],
        notes=tally.notes,
        cells={
            "group": Cell.key,
            "measure": Cell.key,  # what a row counts: never cut, or two models would read alike
            "state": Cell.code,
            "amount": Cell.number,
            "unit": Cell.code,
            "low": Cell.number,
            "high": Cell.number,
            "systems": Cell.number,
            "unknown": Cell.number,
            "system_ids": Cell.keys,
        },
        priority=["group", "measure", "amount", "unknown", "state", "bar", "unit", "systems", "system_ids"],
        bar="high",
        bar_scale="measure",
    )

"""The tables of ``aifx systems`` and ``aifx compute``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aifx.core.compute import COLUMNS, Tally
from aifx.core.systems import SYSTEMS
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import System
from aifx.present import equivalents, tables
from aifx.present.views import TableView


def record(s: System, catalog: Catalog) -> dict[str, Any]:
    """A system as JSON holds it: its fields, and (``h100e_detail``: ``h100e`` is a number where columns are chosen)
    its H100-equivalents per basis and state with the arithmetic."""
    found: dict[str, Any] = s.model_dump(mode="json")
    found["h100e_detail"] = equivalents.detail(s, catalog)
    return found


def systems(picked: Sequence[System], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """Systems as rows; JSON carries every field (and the H100e arithmetic) unless columns were chosen."""
    dump_ = (lambda s: record(s, catalog)) if full_json else None
    title = f"{len(picked)} system{'s' if len(picked) != 1 else ''}"
    return tables.table(SYSTEMS, picked, catalog, columns, title=title, dump=dump_)


def compute(tally: Tally, *, by: str, bar: str = "high") -> TableView:
    """Compute per group as a table with bars: one scale per unit (accelerators, PFLOPS, H100e), so that 64 of one
    model and 24,000 of another never get the same bar."""
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
            "unknown_ids": Cell.keys,
        },
        priority=[
            "group",
            "measure",
            "amount",
            "unknown",
            "state",
            "unit",  # before the bar: an amount reads only with its unit
            "bar",
            "systems",
            "unknown_ids",
            "system_ids",
        ],
        bar=bar,
        bar_scale="unit",
    )

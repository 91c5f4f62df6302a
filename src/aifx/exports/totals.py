"""The whole-system figures `aifx compute` adds up, one row per system, measure and state, so that a plain SQL SUM
gives compute's totals: the figures table keeps every claim (several may disagree, and a module's figure is not the
system's), so summing it counts a system twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from aifx.core.compute import combined, measures
from aifx.exports.columns import Column, ForeignKey, Plain, Table, Type

if TYPE_CHECKING:
    from aifx.core.compute import Measure
    from aifx.dataset.catalog import Catalog
    from aifx.dataset.models import System

_STATE = Column(
    "state",
    Type.string,
    "in service, or planned: every figure of a system not yet in service, and a figure marked planned (an "
    "upgrade) of one that is; compute keeps the two apart.",
    ("System.status", "Figure.planned"),
)
_WHOLE = (
    "Whole-system figures only (a module's or partition's left out), deprecated ones left out; claims that "
    "disagree give a range, never a sum"
)


def _rows(catalog: Catalog, unit: str) -> Iterator[tuple[System, Measure, str, float | None, float | None, str]]:
    """Each system's measures in ``unit`` as compute reads them: (system, measure, state, low, high, qualifier);
    an accelerator model listed without a whole-system count has no low or high (unknown, never zero)."""
    for s in catalog.systems.values():
        known, unknown = measures(s)
        found: list[tuple[Measure, bool, float | None, float | None, str]] = [
            (m, planned, low, high, combined(marks).value) for (m, planned), (low, high, marks) in known.items()
        ]
        found += [(m, planned, None, None, "unknown") for m, planned in sorted(unknown, key=lambda k: k[0].name)]
        for m, planned, low, high, qualifier in found:
            if m.unit == unit:
                yield s, m, "planned" if planned else "in service", low, high, qualifier


def _qualifier(about: str) -> Column:
    return Column(
        "qualifier",
        Type.string,
        f"How the {about} relates to the true one, as compute marks its totals: exact, about, at_least, over or "
        "up_to (claims qualified in different ways: about); unknown: no whole-system figure.",
        ("Figure.qualifier",),
    )


def compute_accelerators(catalog: Catalog) -> Table:
    """Each system's whole-system accelerator count per model and state: the lowest and the highest claim."""
    rows: list[tuple[Plain, ...]] = []
    for s, m, state, low, high, qualifier in _rows(catalog, "accelerators"):
        chip = next((a.chip for a in s.accelerators if a.model == m.name), None)
        rows.append((s.id, m.name, chip, state, _whole(low), _whole(high), qualifier))
    counted = ("Accelerator.count", "Figure.value")
    columns = (
        Column("system", Type.string, "The system's id (systems table).", ("System.accelerators",)),
        Column("model", Type.string, "The accelerator model as sources name it; compute's measure.", ("Accelerator.model",)),
        Column("chip", Type.string, "The chip (chips table); empty: model unknown.", ("Accelerator.chip",)),
        _STATE,
        Column("low", Type.integer, "The lowest whole-system count claim (accelerators); empty: unknown.", counted),
        Column("high", Type.integer, "The highest whole-system count claim (accelerators); empty: unknown.", counted),
        _qualifier("count"),
    )  # fmt: skip
    return Table(
        "compute_accelerators",
        f"Accelerators per system, model and state, as aifx compute adds them up: {_WHOLE}. SUM(low) and SUM(high) "
        "per model and state are compute's totals.",
        columns,
        rows,
        ("system", "model", "state"),
        (ForeignKey("system", "systems", "id"), ForeignKey("chip", "chips", "id")),
        facets=("model", "state", "qualifier"),
    )


def compute_performance(catalog: Catalog) -> Table:
    """Each system's whole-system performance per precision and state, in PFLOPS: the lowest and the highest claim."""
    rows: list[tuple[Plain, ...]] = [
        (s.id, m.name.removesuffix(" PFLOPS"), state, low, high, qualifier)
        for s, m, state, low, high, qualifier in _rows(catalog, "PFLOPS")
    ]
    measured = ("System.performance", "Figure.value", "Figure.unit")
    columns = (
        Column("system", Type.string, "The system's id (systems table).", ("System.performance",)),
        Column("precision", Type.string, "The arithmetic measured: FP64-HPL, FP64-peak, FP8, …; AI-unstated rows "
               "are never added up (each may be in another number format).", ("Figure.precision",)),
        _STATE,
        Column("low", Type.number, "The lowest whole-system claim, in PFLOPS.", measured, "PFLOPS"),
        Column("high", Type.number, "The highest whole-system claim, in PFLOPS.", measured, "PFLOPS"),
        _qualifier("performance"),
    )  # fmt: skip
    return Table(
        "compute_performance",
        f"Performance per system, precision and state in PFLOPS, as aifx compute adds it up: {_WHOLE}. SUM(low) and "
        "SUM(high) per precision and state are compute's totals.",
        columns,
        rows,
        ("system", "precision", "state"),
        (ForeignKey("system", "systems", "id"),),
        facets=("precision", "state", "qualifier"),
    )


def _whole(count: float | None) -> int | None:
    return None if count is None else int(count)

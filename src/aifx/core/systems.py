"""Supercomputers as sourced data: their figures as people read them, their fields, and compute summed per group."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from aifx.core.fields import FieldSpec, Registry, Type, fields_of, qualified, sources_count
from aifx.core.values import Cell, Value
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Figure, System
from aifx.dataset.vocabulary import Qualifier


def figure(f: Figure) -> str:
    """One figure in words: '~ 24,000', '1,000 PFLOPS FP64-HPL (planned)', 'unknown'."""
    if f.value is None:
        return "unknown"
    number = f"{f.value:,.0f}" if f.value == int(f.value) and abs(f.value) >= 1000 else f"{f.value:g}"
    text = " ".join(p for p in (number, f.unit or "", f.precision or "") if p)
    state = ", ".join(p for p in (f.part, "planned" if f.planned else None) if p)
    return qualified(f.qualifier, text) + (f" ({state})" if state else "")


def accelerators(s: System) -> str | None:
    """Each accelerator model with its counts; disagreeing counts shown side by side, never added up."""
    if not s.accelerators:
        return None
    return "; ".join(f"{' / '.join(figure(c) for c in a.count)} × {a.model}" for a in s.accelerators)


def _latest_top500(s: System, c: Catalog) -> int | None:
    ranked = [t for t in s.top500 if t.rank is not None]
    return max(ranked, key=lambda t: t.edition).rank if ranked else None


def _hpl(s: System, c: Catalog) -> str | None:
    found = [figure(f) for f in s.performance if f.precision and f.precision.upper().startswith("FP64")]
    return " / ".join(found) or None


def _ai(s: System, c: Catalog) -> str | None:
    found = [figure(f) for f in s.performance if f.precision and not f.precision.upper().startswith("FP64")]
    return " / ".join(found) or None


SYSTEMS: Registry[System] = Registry(
    fields=fields_of(
        System,
        {
            "accelerators": [
                FieldSpec[System](
                    "accelerators", "accelerator models and counts", lambda s, c: accelerators(s), cell=Cell.prose
                )
            ],
            "performance": [
                FieldSpec[System](
                    "fp64", "FP64 performance claims (HPL or peak)", lambda s, c: _hpl(s, c), cell=Cell.prose
                ),
                FieldSpec[System](
                    "ai", "AI performance claims (FP8, FP16, …)", lambda s, c: _ai(s, c), cell=Cell.prose
                ),
            ],
            "top500": [
                FieldSpec[System]("top500", "rank in the latest TOP500 list it is on", _latest_top500, type=Type.number)
            ],
            "power_mw": [
                FieldSpec[System](
                    "power", "power draw claims", lambda s, c: " / ".join(figure(f) + " MW" for f in s.power_mw) or None
                )
            ],
            "sources": [sources_count()],
        },
        cells={"city": Cell.short, "vendor": Cell.short, "factories": Cell.keys, "initiatives": Cell.keys},
    ),
    default=("id", "name", "country", "status", "accelerators", "top500", "factories"),
    priority=("id", "country", "status", "accelerators", "top500", "factories", "name", "vendor"),
)


_SCALE = {"TFLOPS": 0.001, "PFLOPS": 1.0, "EFLOPS": 1000.0}
UNSTATED = "AI-unstated"  # the precision of an AI figure whose number format the source does not name


@dataclass(frozen=True)
class Measure:
    """What is counted in one row: an accelerator model, or performance in one precision (never mixed)."""

    name: str
    unit: str  # "accelerators" or "PFLOPS"


def _measures(s: System) -> dict[tuple[Measure, bool], tuple[float, float, frozenset[Qualifier]]]:
    """Each measure of a system, planned figures apart from delivered ones: (lowest claim, highest claim, the
    claims' qualifiers).

    Claims about one measure are alternatives (sources disagreeing), so they give a range, never a sum. A figure
    for one module or partition is not the system's, and two modules' benchmark runs do not add up: left out.
    """
    later = s.status.value not in ("operational", "retired")
    values: dict[tuple[Measure, bool], list[tuple[float, Qualifier]]] = {}
    for a in s.accelerators:
        for f in a.count:
            if f.value is not None and f.part is None:
                key = (Measure(a.model, "accelerators"), later or f.planned)
                values.setdefault(key, []).append((f.value, f.qualifier))
    for f in s.performance:
        scale = _SCALE.get((f.unit or "").upper())
        if f.value is not None and scale is not None and f.precision and f.part is None:
            key = (Measure(f"{f.precision} PFLOPS", "PFLOPS"), later or f.planned)
            values.setdefault(key, []).append((f.value * scale, f.qualifier))
    return {key: (min(x for x, _ in v), max(x for x, _ in v), frozenset(q for _, q in v)) for key, v in values.items()}


@dataclass
class Row:
    """One group's total of one measure, operational and planned apart."""

    group: str
    measure: Measure
    planned: bool
    low: float = 0.0
    high: float = 0.0
    systems: list[str] = field(default_factory=list)
    qualifiers: set[Qualifier] = field(default_factory=set)

    def amount(self) -> str:
        """The total as people write it, keeping the claims' qualifiers: '≥ 21,000', '~ 1,100–1,227'; claims
        qualified in different ways ('over' one, 'about' another) make the total approximate."""
        text = f"{self.low:,.0f}" if self.low == self.high else f"{self.low:,.0f}–{self.high:,.0f}"
        marks = self.qualifiers - {Qualifier.exact}
        if not marks:
            return text
        return qualified(next(iter(marks)) if len(marks) == 1 else Qualifier.about, text)


def _groups(s: System, c: Catalog, by: str) -> list[str]:
    if by == "country":
        return [s.country]
    if by == "status":
        return [s.status.value]
    if by == "accelerator":
        return ["all"]
    factories = [c.factories[f] for f in s.factories if f in c.factories]
    if by == "wave":
        return sorted({f"wave {f.wave}" for f in factories if f.wave is not None}) or ["no factory"]
    return [f.id for f in factories] or ["no factory"]


def _unknown(s: System, row: Row) -> bool:
    """Whether a system may hold some of a row's measure that no figure gives: an accelerator model listed without a
    count, or no accelerators known at all; for performance, no figure in that precision."""
    if row.measure.unit == "accelerators":
        return not s.accelerators or any(a.model == row.measure.name for a in s.accelerators)
    return True


COLUMNS = ("group", "measure", "state", "amount", "unit", "low", "high", "systems", "unknown", "system_ids")


@dataclass(frozen=True)
class Tally:
    """Compute per group, one row per measure and state (values in the order of COLUMNS), and what to know of it."""

    rows: list[list[Value]]
    notes: list[str]


def tally(picked: Sequence[System], catalog: Catalog, *, by: str) -> Tally:
    """Accelerators by model and performance by precision, per group: ranges where claims disagree, unknowns
    counted (systems with no figure for a measure), planned figures and systems kept apart from operational ones."""
    rows: dict[tuple[str, Measure, bool, str], Row] = {}
    groups: dict[str, list[str]] = {}
    for s in picked:
        mine = _groups(s, catalog, by)
        for group in mine:
            groups.setdefault(group, []).append(s.id)
        for (measure, later), (low, high, marks) in _measures(s).items():
            if by == "accelerator" and measure.unit != "accelerators":
                continue  # by accelerator: counts of each model only
            # Figures in an unnamed number format may each be in a different one: never summed, a row per system.
            alone = s.id if measure.name.startswith(UNSTATED) else ""
            for group in mine:
                row = rows.setdefault((group, measure, later, alone), Row(group, measure, later))
                row.low, row.high = row.low + low, row.high + high
                row.qualifiers |= marks
                row.systems.append(s.id)
    table: list[list[Value]] = []
    # One measure's rows together, largest first: the bars then compare groups on one scale, like a bar chart.
    order = sorted(rows, key=lambda k: (k[1].unit != "accelerators", k[1].name, k[2], -rows[k].high, k[0]))
    for key in order:
        row = rows[key]
        members = groups.get(row.group, [])  # by accelerator, the one group "all" holds every system
        unknown = len([m for m in dict.fromkeys(members) if m not in row.systems and _unknown(catalog.systems[m], row)])
        amount = row.amount()
        table.append(
            [
                row.group,
                row.measure.name,
                "planned" if row.planned else "in service",
                amount,
                row.measure.unit,
                row.low,
                row.high,
                len(row.systems),
                unknown,
                sorted(row.systems),
            ]
        )
    notes = [
        "different accelerator models and precisions are never added together; a range means sources or measurements differ",
        "unknown: systems in the group with no figure for that measure (not counted as zero)",
        f"{UNSTATED}: AI figures whose number format the source does not name; never summed, one row per system",
    ]
    if by in ("factory", "wave"):
        notes.append("a system serving several factories counts in each of them")
    parts = [
        s.id
        for s in picked
        if any(f.part for a in s.accelerators for f in a.count) or any(f.part for f in s.performance)
    ]
    if parts:
        notes.append(f"figures for one module or partition only are left out (see aifx systems): {', '.join(parts)}")
    return Tally(table, notes)

"""Compute summed per group, honestly: figures as sources state them (per model, per precision), or H100-equivalents.

Claims about one thing are alternatives, so they give a range, never a sum; unknowns are counted and named, never
zero; planned systems and figures stay apart from those in service.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from aifx.core.equivalents import DERIVED, IN_SERVICE, RULES, Basis, Estimate, counts, estimates, later, total, why
from aifx.core.fields import qualified
from aifx.core.values import Span, Value
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import System
from aifx.dataset.vocabulary import Qualifier, Rank

_SCALE = {"TFLOPS": 0.001, "PFLOPS": 1.0, "EFLOPS": 1000.0}
UNSTATED = "AI-unstated"  # the precision of an AI figure whose number format the source does not name
COLUMNS = (
    "group",
    "measure",
    "state",
    "amount",
    "unit",
    "low",
    "high",
    "systems",
    "unknown",
    "system_ids",
    "unknown_ids",
)


@dataclass(frozen=True)
class Tally:
    """Compute per group, one row per measure and state (values in the order of COLUMNS), and what to know of it."""

    rows: list[list[Value]]
    notes: list[str]


def wants_planned(statuses: Collection[str]) -> bool:
    """Whether planned rows belong in the answer: not when every status asked for is in service (operational,
    retired), since a planned figure of a system in service is not in service either."""
    return not statuses or not set(statuses) <= IN_SERVICE


@dataclass(frozen=True)
class Measure:
    """What is counted in one row: an accelerator model, or performance in one precision (never mixed)."""

    name: str
    unit: str  # "accelerators" or "PFLOPS"


Key = tuple[Measure, bool]  # a measure and whether it is planned


def measures(s: System) -> tuple[dict[Key, tuple[float, float, frozenset[Qualifier]]], set[Key]]:
    """Each measure of a system, planned figures apart from delivered ones: (lowest claim, highest claim, the claims'
    qualifiers); and the accelerator models it lists without a whole-system count (unknown, not zero).

    A figure for one module or partition is not the system's, and two modules' benchmark runs do not add up: left out,
    as are deprecated figures.
    """
    values: dict[Key, list[tuple[float, Qualifier]]] = {}
    unknown: set[Key] = set()
    for a in s.accelerators:
        for state, figures in counts(s, a).items():
            key = (Measure(a.model, "accelerators"), state)
            known = [(f.value, f.qualifier) for f in figures if f.value is not None]
            if known:
                values.setdefault(key, []).extend(known)
            else:
                unknown.add(key)
    for f in s.performance:
        scale = _SCALE.get((f.unit or "").upper())
        counted = f.part is None and f.rank is not Rank.deprecated
        if f.value is not None and scale is not None and f.precision and counted:
            key = (Measure(f"{f.precision} PFLOPS", "PFLOPS"), later(s) or f.planned)
            values.setdefault(key, []).append((f.value * scale, f.qualifier))
    summed = {k: (min(x for x, _ in v), max(x for x, _ in v), frozenset(q for _, q in v)) for k, v in values.items()}
    return summed, unknown - set(summed)


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
        if not self.systems:
            return "unknown"
        text = f"{self.low:,.0f}" if self.low == self.high else f"{self.low:,.0f}–{self.high:,.0f}"
        return qualified(combined(self.qualifiers), text)


def combined(qualifiers: Collection[Qualifier]) -> Qualifier:
    """How a total of claims reads: exact when each is; the one way they are qualified ('over'); else about."""
    marks = set(qualifiers) - {Qualifier.exact}
    return next(iter(marks)) if len(marks) == 1 else Qualifier.about if marks else Qualifier.exact


def groups(s: System, c: Catalog, by: str) -> list[str]:
    """The groups a system counts in: its country, its status, each factory it serves, each of their waves."""
    if by == "country":
        return [s.country]
    if by == "status":
        return [s.status.value]
    if by == "accelerator":
        return ["all"]
    factories = c.factories_of(s.id)  # from either side of the link
    if by == "wave":
        return sorted({f"wave {f.wave}" for f in factories if f.wave is not None}) or ["no factory"]
    return [f.id for f in factories] or ["no factory"]


def _may_hold(s: System, row: Row, unknown: set[Key]) -> bool:
    """Whether a system may hold some of a row's measure that no figure gives: in the row's state, an accelerator model
    listed without a count, or no accelerators known at all; for performance, no figure in that precision."""
    if row.measure.unit == "accelerators":
        return (row.measure, row.planned) in unknown or (not s.accelerators and later(s) == row.planned)
    return later(s) == row.planned


def tally(picked: Sequence[System], catalog: Catalog, *, by: str, planned: bool = True) -> Tally:
    """Accelerators by model and performance by precision, per group: ranges where claims disagree, unknowns
    counted (systems with no figure for a measure), planned figures and systems kept apart from operational ones;
    without ``planned``, planned figures are left out."""
    rows: dict[tuple[str, Measure, bool, str], Row] = {}
    members: dict[str, list[str]] = {}
    unknowns: dict[str, set[Key]] = {}
    dropped: list[str] = []
    for s in picked:
        mine = groups(s, catalog, by)
        for group in mine:
            members.setdefault(group, []).append(s.id)
        known, unknown = measures(s)
        if not planned and any(state for _, state in (*known, *unknown)):
            dropped.append(s.id)
        unknowns[s.id] = {k for k in unknown if planned or not k[1]}
        for measure, state in [*known, *unknowns[s.id]]:
            if (by == "accelerator" and measure.unit != "accelerators") or (state and not planned):
                continue  # by accelerator: counts of each model only
            # Figures in an unnamed number format may each be in a different one: never summed, a row per system.
            alone = s.id if measure.name.startswith(UNSTATED) else ""
            for group in mine:
                row = rows.setdefault((group, measure, state, alone), Row(group, measure, state))
                if (measure, state) in known:
                    low, high, marks = known[(measure, state)]
                    row.low, row.high = row.low + low, row.high + high
                    row.qualifiers |= marks
                    row.systems.append(s.id)
    table: list[list[Value]] = []
    # One measure's rows together, largest first, unknown ones last.
    order = sorted(
        rows, key=lambda k: (k[1].unit != "accelerators", k[1].name, k[2], not rows[k].systems, -rows[k].high, k[0])
    )
    for key in order:
        row = rows[key]
        everyone = dict.fromkeys(members.get(row.group, []))  # by accelerator, the one group "all" holds every system
        missing = [m for m in everyone if m not in row.systems and _may_hold(catalog.systems[m], row, unknowns[m])]
        some = bool(row.systems)
        table.append(
            [
                row.group,
                row.measure.name,
                "planned" if row.planned else "in service",
                row.amount(),
                row.measure.unit,
                row.low if some else None,
                row.high if some else None,
                len(row.systems),
                len(missing),
                sorted(row.systems),
                sorted(missing),
            ]
        )
    notes = [
        "different accelerator models and precisions are never added together; a range means sources or measurements differ",
        "unknown: systems in the group that may hold some of that measure but give no figure for it (never zero)",
        f"{UNSTATED}: AI figures whose number format the source does not name; never summed, one row per system",
    ]
    notes += _common_notes(picked, by=by, dropped=dropped)
    parts = [
        s.id
        for s in picked
        if any(f.part for a in s.accelerators for f in a.count) or any(f.part for f in s.performance)
    ]
    if parts:
        notes.append(f"figures for one module or partition only are left out (see aifx systems): {', '.join(parts)}")
    figures = [(s.id, f) for s in picked for f in (*(f for a in s.accelerators for f in a.count), *s.performance)]
    if deprecated := list(dict.fromkeys(i for i, f in figures if f.rank is Rank.deprecated)):
        notes.append(f"deprecated figures are left out (see aifx show ID): {', '.join(deprecated)}")
    return Tally(table, notes)


def _common_notes(picked: Sequence[System], *, by: str, dropped: Sequence[str]) -> list[str]:
    notes = []
    if by in ("factory", "wave"):
        notes.append("a system serving several factories counts in each of them")
    if dropped:
        notes.append(
            f"planned figures of systems in service are left out (only in service asked): {', '.join(dropped)}"
        )
    return notes


@dataclass
class _Sum:
    """One group's H100-equivalents in one state: the systems' amounts, and which are unknown in whole or part."""

    spans: list[Span] = field(default_factory=list)
    systems: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def equivalents(picked: Sequence[System], catalog: Catalog, *, by: str, basis: Basis, planned: bool = True) -> Tally:
    """H100-equivalents per group on one basis, planned apart from in service: systems unknown in whole or in part
    are counted in ``unknown`` and named, never zero, and a total with an unknown part is a lower bound (≥)."""
    sums: dict[tuple[str, bool], _Sum] = {}
    reasons: dict[str, list[str]] = {}
    dropped: list[str] = []
    for s in picked:
        for e in estimates(s, catalog, basis):
            if e.planned and not planned:
                dropped.append(s.id)
                continue
            for reason in why(e):
                reasons.setdefault(reason, []).append(s.id)
            for group, amount, partial in _shares(e, s, catalog, by):
                row = sums.setdefault((group, e.planned), _Sum())
                if amount is not None:
                    row.spans.append(amount)
                    row.systems.append(s.id)
                if partial or amount is None:
                    row.unknown.append(s.id)
    table: list[list[Value]] = []
    totals = {k: total(v.spans, partial=bool(v.unknown)) for k, v in sums.items()}

    def order(k: tuple[str, bool]) -> tuple[bool, bool, float, str]:
        """In service first, then largest first by the low end, unknown last."""
        found = totals[k]
        low = found.low if found is not None else None
        return (k[1], low is None, -(low or 0.0), k[0])

    for key in sorted(sums, key=order):
        row, amount = sums[key], totals[key]
        table.append(
            [
                key[0],
                f"H100e {basis.value}",
                "planned" if key[1] else "in service",
                amount.text if amount is not None else "unknown",
                "H100e",
                amount.low if amount is not None else None,
                amount.high if amount is not None else None,
                len(dict.fromkeys(row.systems)),
                len(dict.fromkeys(row.unknown)),
                sorted(set(row.systems)),
                sorted(set(row.unknown)),
            ]
        )
    notes = [
        f"H100e, {basis.value} basis (derived): {RULES[basis]}; {DERIVED}",
        "a range: counts sources state differently; ≥: a lower bound (a part unknown, or a count stated as 'over')",
        "unknown: systems whose H100e is unknown in whole or in part, never counted as zero; why (aifx show ID):",
        *(f"  {reason}: {', '.join(dict.fromkeys(ids))}" for reason, ids in reasons.items()),
    ]
    return Tally(table, notes + _common_notes(picked, by=by, dropped=list(dict.fromkeys(dropped))))


def _shares(e: Estimate, s: System, catalog: Catalog, by: str) -> list[tuple[str, Span | None, bool]]:
    """Where an estimate counts: (group, amount, whether a part is unknown); by accelerator, each model's share in
    its chip's group."""
    if by != "accelerator":
        return [(g, e.amount, bool(e.unknown)) for g in groups(s, catalog, by)]
    shares = [(t.chip or t.model, t.h100e, t.h100e is None) for t in e.terms]
    return shares or [("no accelerators known", None, True)]

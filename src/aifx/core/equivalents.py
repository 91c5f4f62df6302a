"""H100-equivalents: every system's accelerators on one scale, the H100's, on a 16-bit or an 8-bit basis.

Derived, never stated by a source: count × the chip's datasheet rate ÷ the H100 SXM's rate, per accelerator model,
added up. Disagreeing counts give a range, qualifiers carry over ('over' a lower bound, 'about' approximate), and a
part that cannot be computed (no count, no chip linked, no published rate) is named with the reason, never zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from aifx.core.values import Span
from aifx.dataset.vocabulary import Qualifier, Rank

if TYPE_CHECKING:  # only types: the CLI imports Basis for its options without loading the models
    from aifx.dataset.catalog import Catalog
    from aifx.dataset.models import Accelerator, Chip, Figure, System

BASE = "H100-SXM"  # the chip (its id in chips.yaml) whose dense rates make one H100-equivalent
IN_SERVICE = frozenset({"operational", "retired"})


class Basis(StrEnum):
    """Which rate puts chips on one scale."""

    bf16 = "bf16"  # dense 16-bit: each chip's BF16 against the H100's BF16
    fp8 = "fp8"  # Epoch AI's rule: each chip's best dense rate, 8-bit or 16-bit, against the H100's FP8


RULES = {
    Basis.bf16: f"Σ count × the chip's dense BF16 TFLOPS ÷ {BASE}'s dense BF16 TFLOPS",
    Basis.fp8: f"Σ count × the chip's best dense rate, 8-bit (FP8, else INT8) or BF16, ÷ {BASE}'s dense FP8 TFLOPS "
    "(Epoch AI's rule)",
}
DERIVED = "computed by aifx from sourced counts and vendors' datasheet rates; no source states it"


def later(s: System) -> bool:
    """Whether a system is not in service yet (planned, procuring, installing): its figures are then all planned."""
    return s.status.value not in IN_SERVICE


@dataclass(frozen=True)
class Rate:
    """A chip's dense rate on one basis, in one precision: TFLOPS, or TOPS for INT8."""

    value: float
    precision: str  # BF16, FP8 or INT8

    @property
    def unit(self) -> str:
        return "TOPS" if self.precision == "INT8" else "TFLOPS"


def rate(chip: Chip, basis: Basis) -> Rate | None:
    """What one chip counts for on a basis; None when its datasheet does not publish the rate needed."""
    bf16 = Rate(chip.bf16_tflops, "BF16") if chip.bf16_tflops is not None else None
    if basis is Basis.bf16:
        return bf16
    if chip.fp8_tflops is not None:
        eight: Rate | None = Rate(chip.fp8_tflops, "FP8")
    else:
        eight = Rate(chip.int8_tops, "INT8") if chip.int8_tops is not None else None
    found = [r for r in (eight, bf16) if r is not None]
    return max(found, key=lambda r: r.value) if found else None  # a tie keeps the 8-bit rate, as Epoch AI's max does


def base_rate(chip: Chip, basis: Basis) -> Rate | None:
    """One H100-equivalent: the base chip's dense BF16, or on the 8-bit basis its dense FP8."""
    if basis is Basis.bf16:
        return Rate(chip.bf16_tflops, "BF16") if chip.bf16_tflops is not None else None
    return Rate(chip.fp8_tflops, "FP8") if chip.fp8_tflops is not None else None


def claimed(figures: Sequence[Figure]) -> Span | None:
    """Disagreeing claims of one count as one span (alternatives, never a sum): the lowest floor to the highest
    ceiling; 'over' and 'at least' leave no ceiling, 'up to' no floor, 'about' makes it approximate."""
    known = [f for f in figures if f.value is not None]
    if not known:
        return None
    lows = [None if f.qualifier is Qualifier.up_to else f.value for f in known]
    highs = [None if f.qualifier in (Qualifier.at_least, Qualifier.over) else f.value for f in known]
    low = None if None in lows else min(x for x in lows if x is not None)
    high = None if None in highs else max(x for x in highs if x is not None)
    if low is None and high is None:
        return None
    return Span(low, high, approx=any(f.qualifier is Qualifier.about for f in known))


def scaled(span: Span, factor: float) -> Span:
    """A span times a positive factor."""
    return Span(
        None if span.low is None else span.low * factor, None if span.high is None else span.high * factor, span.approx
    )


def total(spans: Iterable[Span | None], *, partial: bool = False) -> Span | None:
    """Spans added up; an unknown one (None), or ``partial``, leaves the sum without a ceiling: a lower bound."""
    given = list(spans)
    known = [s for s in given if s is not None]
    if not known:
        return None
    lows = [s.low for s in known if s.low is not None]
    ceilings = [s.high for s in known if s.high is not None]
    bounded = not partial and len(known) == len(given) and len(ceilings) == len(known)
    low, high = (sum(lows) if lows else None), (sum(ceilings) if bounded else None)
    if low is None and high is None:
        return None
    return Span(low, high, approx=any(s.approx for s in known))


@dataclass(frozen=True)
class Term:
    """One accelerator model's share of a system: count × chip rate ÷ base rate, or the reasons it is unknown."""

    model: str  # as sources name it
    chip: str | None  # its id in chips.yaml
    count: Span | None
    rate: Rate | None
    base: Rate | None
    counted: tuple[str, ...]  # the sources of the count
    datasheets: tuple[str, ...]  # the sources of the chip's rates
    unknown: tuple[str, ...] = ()  # why there is no amount: 'count unknown', 'no chip linked', …

    @property
    def h100e(self) -> Span | None:
        """The share in H100-equivalents; None when the count, the chip's rate or the base rate is unknown."""
        if self.unknown or self.count is None or self.rate is None or self.base is None:
            return None
        return scaled(self.count, self.rate.value / self.base.value)


@dataclass(frozen=True)
class Estimate:
    """A system's H100-equivalents in one state (in service or planned) on one basis, with its arithmetic."""

    system: str
    basis: Basis
    planned: bool
    terms: tuple[Term, ...]
    unknown: tuple[str, ...]  # why some or all of it is unknown, each reason once ('NVIDIA H100: count unknown')

    @property
    def amount(self) -> Span | None:
        """The total: a range where counts disagree, a lower bound where a part is unknown, None when all is."""
        return total((t.h100e for t in self.terms), partial=bool(self.unknown))


def counts(s: System, a: Accelerator) -> dict[bool, list[Figure]]:
    """An accelerator's whole-system count claims by state (planned or not), deprecated ones left out; a model
    counted only for a module or partition has no whole-system claim, so it is unknown in the system's own state."""
    whole = [f for f in a.count if f.part is None and f.rank is not Rank.deprecated]
    found: dict[bool, list[Figure]] = {}
    for f in whole:
        found.setdefault(later(s) or f.planned, []).append(f)
    return found or {later(s): []}


def _term(a: Accelerator, figures: list[Figure], catalog: Catalog, basis: Basis, base: Rate | None) -> Term:
    chip = catalog.chips.get(a.chip) if a.chip is not None else None
    count = claimed(figures)
    reasons: list[str] = []
    if not figures:
        reasons.append("counted only for a module or partition")
    elif count is None:
        reasons.append("count unknown")
    if a.chip is None:
        reasons.append("no chip linked")
    elif chip is None:
        reasons.append(f"chip {a.chip} is not in the chips")
    found = rate(chip, basis) if chip is not None else None
    if chip is not None and found is None:
        wanted = "BF16" if basis is Basis.bf16 else "8-bit or BF16"
        reasons.append(f"{chip.id} has no published dense {wanted} rate")
    counted = tuple(dict.fromkeys(x for f in figures for x in f.sources))
    sheets = tuple(chip.sources) if chip is not None else ()
    return Term(a.model, a.chip, count, found, base, counted, sheets, tuple(reasons))


def states(s: System) -> list[bool]:
    """The states a system has accelerators in, in service (False) first; a system without any, its own state."""
    found = {state for a in s.accelerators for state in counts(s, a)}
    return sorted(found) or [later(s)]


def estimate(s: System, catalog: Catalog, basis: Basis, *, planned: bool | None = None) -> Estimate:
    """A system's H100-equivalents in one state: by default the state it is in (planned unless in service)."""
    state = later(s) if planned is None else planned
    base_chip = catalog.chips.get(BASE)
    base = base_rate(base_chip, basis) if base_chip is not None else None
    terms = tuple(
        _term(a, figures, catalog, basis, base)
        for a in s.accelerators
        for st, figures in counts(s, a).items()
        if st == state
    )
    reasons = [f"{t.model}: {'; '.join(t.unknown)}" for t in terms if t.unknown]
    if base is None and any(not t.unknown for t in terms):
        missing = "is not in the chips" if base_chip is None else f"has no published dense {_PRECISION[basis]} rate"
        reasons.append(f"the base chip {BASE} {missing}")
    if not terms:
        reasons.append("no accelerators known" if not s.accelerators else f"no {_STATE[state]} accelerators known")
    return Estimate(s.id, basis, state, terms, tuple(dict.fromkeys(reasons)))


def estimates(s: System, catalog: Catalog, basis: Basis) -> list[Estimate]:
    """A system's H100-equivalents in each state it has accelerators in, in service first."""
    return [estimate(s, catalog, basis, planned=state) for state in states(s)]


_PRECISION = {Basis.bf16: "BF16", Basis.fp8: "FP8"}
_STATE = {False: "in-service", True: "planned"}


def why(e: Estimate) -> list[str]:
    """The short reasons an estimate is unknown in part or whole ('count unknown', 'no chip linked'), each once."""
    short = [r for t in e.terms for r in t.unknown]
    short += [r for r in e.unknown if not any(r.startswith(f"{t.model}: ") for t in e.terms)]
    return list(dict.fromkeys(short))


def dump(e: Estimate) -> dict[str, Any]:
    """An estimate as JSON holds it: one type per key (numbers or null), every term's arithmetic, marked derived."""
    amount = e.amount
    return {
        "basis": e.basis.value,
        "rule": RULES[e.basis],
        "derived": True,
        "state": "planned" if e.planned else "in service",
        "low": amount.low if amount else None,
        "high": amount.high if amount else None,
        "approx": amount.approx if amount else False,
        "text": amount.text if amount else "unknown",
        "unknown": list(e.unknown),
        "terms": [_dump_term(t) for t in e.terms],
    }


def _dump_term(t: Term) -> dict[str, Any]:
    share = t.h100e
    return {
        "model": t.model,
        "chip": t.chip,
        "count_low": t.count.low if t.count else None,
        "count_high": t.count.high if t.count else None,
        "count_approx": t.count.approx if t.count else False,
        "rate": t.rate.value if t.rate else None,
        "precision": t.rate.precision if t.rate else None,
        "base_rate": t.base.value if t.base else None,
        "low": share.low if share else None,
        "high": share.high if share else None,
        "unknown": list(t.unknown),
        "count_sources": list(t.counted),
        "chip_sources": list(t.datasheets),
    }

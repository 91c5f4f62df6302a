"""Supercomputers as sourced data: their figures as people read them, and their fields (compute sums: compute.py)."""

from __future__ import annotations

from collections.abc import Callable

from aifx.core.equivalents import RULES, Basis, estimate
from aifx.core.fields import FieldSpec, Registry, Type, fields_of, qualified, sources_count
from aifx.core.values import Cell, Value, as_text
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Figure, System, Top500


def figure(f: Figure) -> str:
    """One figure in words: '~ 24,000', '1,000 PFLOPS FP64-HPL (planned)', 'unknown'."""
    if f.value is None:
        return "unknown"
    number = f"{f.value:,.0f}" if f.value == int(f.value) and abs(f.value) >= 1000 else f"{f.value:g}"
    text = " ".join(p for p in (number, f.unit or "", f.precision or "") if p)
    state = ", ".join(p for p in (f.part, "planned" if f.planned else None) if p)
    return qualified(f.qualifier, text) + (f" ({state})" if state else "")


def top500_text(t: Top500) -> str:
    """One TOP500 entry: 'rank 4, Rmax 793.4 PFLOPS, Rpeak 930 PFLOPS'."""
    rmax = f"Rmax {t.rmax_pflops:g} PFLOPS" if t.rmax_pflops is not None else "Rmax unknown"
    rpeak = f", Rpeak {t.rpeak_pflops:g} PFLOPS" if t.rpeak_pflops is not None else ""
    return f"rank {as_text(t.rank)}, {rmax}{rpeak}"


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


def _h100e(basis: Basis, *, high: bool = False) -> Callable[[System, Catalog], Value]:
    """A system's H100-equivalents in the state it is in: the amount (a span), or its upper end alone."""

    def get(s: System, c: Catalog) -> Value:
        amount = estimate(s, c, basis).amount
        return (amount.high if amount else None) if high else amount

    return get


def h100e_fields() -> list[FieldSpec[System]]:
    """``h100e`` and ``h100e_fp8`` (amounts that sort by their low end and filter by all they may be, as money
    does) and their upper ends."""
    about = "derived; a range where counts disagree, ≥ where a part is unknown"
    return [
        FieldSpec[System]("h100e", f"H100-equivalents, dense BF16 ({RULES[Basis.bf16]}); {about}", _h100e(Basis.bf16),
                          type=Type.quantity, cell=Cell.number),
        FieldSpec[System]("h100e_high", "upper end of h100e; unknown for a lower bound", _h100e(Basis.bf16, high=True),
                          type=Type.number),
        FieldSpec[System]("h100e_fp8", f"H100-equivalents, Epoch AI's 8-bit rule ({RULES[Basis.fp8]}); {about}",
                          _h100e(Basis.fp8), type=Type.quantity, cell=Cell.number),
        FieldSpec[System]("h100e_fp8_high", "upper end of h100e_fp8; unknown for a lower bound",
                          _h100e(Basis.fp8, high=True), type=Type.number),
    ]  # fmt: skip


SYSTEMS: Registry[System] = Registry(
    fields=fields_of(
        System,
        {
            "accelerators": [
                FieldSpec[System](
                    "accelerators",
                    "accelerator models and counts; in JSON each model with its count claims",
                    lambda s, c: accelerators(s),
                    cell=Cell.items,
                    dump=lambda s, c: [a.model_dump(mode="json") for a in s.accelerators],
                ),
                *h100e_fields(),
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
                FieldSpec[System](
                    "top500",
                    "rank in the latest TOP500 list it is on; in JSON every TOP500 entry",
                    _latest_top500,
                    type=Type.number,
                    dump=lambda s, c: [t.model_dump(mode="json") for t in s.top500],
                )
            ],
            "power_mw": [
                FieldSpec[System](
                    "power", "power draw claims", lambda s, c: " / ".join(figure(f) + " MW" for f in s.power_mw) or None
                )
            ],
            "factories": [
                FieldSpec[System](
                    "factories",
                    "ids of the factories and antennas it serves, named on either side (its factories or their "
                    "supercomputer's systems)",
                    lambda s, c: [f.id for f in c.factories_of(s.id)],
                    type=Type.list,
                    cell=Cell.keys,
                    dump=lambda s, c: [f.id for f in c.factories_of(s.id)],
                )
            ],
            "sources": [sources_count()],
        },
        cells={"city": Cell.short, "vendor": Cell.short, "initiatives": Cell.keys},
    ),
    default=("id", "name", "country", "status", "accelerators", "h100e", "top500", "factories"),
    priority=("id", "country", "status", "h100e", "accelerators", "top500", "factories", "name", "vendor"),
)

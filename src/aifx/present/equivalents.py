"""A system's H100-equivalents for reading: the arithmetic of each term with its datasheet named, and the reasons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aifx.core.equivalents import BASE, DERIVED, RULES, Basis, Estimate, Term, base_rate, dump, estimates
from aifx.core.values import Span
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import System
from aifx.present.views import Line

Refs = Callable[[list[str]], tuple[int, ...]]  # numbers sources in the order a card first cites them


def detail(s: System, catalog: Catalog) -> dict[str, Any]:
    """The H100-equivalents as JSON holds them: per basis, one estimate per state, each with its arithmetic."""
    return {b.value: [dump(e) for e in estimates(s, catalog, b)] for b in Basis}


def lines(s: System, catalog: Catalog, refs: Refs) -> list[Line]:
    """The card's H100-equivalents section: the base, then per basis each term's arithmetic and the total."""
    found = [Line("H100-equivalents", "", style="section"), Line("derived", f"{DERIVED}; {RANGES}")]
    base = catalog.chips.get(BASE)
    if base is None:
        found.append(Line("base", f"unknown: the base chip {BASE} is not in the chips"))
    else:
        rates = ", ".join(
            f"{r.value:,g} TFLOPS dense {r.precision}" for b in Basis if (r := base_rate(base, b)) is not None
        )
        found.append(Line("base", f"1 H100e = one {BASE}: {rates or 'no rate published'} ({sheets(base.sources, catalog)})",
                          refs(list(base.sources))))  # fmt: skip
    for basis in Basis:
        found.append(Line(basis.value, RULES[basis]))
        for e in estimates(s, catalog, basis):
            state = " planned" if e.planned else ""
            found += [
                Line(
                    f"  {basis.value}{state}", _term(t, catalog), refs(list(dict.fromkeys([*t.counted, *t.datasheets])))
                )
                for t in e.terms
            ]
            found.append(Line(f"  {basis.value}{state} total", _total(e)))
    return found


RANGES = "a range where counts disagree, ≥ where a part is unknown"


def _term(t: Term, catalog: Catalog) -> str:
    """'11,912 × MI250X (383 TFLOPS BF16, AMD 2021) ÷ 989.4 = 4,611 H100e', or the term and why it is unknown."""
    count = f"{t.count.text} × " if t.count is not None else ""
    share = t.h100e
    if share is None or t.rate is None or t.base is None:
        return f"{count}{t.model}: unknown ({'; '.join(t.unknown) or f'no {BASE} rate'})"
    chip = catalog.chips[t.chip] if t.chip is not None else None
    sheet = sheets(chip.sources, catalog) if chip is not None else ""
    said = f"{t.rate.value:,g} {t.rate.unit} {t.rate.precision}, {sheet}"
    return f"{count}{t.chip} ({said}) ÷ {t.base.value:,g} = {share.text} H100e"


def _total(e: Estimate) -> str:
    amount: Span | None = e.amount
    why = "; ".join(e.unknown)
    if amount is None:
        return f"unknown ({why})" if why else "unknown"
    return f"{amount.text} H100e" + (f" (unknown: {why})" if why else "")


def sheets(ids: list[str], catalog: Catalog) -> str:
    """Datasheets named as people cite them: 'AMD 2021', 'NVIDIA 2023'."""
    named = []
    for sid in ids:
        source = catalog.sources.get(sid)
        if source is None:
            named.append(sid)
        else:
            named.append(f"{source.publisher} {source.published.year}" if source.published else source.publisher)
    return "; ".join(dict.fromkeys(named))

"""An item's facts (budget claims, wave totals, a system's figures and TOP500 entries) as slots, text and JSON.

A slot gathers the facts about one thing (a budget's total, its EU share, a system's FP8 performance), which several
sources may state differently; its headline is the one shown first. Comparing two versions of an item goes slot by
slot (aifx.core.changes).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aifx.core.money import euros, money
from aifx.core.systems import figure, top500_text
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Claim, Figure, Model, System, Top500
from aifx.dataset.plain import plain
from aifx.dataset.vocabulary import Rank, Scope

Fact = Claim | Figure | Top500
FACT_FIELDS = frozenset({"budget", "totals", "size", "performance", "power_mw", "accelerators", "top500"})
Label = Callable[[Any], str]


@dataclass(frozen=True)
class Slot:
    """The facts about one thing; the headline is the preferred one, else the first not deprecated."""

    facts: list[Fact] = field(default_factory=list)

    def headline(self) -> Fact | None:
        ranked = [f for f in self.facts if getattr(f, "rank", Rank.normal) is not Rank.deprecated]
        return next((f for f in ranked if getattr(f, "rank", None) is Rank.preferred), ranked[0] if ranked else None)


def slots(facts: list[Fact], label: Label) -> dict[str, Slot]:
    """Facts grouped by their slot's label, in order."""
    grouped: dict[str, Slot] = {}
    for f in facts:
        grouped.setdefault(label(f), Slot()).facts.append(f)
    return grouped


def groups(old: Any, new: Any) -> Iterator[tuple[Label, list[Any], list[Any]]]:
    """Each kind of fact an item holds, in an old version (None: none) and a new one, with how to label a fact's
    slot: budget, totals or a bid's size claims; a system's performance, power, TOP500 entries and counts per accelerator model."""

    def facts(item: Any, name: str) -> list[Any]:
        return list(getattr(item, name, None) or [])

    for name in ("budget", "totals", "size"):
        if name in type(new).model_fields:
            yield _labelled(claim_slot, name), facts(old, name), facts(new, name)
    if isinstance(new, System):
        for name in ("performance", "power_mw"):
            yield _labelled(figure_slot, name), facts(old, name), facts(new, name)
        yield _edition, facts(old, "top500"), facts(new, "top500")
        for model in dict.fromkeys(a.model for a in [*facts(old, "accelerators"), *new.accelerators]):
            old_counts, new_counts = (
                [c for a in facts(item, "accelerators") if a.model == model for c in a.count] for item in (old, new)
            )
            yield _labelled(figure_slot, f"accelerators ({model})"), old_counts, new_counts


def _labelled(slot: Callable[[str, Any], str], field: str) -> Label:
    """How to label a fact of one field."""
    return lambda fact: slot(field, fact)


def _edition(entry: Top500) -> str:
    return f"top500 ({entry.edition})"


def claim_slot(field: str, c: Claim) -> str:
    """'budget', 'budget (eu share)', 'budget (national share, DE)', 'totals (countries)'."""
    scope = "" if c.scope is Scope.total else c.scope.value.replace("_", " ")
    parts = [p for p in (scope, c.party, c.unit) if p]
    return f"{field} ({', '.join(parts)})" if parts else field


def figure_slot(field: str, f: Figure) -> str:
    """'performance (FP8)', 'power_mw (Booster, planned)', 'accelerators (NVIDIA GH200)'."""
    precision = f.precision if field == "performance" else None
    parts = [p for p in (precision, f.part, "planned" if f.planned else None) if p]
    return f"{field} ({', '.join(parts)})" if parts else field


def identity(f: Fact) -> str:
    """A fact as a statement, whoever states it: two versions of one claim differ in their sources only."""
    return json.dumps(f.model_dump(mode="json", exclude={"sources"}), sort_keys=True)


def text(f: Fact | None, catalog: Catalog) -> str:
    """A fact as people read it: money as stated and in euros where converted, a figure with its unit."""
    if isinstance(f, Claim):
        converted = euros(f, catalog.sources)
        shown = f"{money(f)} ({converted.text})" if converted is not None and converted.converted else money(f)
        return shown + (" — deprecated" if f.rank is Rank.deprecated else "")
    if isinstance(f, Top500):
        return top500_text(f)
    return figure(f) if f is not None else "unknown"


def dump(f: Fact | None, catalog: Catalog) -> Any:
    """A fact as JSON: its data, and for money its euro value and how it was converted (null: none)."""
    if f is None:
        return None
    data: dict[str, Any] = f.model_dump(mode="json")
    if isinstance(f, Claim):
        converted = euros(f, catalog.sources)
        data["eur"] = converted.jsonable() if converted is not None else None
    return data


def jsonable(value: Any) -> Any:
    """Any field's value as JSON: a nested model as its data, enums as their values, dates ISO."""
    if isinstance(value, Model):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else plain(value)

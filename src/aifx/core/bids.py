"""The AI gigafactory race as sourced data: each bid's announced size (in euros, chips and MW), its stage over time,
its fields for ``aifx gigafactories``, and its announced chips as compute a bid plans, never a system's.

Competing bids are alternatives (at most five gigafactories are to be funded): nothing here adds one bid to another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aifx.core.compute import Tally
from aifx.core.equivalents import BASE, Basis, Rate, base_rate, rate, scaled
from aifx.core.fields import FieldSpec, Registry, Type, fields_of, sources_count
from aifx.core.history import stages
from aifx.core.money import Money, claim_json, euros
from aifx.core.values import Cell, Span, Value
from aifx.dataset.catalog import Catalog, preferred
from aifx.dataset.models import CHIPS, MW, Bid, Claim
from aifx.dataset.vocabulary import MemberRole, Qualifier, Rank
from aifx.text.countries import COUNTRIES

MONEY = "money"  # a size claim with a currency, beside the units CHIPS and MW


def claims(bid: Bid, measure: str) -> list[Claim]:
    """A bid's size claims about one measure (money, chips or MW), deprecated ones left out."""
    return [c for c in bid.size if c.rank is not Rank.deprecated and (c.unit or MONEY) == measure]


def headline(bid: Bid, catalog: Catalog) -> Money | None:
    """The investment a reader can quote, in euros: the preferred total money claim, else the first total one."""
    money = [c for c in bid.size if c.currency is not None]
    return euros(preferred(money), catalog.sources)


def count(bid: Bid, unit: str) -> Span | None:
    """What the bid's claims say of its chips or MW, whole-bid claims only: alternatives give a range, never a sum;
    'over' and 'at least' leave no ceiling, 'up to' no floor, 'about' makes it approximate."""
    known = [c for c in claims(bid, unit) if c.value is not None and c.scope.value == "total"]
    if not known:
        return None
    lows = [None if c.qualifier is Qualifier.up_to else c.value for c in known]
    highs = [None if c.qualifier in (Qualifier.at_least, Qualifier.over) else (c.high or c.value) for c in known]
    low = None if None in lows else min(x for x in lows if x is not None)
    high = None if None in highs else max(x for x in highs if x is not None)
    if low is None and high is None:
        return None
    return Span(low, high, approx=any(c.qualifier is Qualifier.about for c in known))


def leads(bid: Bid) -> list[str]:
    """The members that lead or coordinate the bid."""
    return [m.name for m in bid.members if m.role is MemberRole.lead]


def since(bid: Bid, catalog: Catalog) -> str | None:
    """When the bid reached its stage, as precisely as known (2025-06-20, 2025-06, 2025): its latest bid event's date."""
    found = stages(catalog, bid.id)
    if not found:
        return None
    last = found[-1]
    return {"year": f"{last.date.year}", "month": last.date.strftime("%Y-%m")}.get(
        last.precision.value, last.date.isoformat()
    )


def places(bid: Bid) -> list[str]:
    """Its sites as 'place (CC)'."""
    return [f"{s.place} ({s.country})" for s in bid.sites]


@dataclass(frozen=True)
class Planned:
    """A bid's announced chips on the H100's scale: count × the named chip's rate ÷ the base rate, or why not."""

    bid: str
    model: str  # the accelerator as the backers name it, or that they name none
    chips: Span | None
    rate: Rate | None
    base: Rate | None
    unknown: tuple[str, ...]  # why there is no amount: 'no chip count announced', 'no accelerator model named', …

    @property
    def h100e(self) -> Span | None:
        """The chips in H100-equivalents; None when the count, the chip or a rate is unknown."""
        if self.unknown or self.chips is None or self.rate is None or self.base is None:
            return None
        return scaled(self.chips, self.rate.value / self.base.value)


UNNAMED = "AI accelerators, model not named"


def planned(bid: Bid, catalog: Catalog, basis: Basis) -> Planned:
    """A bid's chips in H100-equivalents on one basis, where its backers name the chip model."""
    chips = count(bid, CHIPS)
    chip = catalog.chips.get(bid.chip) if bid.chip is not None else None
    base_chip = catalog.chips.get(BASE)
    reasons = []
    if chips is None:
        reasons.append("no chip count announced")
    if bid.chip is None:
        reasons.append("no accelerator model named" if bid.accelerator is None else "its chip is not in the chips")
    found = rate(chip, basis) if chip is not None else None
    if chip is not None and found is None:
        reasons.append(f"{chip.id} has no published dense {'BF16' if basis is Basis.bf16 else '8-bit or BF16'} rate")
    base = base_rate(base_chip, basis) if base_chip is not None else None
    if base is None:
        reasons.append(f"the base chip {BASE} has no published rate")
    return Planned(bid.id, bid.accelerator or UNNAMED, chips, found, base, tuple(reasons))


def _h100e(bid: Bid, c: Catalog) -> Value:
    return planned(bid, c, Basis.bf16).h100e


def _countries(bid: Bid, c: Catalog) -> Value:
    return list(bid.countries)


BIDS: Registry[Bid] = Registry(
    fields=fields_of(
        Bid,
        {
            "countries": [
                FieldSpec[Bid]("countries", "countries it would be built in, ISO codes; the first leads", _countries,
                               type=Type.list, cell=Cell.code),
                FieldSpec[Bid]("country_names", "the same countries by name",
                               lambda b, c: [COUNTRIES[x] for x in b.countries], type=Type.list),
            ],
            "sites": [
                FieldSpec[Bid]("sites", "its sites as 'place (CC)'; in JSON every site with its coordinates and sources",
                               lambda b, c: places(b), type=Type.list, cell=Cell.prose,
                               dump=lambda b, c: [s.model_dump(mode="json") for s in b.sites]),
            ],
            "members": [
                FieldSpec[Bid]("lead", "the members that lead or coordinate it", lambda b, c: leads(b),
                               type=Type.list, cell=Cell.short),
                FieldSpec[Bid]("members", "how many members and backers are named; in JSON each with its kind, role "
                               "and sources", lambda b, c: len(b.members), type=Type.number,
                               dump=lambda b, c: [m.model_dump(mode="json") for m in b.members]),
            ],
            "size": [
                FieldSpec[Bid]("investment", "announced investment in EUR million (the preferred total money claim, ≈: "
                               "converted); compares in EUR million; in JSON every size claim with its euro value",
                               headline, type=Type.money,
                               dump=lambda b, c: [claim_json(x, c.sources) for x in b.size]),
                FieldSpec[Bid]("chips", "announced AI accelerators (a range where claims differ, ≥ for 'over')",
                               lambda b, c: count(b, CHIPS), type=Type.quantity, cell=Cell.number),
                FieldSpec[Bid]("mw", "announced power in MW (a range where claims differ)",
                               lambda b, c: count(b, MW), type=Type.quantity, cell=Cell.number),
                FieldSpec[Bid]("h100e", "announced chips in H100-equivalents, dense BF16, where the chip model is "
                               "named (derived by aifx)", _h100e, type=Type.quantity, cell=Cell.number),
            ],
            "stage": [
                "stage",
                FieldSpec[Bid]("since", "when it reached that stage, as precisely as known (2025-06-20, 2025-06): the "
                               "date of its latest bid event", lambda b, c: since(b, c), cell=Cell.date),
            ],
            "sources": [sources_count()],
        },
        cells={"related": Cell.keys, "merged_into": Cell.key, "stage": Cell.code},
    ),
    default=("id", "name", "countries", "sites", "lead", "investment", "chips", "stage", "since", "verification"),
    priority=("id", "countries", "stage", "investment", "chips", "name", "since", "lead", "verification", "sites"),
)  # fmt: skip


BID_STATE = "bid"  # compute's state for what a bid announces: neither in service nor a system's plan


def compute(picked: Sequence[Bid], catalog: Catalog, *, by: str, basis: Basis | None = None) -> Tally:
    """Each bid's announced chips, or (with ``basis``) their H100-equivalents, as a row of its own in state 'bid',
    in compute's columns: competing bids are never added to one another, nor to any system. A bid that announces no
    chip count, or (in H100e) names no chip whose rate is known, is named in a note instead of a row of 'unknown'."""
    rows: list[list[Value]] = []
    silent: list[str] = []
    unrated: dict[str, list[str]] = {}
    for b in picked:
        if count(b, CHIPS) is None:
            silent.append(b.id)
            continue
        if basis is None:
            amount, measure, unit = count(b, CHIPS), f"{b.id}: {b.accelerator}" if b.accelerator else b.id, "chips"
            low, high = _ends(b)  # as compute gives a figure stated 'over' N: the text says ≥, the ends are stated
        else:
            found = planned(b, catalog, basis)
            amount, measure, unit = found.h100e, f"{b.id}: H100e {basis.value}", "H100e (bid)"
            if amount is None:
                unrated.setdefault("; ".join(found.unknown), []).append(b.id)
                continue
            low, high = amount.low, amount.high
        for group in _groups(b, by):
            rows.append([group, measure, BID_STATE, amount.text if amount else "unknown", unit, low, high, 1, 0,
                         [b.id], []])  # fmt: skip
    notes = [
        "bid: the chips a gigafactory bid announces, one row per bid, its measure the bid's id and the accelerator "
        "its backers name (aifx gigafactories); competing bids are never added to one another nor to systems "
        "planned or in service; in these rows systems and system_ids count and name the bid; a bid in several "
        "countries has a row in each",
    ]
    notes += [f"bids whose H100e is unknown ({why}), left out: {', '.join(ids)}" for why, ids in unrated.items()]
    if silent:
        notes.append(f"bids that announce no chip count, left out: {', '.join(silent)}")
    if not rows:
        notes = notes[1:]  # no bid row to explain
    return Tally(rows, notes)


def _ends(bid: Bid) -> tuple[float | None, float | None]:
    """The lowest and highest chip count a bid's whole-bid claims state, whatever their qualifiers."""
    stated = [x for c in claims(bid, CHIPS) if c.scope.value == "total" for x in (c.value, c.high) if x is not None]
    return (min(stated), max(stated)) if stated else (None, None)


def _groups(bid: Bid, by: str) -> list[str]:
    """Where a bid's row goes: each of its countries, its stage's state, or its accelerator; no factory serves one."""
    if by == "country":
        return list(bid.countries)
    if by == "status":
        return [BID_STATE]
    if by == "accelerator":
        return [bid.chip or bid.accelerator or UNNAMED]
    return ["no factory"]

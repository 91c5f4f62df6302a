"""H100-equivalents: the rule on both bases, ranges never sums, qualifiers kept, unknowns named with their reason."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aifx.core.equivalents import BASE, Basis, Estimate, claimed, estimate, estimates, total
from aifx.core.values import Span
from aifx.dataset.catalog import Catalog
from aifx.dataset.loader import load
from aifx.dataset.models import Figure
from aifx.dataset.vocabulary import Qualifier
from conftest import FIXTURES

FIXTURE = load(FIXTURES / "compute", cache=False)


def _of(system: str, basis: Basis = Basis.bf16, catalog: Catalog = FIXTURE) -> Estimate:
    return estimate(catalog.systems[system], catalog, basis)


def _without(*, chips: set[str] | None = None, links: bool = True) -> Catalog:
    """The fixture with only ``chips`` kept (all when None) and, without ``links``, no accelerator linked to a chip."""
    systems = FIXTURE.systems.values()
    if not links:
        systems = [
            s.model_copy(update={"accelerators": [a.model_copy(update={"chip": None}) for a in s.accelerators]})
            for s in systems
        ]
    kept = [c for c in FIXTURE.chips.values() if chips is None or c.id in chips]
    items = {"sources": FIXTURE.sources.values(), "waves": FIXTURE.waves.values(), "systems": systems, "chips": kept}
    return Catalog.build(FIXTURE.dataset, {**items, "factories": FIXTURE.factories.values()})


def test_bf16_is_count_times_the_chips_dense_bf16_over_the_h100s() -> None:
    """LUMI's 11,912 MI250X: 11,912 × 383 ÷ 989.4 = 4,611 H100e, with every number of the arithmetic kept."""
    (mi250x, a40) = _of("LUMI").terms
    assert (mi250x.chip, mi250x.count, mi250x.rate and mi250x.rate.value, mi250x.base and mi250x.base.value) == (
        "MI250X",
        Span(11912, 11912),
        383,
        989.4,
    )
    assert mi250x.h100e == Span(pytest.approx(11912 * 383 / 989.4), pytest.approx(11912 * 383 / 989.4))
    assert mi250x.datasheets == ("amd-mi250x-test",)
    assert a40.h100e is None and a40.unknown == ("no chip linked",)


def test_a_system_with_one_model_unknown_is_a_lower_bound_with_the_reason() -> None:
    """LUMI's A40s have no chip linked: LUMI is ≥ its MI250X share, and says which model is missing and why."""
    lumi = _of("LUMI")
    assert lumi.amount is not None and lumi.amount.high is None
    assert lumi.amount.text == "≥ 4,611"
    assert lumi.unknown == ("NVIDIA A40: no chip linked",)


def test_the_8_bit_basis_takes_the_best_rate_against_the_h100s_fp8() -> None:
    """Epoch AI's rule: A100 counts its INT8 (624), not BF16 (312); MI250X its INT8 = BF16 (383); both ÷ 1,978.9."""
    (a100,) = _of("LEONARDO", Basis.fp8).terms
    assert a100.rate is not None and (a100.rate.value, a100.rate.precision) == (624, "INT8")
    assert a100.base is not None and a100.base.value == 1978.9
    (mi250x, _) = _of("LUMI", Basis.fp8).terms
    assert mi250x.rate is not None and (mi250x.rate.value, mi250x.rate.precision) == (383, "INT8")
    lumi = _of("LUMI", Basis.fp8).amount
    assert lumi is not None and lumi.low == pytest.approx(11912 * 383 / 1978.9)  # half its BF16 basis: no FP8 uplift


def test_disagreeing_counts_give_a_range_never_a_sum() -> None:
    """JUPITER's 'about 24,000' and '23,752' GH200s are alternatives: ~ 23,752–24,000 H100e, not 47,752."""
    jupiter = _of("JUPITER").amount
    assert jupiter == Span(23752, 24000, approx=True)
    assert jupiter.text == "~ 23,752–24,000"


@pytest.mark.parametrize(
    ("system", "text", "low", "high"),
    [
        ("IT4LIA-AI", "≥ 18,193", 8000 * 2250 / 989.4, None),  # 'over 8,000' B200: a lower bound
        ("AI-AT-SYSTEM", "≤ 700", None, 700),  # 'up to 700' H100s: bounded above only
        ("GEFION", "1,528", 1528, 1528),
    ],
)
def test_qualifiers_carry_over(system: str, text: str, low: float | None, high: float | None) -> None:
    """'over' gives ≥, 'up to' gives ≤, an exact count an exact amount."""
    amount = _of(system).amount
    assert amount is not None and amount.text == text
    assert (amount.low, amount.high) == (pytest.approx(low) if low else None, high)


def test_a_modules_count_is_left_out() -> None:
    """LEONARDO's Booster-module count (3,456) is part of the 13,824, not another alternative."""
    (a100,) = _of("LEONARDO").terms
    assert a100.count == Span(13824, 13824)


@pytest.mark.parametrize(
    ("system", "reasons"),
    [
        ("MARENOSTRUM-5", ("NVIDIA H100: count unknown",)),
        ("NPU-SYSTEM", ("Test NPU X: NPU-X has no published dense BF16 rate",)),
        ("HAMMERHAI-SYSTEM", ("NVIDIA, model unknown: count unknown; no chip linked",)),
        ("DISCOVERER", ("no accelerators known",)),
    ],
)
def test_unknown_says_which_and_why(system: str, reasons: tuple[str, ...]) -> None:
    """Unknown, never zero: the amount is None and each missing part has its reason."""
    found = _of(system)
    assert found.amount is None
    assert found.unknown == reasons


def test_planned_figures_and_systems_are_planned() -> None:
    """GEFION is in service with 1,528 H100e and a planned B200 share apart; IT4LIA-AI, procuring, is planned."""
    gefion = estimates(FIXTURE.systems["GEFION"], FIXTURE, Basis.bf16)
    assert [(e.planned, e.amount and round(e.amount.low or 0)) for e in gefion] == [(False, 1528), (True, 2274)]
    assert _of("GEFION").planned is False and _of("IT4LIA-AI").planned is True


def test_with_no_chips_every_h100e_is_unknown_because_no_chip_is_linked() -> None:
    """The shipped data before chips.yaml: no chip and no link, so every system is unknown, saying why."""
    bare = _without(chips=set(), links=False)
    found = [_of(s, basis, bare) for s in bare.systems for basis in Basis]
    assert all(e.amount is None for e in found)
    linked = [e for e in found if e.terms]
    assert linked and all(any("no chip linked" in r for r in e.unknown) for e in linked)


def test_without_the_base_chip_everything_is_unknown_and_says_so() -> None:
    """No H100-SXM in the chips: nothing can be put on its scale, and the reason names the base chip."""
    bare = _without(chips={"GH200", "MI250X"})
    jupiter = _of("JUPITER", Basis.bf16, bare)
    assert jupiter.amount is None
    assert f"the base chip {BASE} is not in the chips" in jupiter.unknown


def _figure(value: float, qualifier: Qualifier) -> Figure:
    return Figure(value=value, qualifier=qualifier, sources=["s"])


amounts = st.integers(min_value=1, max_value=10**6).map(float)
qualifiers = st.sampled_from(list(Qualifier))


@given(st.lists(st.tuples(amounts, qualifiers), min_size=1, max_size=4))
def test_claims_of_one_count_span_them_and_never_add_up(claims: list[tuple[float, Qualifier]]) -> None:
    """The span of a count's claims runs from the smallest claim to the largest, open where a claim is a bound."""
    span = claimed([_figure(v, q) for v, q in claims])
    values, marks = [v for v, _ in claims], {q for _, q in claims}
    floor = None if Qualifier.up_to in marks else min(values)
    ceiling = None if marks & {Qualifier.over, Qualifier.at_least} else max(values)
    if floor is None and ceiling is None:
        assert span is None
    else:
        assert span == Span(floor, ceiling, approx=Qualifier.about in marks)


@given(st.lists(st.tuples(amounts, amounts), min_size=1, max_size=5), st.booleans())
def test_a_total_is_bounded_by_its_parts_and_a_partial_one_has_no_ceiling(
    ends: list[tuple[float, float]], partial: bool
) -> None:
    """Spans added: low is the sum of lows, high the sum of highs, and none when a part is unknown."""
    spans = [Span(min(a, b), max(a, b)) for a, b in ends]
    found = total(spans, partial=partial)
    assert found is not None
    assert found.low == pytest.approx(sum(s.low or 0 for s in spans))
    assert found.high == (None if partial else pytest.approx(sum(s.high or 0 for s in spans)))
    assert total([*spans, None]) == Span(found.low, None)

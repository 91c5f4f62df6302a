"""Amounts in text: one value however a source writes it (sign, separators, scale word, language)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aifx.text.amounts import amounts, significant, without

BILLION_2_3 = Decimal("2.3E9")


@pytest.mark.parametrize(
    "text",
    ["2.3 billion", "2,3 mld", "€2.3bn", "2300 million", "$2.3 billion", "ISK 2.3 Billion", "2,3 Milliarden Euro",
     "2.300 millones", "2 300 000 000".replace(" ", "\u00a0"), "2,3 miliardi di euro", "2.3 milliards d'euros",
     "USD2.3bn", "2,3 mld zł", "2,3 δισ. ευρώ", "2.3-billion"],
)  # fmt: skip
def test_every_spelling_of_2_3_billion_reads_as_one_value(text: str) -> None:
    """Currency signs and codes, decimal comma or point, thousands separators and scale words in the dataset's
    languages all give the same value."""
    (found,) = amounts(text)
    assert BILLION_2_3 in found.values
    assert text[found.start : found.end].strip() == text.strip()


def test_a_scale_is_part_of_the_value() -> None:
    """2.3 million is not 2.3 billion, though both are written 2.3."""
    (million,) = amounts("2.3 million")
    (billion,) = amounts("2.3 billion")
    assert not million.finds(billion) and not billion.finds(million)


def test_a_bare_number_finds_the_number_written_before_a_scale() -> None:
    """'2.3' finds '$2.3 billion' (the digits a user remembers), but '2.3 billion' does not find a bare 2.3."""
    (bare,) = amounts("2.3")
    (stated,) = amounts("A $2.3 Billion Investment")
    assert bare.finds(stated) and not stated.finds(bare)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("1,500 million", {Decimal("1.5E9")}),  # English: a thousands comma
        ("1.500 Millionen", {Decimal("1.5E9")}),  # German: a thousands point
        ("1,500 millones", {Decimal("1.5E6")}),  # Spanish: a decimal comma
        ("1,227 Exaflop", {Decimal("1.227"), Decimal("1227")}),  # nothing tells: both
        ("1,234,567.5", {Decimal("1234567.5")}),
        ("0,500", {Decimal("0.5")}),
    ],
)
def test_an_ambiguous_separator_is_read_as_the_scale_words_language_writes_it(text: str, values: set[Decimal]) -> None:
    """One group after one comma or point is a thousands separator or a decimal mark as the language of the
    scale word after it has it, both when there is none."""
    (found,) = amounts(text)
    assert found.values == values


def test_a_range_shares_its_scale() -> None:
    """'500–600 miljoner euro': the lower end is 500 million too."""
    low, high = amounts("500–600 miljoner euro")
    assert Decimal("5E8") in low.values and high.values == {Decimal("6E8")}


@pytest.mark.parametrize("text", ["GH200", "H100 and MI300A", "5G", "100km", "v1.5", "BF16 989.4x"])
def test_numbers_inside_words_are_not_amounts(text: str) -> None:
    """Model names and units glued to a number are words, not amounts."""
    assert amounts(text) == []


def test_letters_scale_only_when_attached_or_before_a_currency() -> None:
    """€10m and 263 M€ are millions; '10 m' (metres) is just 10."""
    assert amounts("€10m")[0].values == {Decimal("1E7")}
    assert amounts("263 M€")[0].values == {Decimal("2.63E8")}
    assert amounts("10 m")[0].values == {Decimal(10)}


def test_without_leaves_the_words() -> None:
    """What is left of a query once its amounts are taken out is matched as words."""
    query = "$2.3 billion investment"
    assert without(query, amounts(query)).split() == ["investment"]


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal(10**6), places=3))
def test_significant_digits_survive_any_scale(value: Decimal) -> None:
    """The fast pass search makes reads the same digits in a value and in that value times a thousand."""
    assert significant(value) == significant(value * 1000)

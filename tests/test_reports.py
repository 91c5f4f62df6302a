"""Compare, waves and budgets: the numbers journalists quote, honest about bounds and unknowns."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from aifx.core.budgets import total
from aifx.core.money import euros
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Claim
from aifx.dataset.vocabulary import Qualifier
from conftest import DATA, aifx


def test_compare_puts_fields_in_rows_and_flags_differences(catalog: Catalog) -> None:
    """Records become columns; the stderr note counts the fields that differ."""
    run = aifx("compare", "LUMI-AF", "IT4LIA", "-f", "csv")
    rows = {r["field"]: r for r in csv.DictReader(io.StringIO(run.out))}
    assert rows["country"]["LUMI-AF"] == "FI" and rows["country"]["IT4LIA"] == "IT"
    assert rows["wave"]["LUMI-AF"] == rows["wave"]["IT4LIA"] == "1"
    assert (rows["country"]["differs"], rows["wave"]["differs"]) == ("yes", "no")
    assert "fields differ" in run.err


def test_compare_takes_countries_as_the_records_they_host() -> None:
    """`compare ES IT`: Spain's factories and Italy's, one column each; stderr says which country brought which."""
    run = aifx("compare", "ES", "Italy", "-f", "csv")
    assert run.code == 0, run.err
    assert next(csv.reader(io.StringIO(run.out))) == ["field", "BSC-AIF", "1HEALTHAI", "IT4LIA", "differs"]
    assert run.err.splitlines()[:2] == ["Spain (ES): BSC-AIF, 1HEALTHAI", "Italy (IT): IT4LIA"]


@pytest.mark.parametrize("wave", ["wave 3", "wave-3", "wave:3"])
def test_compare_takes_a_wave_as_its_factories(catalog: Catalog, wave: str) -> None:
    """`compare 'wave 3'` compares the third wave's six factories."""
    run = aifx("compare", wave, "-f", "json")
    assert run.code == 0, run.err
    assert [r["id"] for r in json.loads(run.out)] == [f.id for f in catalog.factories.values() if f.wave == 3]


def test_a_record_id_wins_over_a_country_code_and_country_forces_the_country(tmp_path: Path) -> None:
    """Where a record answers to a country's code (an alias 'IT' here), the record wins; country:IT means Italy."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    path = data / "factories.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("aliases: [HammerHAI AI Factory]", "aliases: [IT]"))
    record = aifx("compare", "IT", "LUMI-AF", "-f", "csv", "--data", str(data))
    country = aifx("compare", "country:IT", "LUMI-AF", "-f", "csv", "--data", str(data))
    assert next(csv.reader(io.StringIO(record.out)))[1:3] == ["HAMMERHAI", "LUMI-AF"]
    assert next(csv.reader(io.StringIO(country.out)))[1:3] == ["IT4LIA", "LUMI-AF"]


def test_compare_needs_two_factories() -> None:
    """One id, or an initiative, is a usage error."""
    assert aifx("compare", "LUMI-AF").code == 2
    run = aifx("compare", "LUMI-AF", "TARTU-AI")
    assert run.code == 2 and "initiative" in run.err


def test_waves_has_one_row_per_wave_with_counts_and_stated_totals() -> None:
    """`aifx waves` gives dates, how many were selected, countries and the stated totals with qualifiers."""
    waves = json.loads(aifx("waves", "-f", "json").out)
    assert [(w["number"], w["announced"], w["selected"]) for w in waves] == [
        (1, "2024-12-10", 7),
        (2, "2025-03-12", 6),
        (3, "2025-10-10", 6),
    ]
    plain = aifx("waves").out
    assert "~ €485 million" in plain and "> €500 million" in plain and "> €2.6 billion" in plain
    assert len(waves[0]["countries"]) == 17  # the Commission's "17 countries" for wave 1


def test_budget_sums_are_lower_bounds_when_anything_is_unknown() -> None:
    """A sum with unknown members or 'at least' amounts is shown with ≥ and the unknowns counted."""
    rows = list(csv.DictReader(io.StringIO(aifx("budgets", "--by", "wave", "-f", "csv").out)))
    partial = [r for r in rows if int(r["unknown"]) >= 1 and int(r["records"]) > int(r["unknown"])]
    assert partial and all(r["budget"].startswith("≥ ") for r in partial)


def test_total_keeps_qualifiers_and_never_counts_unknown_as_zero() -> None:
    """Sums: exact amounts add up; 'about' makes them approximate; unknowns are counted apart, never as zero."""
    exact = euros(Claim(value=10, currency="EUR", sources=["s"]), {})
    about = euros(Claim(value=5, currency="EUR", qualifier=Qualifier.about, sources=["s"]), {})
    assert total([exact, exact]).text == "€20 million"
    assert total([exact, about]).text == "~ €15 million"
    assert total([exact, None]).text == "≥ €10 million"
    assert total([None]).text == "unknown"


def test_budgets_table_draws_bars_in_a_terminal() -> None:
    """The table format draws a bar per known amount."""
    assert "█" in aifx("budgets", "--by", "country", "-f", "table").out


def test_initiatives_filter_by_verification_shows_the_weak_ones() -> None:
    """Users can list just the unconfirmed initiatives, where Tartu belongs."""
    ids = [line.split("\t")[0] for line in aifx("initiatives", "--verification", "unconfirmed").out.splitlines()[1:]]
    assert ids == ["TARTU-AI"]

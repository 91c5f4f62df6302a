"""Filtering and sorting: declarative, combinable, and honest about unknown values."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aifx.core.query import Filters, Where, select, sort
from aifx.dataset.catalog import Catalog
from aifx.errors import UsageError
from conftest import aifx


def _ids(*args: str) -> list[str]:
    run = aifx("list", *args, "--columns", "id")
    assert run.code == 0, run.err
    return run.out.split()[1:]


def test_partner_includes_consortium_members() -> None:
    """--partner EE finds the LUMI AI Factory, whose consortium includes Estonia."""
    assert "LUMI-AF" in _ids("--partner", "EE")


def test_country_accepts_names_and_lower_case() -> None:
    """Country filters take codes in any case or English names."""
    assert _ids("--country", "de") == _ids("--country", "Germany") == ["HAMMERHAI", "JAIF"]


def test_filters_combine_and_repeat() -> None:
    """Repeated --wave widens; other filters narrow."""
    both = _ids("--wave", "1", "--wave", "2")
    assert len(both) == 13
    assert _ids("--wave", "1", "--wave", "2", "--country", "DE") == ["HAMMERHAI", "JAIF"]
    assert set(_ids("--kind", "antenna")) & set(both) == set()


def test_system_filter_finds_the_upgrade() -> None:
    """--system upgrade finds the factories upgrading an existing EuroHPC machine (MareNostrum 5)."""
    assert "BSC-AIF" in _ids("--system", "upgrade")


def test_budget_filters_exclude_unknowns_and_say_how_many() -> None:
    """Unknown budgets are not treated as zero: they are left out and counted on stderr."""
    run = aifx("list", "--min-budget", "100", "--columns", "id,budget_eur_m", "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert rows and all(float(r["budget_eur_m"]) >= 100 for r in rows)
    assert "6 records whose amount is unknown" in run.err


def test_where_sort_and_limit() -> None:
    """--where with a numeric operator, --sort FIELD:desc and --limit work together."""
    run = aifx(
        "list",
        "--where",
        "budget_eur_m >= 100",
        "--sort",
        "budget_eur_m:desc",
        "--limit",
        "3",
        "--columns",
        "id,budget_eur_m",
    )
    amounts = [float(line.split("\t")[1]) for line in run.out.splitlines()[1:]]
    assert len(amounts) == 3
    assert amounts == sorted(amounts, reverse=True)


@pytest.mark.parametrize(
    ("args", "listed"),
    [
        (["--where", "nonsense = 1"], "fields here: id, name"),
        (["--sort", "nonsense"], "fields here: id, name"),
        (["--columns", "id,nonsense"], "fields here: id, name"),
        (["--columns", "id,contry"], "did you mean country"),
        (["--where", "wave = abc"], "--where 'wave = abc': wave: expected a number, got 'abc'"),
        (["--where", "experimental > yes"], "experimental is yes/no; use = or !="),
        (["--where", "experimental = maybe"], "expected yes/no (or true/false), got 'maybe'"),
        (["--where", "selected < 2025-13-01"], "expected a date as YYYY-MM-DD"),
        (["--min-budget", "nan"], "--min-budget: expected a number, got 'nan'"),
        (["--limit", "-1"], "--limit: must be ≥ 0 (got -1)"),
        (["--sector", "knitting"], "valid sectors: agriculture"),
        (["--country", "Atlantis"], "unknown country"),
        (["--where", "wave ~ 1"], "OP one of"),
    ],
)
def test_unknown_field_or_value_exits_2_listing_valid_ones(args: list[str], listed: str) -> None:
    """A wrong field or value is a usage error (exit 2) that lists what is valid."""
    run = aifx("list", *args)
    assert run.code == 2
    assert listed in run.err
    assert run.out == ""


@pytest.mark.parametrize("spelling", ["true", "yes", "TRUE", "Yes"])
def test_where_reads_booleans_as_yes_or_no(spelling: str) -> None:
    """A yes/no field matches true, yes and their capitalisations alike."""
    assert _ids("--where", f"experimental = {spelling}") == _ids("--where", "experimental = yes") != []


def test_where_compares_dates_as_dates() -> None:
    """Dates compare as dates: wave 2 and 3 factories were selected after 2025-01-01."""
    later = set(_ids("--kind", "factory", "--where", "selected > 2025-01-01"))
    assert later == set(_ids("--wave", "2", "--wave", "3"))


def test_sort_by_budget_orders_by_its_euro_value(catalog: Catalog) -> None:
    """--sort budget:desc puts the largest euro total first (LUMI-AF's €500–600 million), unknown last."""
    top = _ids("--sort", "budget:desc", "--limit", "3")
    assert top[:2] == ["LUMI-AF", "IT4LIA"]
    ordered = _ids("--sort", "budget")
    eur = {f.id: v for f in catalog.factories.values() if isinstance(v := _eur(f.id, catalog), float)}
    known = [i for i in ordered if i in eur]
    assert ordered[: len(known)] == known and [eur[i] for i in known] == sorted(eur[i] for i in known)
    descending = _ids("--sort", "budget:desc")
    assert descending[: len(known)] == known[::-1] or [eur[i] for i in descending[: len(known)]] == sorted(
        eur.values(), reverse=True
    )
    assert set(descending[len(known) :]) == set(ordered[len(known) :])  # unknown last in both directions


def _eur(record_id: str, catalog: Catalog) -> float | None:
    from aifx.core.fields import value

    got = value("budget_eur_m", catalog.factories[record_id], catalog)
    return float(got) if isinstance(got, int | float) else None


def test_an_empty_country_says_who_has_it_in_a_consortium() -> None:
    """--country EE hosts nothing, so stderr points to --partner EE and the table is not drawn."""
    run = aifx("list", "--country", "EE", "--format", "table")
    assert run.code == 0
    assert run.out == ""
    assert "EE hosts none; 1 factory has EE in its consortium (LUMI-AF): try --partner EE" in run.err


def test_comma_lists_and_repeats_mean_the_same() -> None:
    """-c ES,IT equals -c ES -c IT: any of them."""
    assert _ids("-c", "ES,IT") == _ids("-c", "ES", "-c", "IT") == ["IT4LIA", "BSC-AIF", "1HEALTHAI"]


def test_where_is_parsed_not_evaluated() -> None:
    """Code in a --where value is compared as text, never run."""
    condition = Where.parse("name = __import__('os').system('false')")
    assert (condition.field, condition.op) == ("name", "=")
    assert _ids("--where", "name = __import__('os')") == []


def test_where_contains_and_in_work_on_lists(catalog: Catalog) -> None:
    """contains and in match inside list fields such as partners and sectors."""
    assert "LUMI-AF" in _ids("--where", "partners contains EE")
    assert set(_ids("--where", "country in FI,SE")) == {"LUMI-AF", "MIMER"}


def test_sort_puts_unknown_values_last(catalog: Catalog) -> None:
    """Sorting never ranks an unknown budget as the smallest."""
    ordered = sort(list(catalog.factories.values()), catalog, "budget_eur_m")
    values = [f for f in ordered if any(c.value for c in f.budget)]
    assert ordered[0] in values
    with pytest.raises(UsageError):
        sort(ordered, catalog, "budget_eur_m:sideways")


@settings(max_examples=60, deadline=None)
@given(
    waves=st.lists(st.integers(1, 4), max_size=2),
    countries=st.lists(st.sampled_from(["DE", "FI", "PL", "ES", "GB", "EE"]), max_size=2),
    kinds=st.lists(st.sampled_from(["factory", "antenna"]), max_size=1),
    min_budget=st.none() | st.floats(0, 500),
)
def test_a_filter_returns_a_subset_that_satisfies_it(
    catalog: Catalog, waves: list[int], countries: list[str], kinds: list[str], min_budget: float | None
) -> None:
    """Property: every kept record satisfies the filters, and dataset order is kept."""
    kept = select(catalog, Filters(waves=waves, countries=countries, kinds=kinds, min_budget=min_budget)).records
    order = list(catalog.factories)
    assert [order.index(f.id) for f in kept] == sorted(order.index(f.id) for f in kept)
    for f in kept:
        assert not waves or f.wave in waves
        assert not countries or f.country in countries
        assert not kinds or f.kind.value in kinds


@pytest.mark.parametrize(
    ("listed", "repeated"),
    [
        (["-w", "1,2"], ["-w", "1", "-w", "2"]),
        (["-k", "factory,antenna"], ["-k", "factory", "-k", "antenna"]),
        (["--system", "new,upgrade"], ["--system", "new", "--system", "upgrade"]),
        (["--verification", "reported,confirmed"], ["--verification", "reported", "--verification", "confirmed"]),
        (["--sector", "health,energy"], ["--sector", "health", "--sector", "energy"]),
    ],
)
def test_every_repeatable_filter_takes_a_comma_list(listed: list[str], repeated: list[str]) -> None:
    """A comma list means the same as repeating the option: any of the values (OR)."""
    assert _ids(*listed) == _ids(*repeated) != []


def test_where_takes_field_names_with_digits(catalog: Catalog) -> None:
    """`--where 'top500 <= 10'` filters by the TOP500 rank; a name with digits is a field name like any other."""
    run = aifx("systems", "--where", "top500 <= 10", "--columns", "id,top500", "--format", "csv")
    assert run.code == 0, run.err
    ranks = {r["id"]: int(r["top500"]) for r in csv.DictReader(io.StringIO(run.out))}
    assert ranks and all(rank <= 10 for rank in ranks.values())
    ranked = {s.id for s in catalog.systems.values() if any(t.rank is not None and t.rank <= 10 for t in s.top500)}
    assert set(ranks) <= ranked


def test_yes_no_fields_are_flags_and_unknowns_are_counted_apart(catalog: Catalog) -> None:
    """--experimental and --no-experimental keep the yes and the no records; where it is unknown, neither does, and
    stderr counts them."""
    known = {f.id: f.experimental_platform for f in catalog.factories.values()}
    for flag, wanted in (("--experimental", True), ("--no-experimental", False)):
        run = aifx("list", flag, "--columns", "id")
        assert run.out.split()[1:] == [i for i, v in known.items() if v is wanted]
        unknown = sum(v is None for v in known.values())
        assert run.err == f"left out: {unknown} records whose experimental platform is unknown\n"
    assert set(_ids("--disputed")) | set(_ids("--no-disputed")) == set(known)


def test_every_yes_no_field_of_a_listing_is_a_flag() -> None:
    """Each yes/no field list shows (experimental, disputed) is a --FIELD/--no-FIELD flag of list and export."""
    from aifx.core.fields import FACTORIES, Type

    flags = [name for name, spec in FACTORIES.fields.items() if spec.type is Type.bool]
    assert flags
    for command in ("list", "export"):
        shown = aifx(command, "--help", env={"COLUMNS": "200"}).out
        assert all(f"--{name}" in shown and f"--no-{name}" in shown for name in flags), command


@pytest.mark.parametrize("typed", ["life sciences", "Life_Sciences", "LIFE-SCIENCES", " life  sciences "])
def test_a_sector_is_read_with_spaces_or_underscores_for_hyphens_in_any_case(typed: str) -> None:
    """'life sciences' is the sector life-sciences, as are its other spellings."""
    assert _ids("--sector", typed) == _ids("--sector", "life-sciences") != []


def test_a_misspelt_sector_gets_the_closest_sector() -> None:
    """A sector that is not one is a usage error suggesting the closest."""
    run = aifx("list", "--sector", "life scences")
    assert (run.code, run.out) == (2, "")
    assert "(did you mean life-sciences?)" in run.err

"""What a user sees: data on stdout, messages on stderr, meaningful exit codes, parseable machine formats."""

from __future__ import annotations

import csv
import io
import json

import pytest

from aifx import __version__
from aifx.dataset.catalog import Catalog
from conftest import FIXTURES, aifx

WAVE1 = {"LUMI-AF", "HAMMERHAI", "PHAROS", "IT4LIA", "L-AIF", "BSC-AIF", "MIMER"}


def test_version_prints_the_package_version() -> None:
    """`aifx --version` prints one line and exits 0."""
    run = aifx("--version")
    assert (run.code, run.out) == (0, f"aifx {__version__}\n")


def test_list_wave_1_shows_the_seven_first_wave_factories() -> None:
    """Piped output defaults to plain: a header and one tab-separated line per factory."""
    run = aifx("list", "--wave", "1")
    assert run.code == 0
    lines = run.out.splitlines()
    assert lines[0].split("\t")[:3] == ["id", "name", "kind"]
    assert {line.split("\t")[0] for line in lines[1:]} == WAVE1


def test_list_csv_parses_into_seven_rows() -> None:
    """CSV is RFC 4180 and parses back with Python's csv module."""
    run = aifx("list", "--wave", "1", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out, newline="")))
    assert len(rows) == 7
    assert {r["id"] for r in rows} == WAVE1


def test_list_json_is_complete_with_stable_keys(catalog: Catalog) -> None:
    """JSON carries every field, nested claims included, with the same keys for every record; a factory's selection
    date is its wave's, and the systems serving it are named from either side of the link."""
    records = json.loads(aifx("list", "--wave", "1", "--format", "json").out)
    assert len(records) == 7
    assert len({tuple(r) for r in records}) == 1
    lumi = next(r for r in records if r["id"] == "LUMI-AF")
    euros = [claim.pop("eur") for claim in lumi["budget"]]
    assert lumi.pop("selected") == "2024-12-10" and lumi.pop("systems") == ["LUMI", "LUMI-AI"]
    assert lumi == catalog.factories["LUMI-AF"].model_dump(mode="json", exclude={"selected"})
    assert lumi["budget"][0]["currency"]
    # Each claim also carries its euro value, and how it was converted when stated in another currency.
    for claim, eur in zip(lumi["budget"], euros, strict=True):
        assert eur["converted"] == (claim["currency"] != "EUR")
        assert (eur["rate"] is None) == (claim["currency"] == "EUR")


def test_jsonl_has_one_record_per_line() -> None:
    """jsonl is one JSON object per line, as many as the table has rows."""
    lines = aifx("list", "--wave", "2", "--format", "jsonl").out.splitlines()
    assert [json.loads(line)["wave"] for line in lines] == [2] * 6


@pytest.mark.parametrize("query", ["LUMI-AF", "lumi-af", "LUMI AI Factory", "lumi aif"])
def test_show_accepts_id_alias_and_name_in_any_case(query: str) -> None:
    """`show` finds a record by id, alias or full name, printing it with its numbered sources."""
    run = aifx("show", query)
    assert run.code == 0, run.err
    assert run.out.startswith("LUMI-AF — LUMI AI Factory")
    assert "Sources\n  [1] " in run.out
    assert "https://" in run.out


def test_show_unknown_id_suggests_the_closest_on_stderr() -> None:
    """A typo exits 1 with "did you mean" on stderr and nothing on stdout."""
    run = aifx("show", "LUMI-FA")
    assert run.code == 1
    assert run.out == ""
    assert "did you mean LUMI-AF" in run.err


def test_show_sources_numbers_each_source_with_url_and_date() -> None:
    """`show ID --sources` lists the record's sources, numbered, with URL and dates."""
    rows = list(csv.DictReader(io.StringIO(aifx("show", "PHAROS", "--sources", "-f", "csv").out)))
    assert [int(r["n"]) for r in rows] == list(range(1, len(rows) + 1))
    assert all(r["url"].startswith("http") and r["retrieved"] for r in rows)


def test_show_marks_weak_and_disputed_budgets() -> None:
    """Deprecated claims are labelled and disagreement is announced on the card."""
    out = aifx("show", "LUMI-AF").out
    assert "deprecated" in out
    assert "sources state different amounts" in out


def test_show_tartu_says_unconfirmed() -> None:
    """The blog-only Tartu initiative reads as unconfirmed, with a blog source."""
    out = aifx("show", "tartu-ai").out
    assert "verification: unconfirmed" in out
    assert "(blog, " in out


def test_data_dir_from_environment_and_option() -> None:
    """AIFX_DATA and --data both point aifx at another dataset."""
    valid = str(FIXTURES / "valid")
    assert aifx("list", env={"AIFX_DATA": valid}).out.splitlines()[1].startswith("NORD-AF\t")
    assert aifx("--data", valid, "show", "ntf").out.startswith("NORD-AF")


def test_missing_data_dir_is_a_clean_error(tmp_path: object) -> None:
    """A wrong --data exits 1 with a one-line message, never a traceback."""
    run = aifx("--data", "/no/such/dir", "list")
    assert run.code == 1
    assert run.err.startswith("aifx: /no/such/dir: not a directory")


def test_wrong_option_is_a_usage_error() -> None:
    """Typer's own usage errors exit 2."""
    assert aifx("list", "--wave", "one").code == 2
    assert aifx("list", "--bogus").code == 2


def test_about_counts_records_and_states_licence(catalog: Catalog) -> None:
    """`about` reports dataset version, counts by kind and wave (systems too), and the licence."""
    data = json.loads(aifx("about", "--format", "json").out)
    assert data["counts"]["by_wave"] == {"1": 7, "2": 6, "3": 6}
    assert data["counts"]["antennas"] == 13
    assert data["counts"]["systems"] == len(catalog.systems) > 0
    assert data["dataset"]["licence"]


def test_initiatives_include_tartu() -> None:
    """`aifx initiatives` lists the Tartu initiative."""
    ids = [line.split("\t")[0] for line in aifx("initiatives").out.splitlines()[1:]]
    assert "TARTU-AI" in ids


def test_sources_lists_what_cites_each_source(catalog: Catalog) -> None:
    """Every source appears once, with the records that cite it."""
    rows = json.loads(aifx("sources", "-f", "json").out)
    assert len(rows) == len(catalog.sources)
    assert all(r["cited_by"] for r in rows)


def test_conflicts_show_wave_one_total_with_sources_on_each_side() -> None:
    """The €1.5 billion / €2.1 billion / $2.3 billion disagreement is shown, each with its sources."""
    facts = json.loads(aifx("conflicts", "-f", "json").out)
    wave1 = next(f for f in facts if f["record"] == "wave 1" and f["fact"] == "total")
    amounts = {(c["value"], c["currency"]) for c in wave1["claims"]}
    assert {(1500, "EUR"), (2100, "EUR"), (2300, "USD")} <= amounts
    assert all(c["sources"] for c in wave1["claims"])


def test_export_writes_the_whole_dataset(catalog: Catalog) -> None:
    """`aifx export` is one JSON document with every collection."""
    document = json.loads(aifx("export").out)
    assert len(document["factories"]) == len(catalog.factories)
    assert len(document["sources"]) == len(catalog.sources)


def _csv(*args: str) -> list[dict[str, str]]:
    run = aifx(*args, "--format", "csv")
    assert run.code == 0, run.err
    return list(csv.DictReader(io.StringIO(run.out, newline="")))


def test_initiatives_take_country_where_sort_limit_and_columns() -> None:
    """`initiatives` filters by country (code or name), by --where and sorts by budget's EUR value."""
    assert [r["id"] for r in _csv("initiatives", "--country", "germany", "--columns", "id")] == ["JUPITER"]
    top = _csv("initiatives", "--sort", "budget:desc", "--limit", "2", "--columns", "id,budget_eur_m")
    assert [r["id"] for r in top] == ["INVESTAI", "AIGF-EOI"]
    later = _csv("initiatives", "--where", "announced >= 2025-01-01", "--columns", "id,announced")
    assert later and all(r["announced"] >= "2025-01-01" for r in later)


def test_sources_of_one_record_and_of_one_kind(catalog: Catalog) -> None:
    """`sources MIMER --kind official` lists only official sources that MIMER cites."""
    from aifx.dataset.catalog import cited_by

    rows = _csv("sources", "MIMER", "--kind", "official", "--columns", "id,kind")
    assert rows and {r["kind"] for r in rows} == {"official"}
    assert {r["id"] for r in rows} <= cited_by(catalog.factories["MIMER"])


def test_conflicts_by_country_and_budgets_by_kind_and_wave() -> None:
    """`conflicts --country ES` keeps Spanish records; `budgets --kind factory --wave 3` only wave-3 factories."""
    assert {r["record"] for r in _csv("conflicts", "--country", "ES")} == {"BSC-AIF", "1HEALTHAI"}
    wave3 = {r["factory"] for r in _csv("budgets", "--kind", "factory", "--wave", "3")}
    assert wave3 == {r["id"] for r in _csv("list", "--wave", "3", "--columns", "id")}
    ascending = [float(r["eur_m"]) for r in _csv("budgets", "--sort", "budget") if r["eur_m"]]
    assert ascending == sorted(ascending)


NEWS = "world-today-news-2024-12-ai-revolution"


@pytest.mark.parametrize("command", ["show", "sources"])
def test_a_source_id_opens_its_card_with_every_fact_citing_it(command: str) -> None:
    """`show SOURCE` and `sources SOURCE` give the source's card: what it is, its dates, and each claim citing it."""
    run = aifx(command, NEWS)
    assert run.code == 0, run.err
    assert run.out.startswith(f"{NEWS} — World Today News\n")
    assert "  kind: blog (not official)\n  url: https://world-today-news.com/" in run.out
    assert "  published: undated\n  retrieved: 2026-11-23\n" in run.out
    assert '  factory: LUMI-AF, budget claim 3: ≥ €556 million (stated: "At least 556") — deprecated' in run.out
    assert "  wave: wave-1, total claim 6: ≈ €2.06 billion" in run.out


def test_a_source_card_in_json_names_each_citing_part_and_its_fact() -> None:
    """JSON carries the source's fields and one entry per citing claim, with the claim itself."""
    card = json.loads(aifx("show", NEWS, "-f", "json").out)
    assert (card["id"], card["kind"], card["official"]) == (NEWS, "blog", False)
    lumi = next(c for c in card["citations"] if c["id"] == "LUMI-AF")
    assert (lumi["kind"], lumi["part"], lumi["fact"]["value"]) == ("factory", "budget claim 3", 556)
    assert "wave 1" in card["cited_by"]


def test_a_source_card_takes_no_listing_options() -> None:
    """Options that choose among sources make no sense for one source: a usage error naming them."""
    run = aifx("sources", NEWS, "--kind", "blog")
    assert (run.code, run.out) == (2, "")
    assert "--kind" in run.err


@pytest.mark.parametrize("typed", ["wave 1", "wave-1", "Wave1"])
def test_a_wave_opens_with_its_dates_call_totals_in_euros_and_factories(typed: str) -> None:
    """`show 'wave 1'`: announced and cut-off dates, the call, each stated total in euros, the seven factories."""
    run = aifx("show", typed)
    assert run.code == 0, run.err
    assert run.out.startswith("wave-1 — Wave 1 of the AI Factories\n")
    assert "  cutoff: 2024-11-04\n  call: EUROHPC-2024-CEI-AI-01" in run.out
    assert "  headline: €1.5 billion (the preferred total claim)" in run.out
    assert "≈ €1.43 billion ($1.6 billion at the ECB rate" in run.out
    card = json.loads(aifx("show", typed, "-f", "json").out)
    assert set(card["factories"]) == WAVE1


def test_an_event_opens_with_its_date_kind_records_and_sources() -> None:
    """`show EVENT`: date as precisely as known, kind, title, records with names, countries, verification, sources."""
    run = aifx("show", "isambard-ai-funding-announced")
    assert run.code == 0, run.err
    for line in ("  date: 2023-11-01", "  precision: day", "  kind: funding", "  records: ISAMBARD-AI (Isambard-AI)",
                 "  countries: United Kingdom (GB)", "  verification: reported"):  # fmt: skip
        assert line in run.out
    assert "Sources\n  [1] " in run.out
    card = json.loads(aifx("show", "isambard-ai-funding-announced", "-f", "json").out)
    assert (card["kind"], card["records"], card["derived_from"]) == ("funding", ["ISAMBARD-AI"], None)


def test_a_chip_opens_with_its_rates_and_the_systems_using_it() -> None:
    """`show H100-SXM`: dense rates, memory, TDP, the datasheets by publisher, the systems with H100s."""
    run = aifx("show", "H100-SXM")
    assert run.code == 0, run.err
    for line in ("  BF16: 989.4 TFLOPS", "  FP8: 1,978.9 TFLOPS", "  memory: 80 GB", "  TDP: 700 W",
                 "  MARENOSTRUM-5: MareNostrum 5: 4,480 × NVIDIA H100"):  # fmt: skip
        assert line in run.out
    assert json.loads(aifx("show", "H100-SXM", "-f", "json").out)["systems"] == ["MARENOSTRUM-5", "GEFION"]


def test_show_misses_are_answered_across_every_kind() -> None:
    """A mistyped event id gets the event back; exit 1, nothing on stdout."""
    run = aifx("show", "isambard-ai-funding-anounced")
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        "aifx: no id or name 'isambard-ai-funding-anounced' (did you mean isambard-ai-funding-announced?)\n"
    )


def test_sources_official_is_a_flag(catalog: Catalog) -> None:
    """--official keeps the official sources, --no-official the others; together they are every source."""
    official = [r["id"] for r in json.loads(aifx("sources", "--official", "-f", "json").out)]
    others = [r["id"] for r in json.loads(aifx("sources", "--no-official", "-f", "json").out)]
    assert {catalog.sources[i].kind.value for i in official} == {"official"}
    assert "official" not in {catalog.sources[i].kind.value for i in others}
    assert sorted(official + others) == sorted(catalog.sources)


def test_a_listing_of_antennas_shows_what_they_link_to(catalog: Catalog) -> None:
    """Antennas alone list their selection date and linked factories (not a factory's wave and system), in every
    format; a listing with factories keeps the factory columns, and --columns still chooses."""
    rows = list(csv.DictReader(io.StringIO(aifx("list", "--kind", "antenna", "--format", "csv").out)))
    assert list(rows[0]) == [
        "id", "name", "selected", "country", "city", "host_short", "linked_factories", "budget", "verification",
    ]  # fmt: skip
    links = {r["id"]: r["linked_factories"] for r in rows}
    assert links == {
        f.id: "; ".join(f.linked_factories) for f in catalog.factories.values() if f.kind.value == "antenna"
    }
    assert "linked_factories" not in aifx("list", "--country", "DE", "--format", "csv").out.splitlines()[0]
    assert aifx("list", "--kind", "antenna", "--columns", "id,wave", "-f", "csv").out.splitlines()[0] == "id,wave"

"""Search: finds what the data holds (names, places, prose, sources), ranks short fields first, and only that."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aifx.core.search import search, suggest
from aifx.dataset.catalog import Catalog
from conftest import aifx

# The fixed query set: what users type, and the hit they expect first. The closing note reports its hit rate.
QUERIES = [
    ("hamer", "HAMMERHAI"),
    ("hamer hai", "HAMMERHAI"),
    ("julich", "JAIF"),
    ("JÜLICH", "JAIF"),
    ("barcelon", "BSC-AIF"),
    ("tartu", "TARTU-AI"),
    ("stuttgart", "HAMMERHAI"),
    ("kajaani", "LUMI-AF"),
    ("linkoping", "MIMER"),
    ("mimmer", "MIMER"),
    ("cineca", "IT4LIA"),
    ("poznan", "PIAST-AI"),
    ("iceland", "IS-AIFA"),
    ("alice recoque", "ALICE-RECOQUE"),
    ("isambard", "ISAMBARD-AI"),
    ("marenostrum", "BSC-AIF"),
    ("daedalus", "DAEDALUS"),
    ("karolaina", "KAROLAINA"),
    ("novo nordisk", "GEFION"),
    ("$2.3 billion", "world-today-news-2024-12-ai-revolution"),
    ("world today news", "world-today-news-2024-12-ai-revolution"),
    ("ai factory austria", "AI-AT"),
    ("hlrs", "HAMMERHAI"),
    ("brain++", "BRAIN++"),
    ("lumi", "LUMI"),
]


@pytest.mark.parametrize(("query", "first"), QUERIES)
def test_the_query_set_ranks_the_intended_hit_first(catalog: Catalog, query: str, first: str) -> None:
    """Each query of the fixed set finds the hit users mean, first."""
    assert search(catalog, query)[0].id == first


def test_a_piece_inside_a_longer_word_is_not_a_match(catalog: Catalog) -> None:
    """'tartu' inside 'Stuttgart' does not bring up HammerHAI, and 'Tampere' (not in the data) finds nothing."""
    assert "HAMMERHAI" not in [h.id for h in search(catalog, "tartu")]
    assert search(catalog, "Tampere") == []


def test_a_short_field_outranks_prose(catalog: Catalog) -> None:
    """Stuttgart as HammerHAI's city ranks above Stuttgart inside another record's notes."""
    hits = search(catalog, "stuttgart")
    assert (hits[0].id, hits[0].field) == ("HAMMERHAI", "city")
    prose = [h for h in hits if h.field in ("notes", "summary", "system notes")]
    assert prose and all(h.score < hits[0].score for h in prose)


def test_search_reaches_prose_hardware_and_sources(catalog: Catalog) -> None:
    """Words found only in hardware text, notes or a source's title are found, with their field and an excerpt."""
    alps = next(h for h in search(catalog, "CSCS Lugano") if h.id == "ALPS" and h.kind == "initiative")
    assert alps.field == "hardware" and "CSCS" in alps.excerpt
    assert any(h.field == "title" for h in search(catalog, "nvidia", kinds=("source",)))


def test_search_cli_prints_scores_field_and_excerpt_and_filters_by_kind() -> None:
    """`aifx search` shows a score, the field matched and an excerpt; --kind keeps only that kind."""
    run = aifx("search", "tartu", "--kind", "initiative")
    header, first, *_ = run.out.splitlines()
    assert header.split("\t") == ["score", "id", "kind", "verification", "field", "excerpt"]
    assert first.split("\t")[1:3] == ["TARTU-AI", "initiative"]
    assert int(first.split("\t")[0]) >= 80
    assert {json.loads(aifx("search", "mimer", "-k", "source", "-f", "json").out)[0]["kind"]} == {"source"}


def test_search_with_no_hit_says_so_on_stderr_and_draws_no_table() -> None:
    """No match is not an error: nothing on stdout, a hint on stderr, exit 0."""
    run = aifx("search", "zzzzqqqq", "--format", "table")
    assert (run.code, run.out) == (0, "")
    assert "nothing matches 'zzzzqqqq'" in run.err


def test_country_codes_only_match_exactly(catalog: Catalog) -> None:
    """A short code like 'lu' does not make 'lumi' match Luxembourg."""
    hits = search(catalog, "lumi")
    assert [h.id for h in hits[:2]] == ["LUMI", "LUMI-AF"]  # the LUMI supercomputer by its name, then the factory
    assert all(h.field != "country" for h in hits)


def test_suggest_offers_the_closest_id(catalog: Catalog) -> None:
    """A transposed id is suggested back."""
    assert suggest(catalog, "LUMI-FA")[0] == "LUMI-AF"


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_an_exact_name_always_ranks_first(catalog: Catalog, data: st.DataObject) -> None:
    """Property: searching a record's exact name or id ranks that record first."""
    records = list(catalog.records())
    record = records[data.draw(st.integers(0, len(records) - 1))]
    text = data.draw(st.sampled_from([record.id, record.name]))
    top = search(catalog, text)[0]
    assert (top.id, top.score) == (record.id, 101.0)


NEWS = "world-today-news-2024-12-ai-revolution"  # its title: "A $2.3 Billion Investment in Seven High-Tech Hubs"


@pytest.mark.parametrize("query", ["2.3 billion", "2,3 mld", "€2.3bn", "2300 million", "$2.3 billion", "2,3 Mrd."])
def test_a_number_is_found_whatever_its_currency_separators_or_scale_word(catalog: Catalog, query: str) -> None:
    """The number is what users remember: every spelling of 2.3 billion finds the source that says $2.3 billion,
    and wave 1, whose deprecated total states it."""
    found = {h.id: h for h in search(catalog, query)}
    assert NEWS in found and "2.3 Billion" in found[NEWS].excerpt
    assert found["wave-1"].field == "total stated"


def test_a_number_matches_its_value_exactly(catalog: Catalog) -> None:
    """2.3 million is not 2.3 billion, and a year is not its neighbour: numbers take no typos."""
    assert NEWS not in [h.id for h in search(catalog, "2.3 million", limit=100)]
    assert all("2025" not in h.excerpt or "2024" in h.excerpt for h in search(catalog, "2024", limit=100))


def test_a_claim_is_found_by_its_amount_whatever_its_wording(catalog: Catalog) -> None:
    """LUMI-AF's claim stated 'At least 556' is €556 million: '556 million' finds it."""
    hit = next(h for h in search(catalog, "556 million") if h.id == "LUMI-AF")
    assert (hit.field, hit.excerpt) == ("budget", "≥ €556 million")


def test_words_around_a_number_still_narrow_the_hits(catalog: Catalog) -> None:
    """'2.3 billion investment' keeps the source whose title has both; a misspelt word is still forgiven."""
    assert search(catalog, "2.3 billion investmnt")[0].id == NEWS


def test_waves_and_chips_are_hits_too(catalog: Catalog) -> None:
    """A wave by its name and a chip by its model are results, with ids that aifx show opens."""
    assert (search(catalog, "wave 2")[0].id, search(catalog, "wave 2")[0].kind) == ("wave-2", "wave")
    assert search(catalog, "H100 SXM", kinds=("chip",))[0].id == "H100-SXM"

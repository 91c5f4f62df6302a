"""Fuzzy search and "did you mean": typos, case and accents forgiven, best match first."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aifx.catalog import Catalog
from aifx.search import search, suggest
from conftest import aifx


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("hamer", "HAMMERHAI"),
        ("hamer hai", "HAMMERHAI"),
        ("julich", "JAIF"),
        ("JÜLICH", "JAIF"),
        ("barcelon", "BSC-AIF"),
        ("tartu", "TARTU-AI"),
    ],
)
def test_typical_queries_rank_the_intended_record_first(catalog: Catalog, query: str, first: str) -> None:
    """The queries users type find what they mean, first."""
    assert search(catalog, query)[0].record.id == first


def test_search_cli_prints_scores_and_filters_by_kind() -> None:
    """`aifx search` shows a score per hit; --kind keeps only that kind."""
    run = aifx("search", "tartu", "--kind", "initiative")
    header, first, *_ = run.out.splitlines()
    assert header.split("\t")[:2] == ["score", "id"]
    assert first.split("\t")[1] == "TARTU-AI"
    assert int(first.split("\t")[0]) >= 80


def test_search_with_no_hit_says_so_on_stderr() -> None:
    """No match is not an error: a header on stdout, a hint on stderr, exit 0."""
    run = aifx("search", "zzzzqqqq")
    assert run.code == 0
    assert "nothing matches" in run.err


def test_country_codes_only_match_exactly(catalog: Catalog) -> None:
    """A short code like 'lu' does not make 'lumi' match Luxembourg."""
    hits = search(catalog, "lumi")
    assert hits[0].record.id == "LUMI-AF"
    assert all(h.field != "country" for h in hits)


def test_suggest_offers_the_closest_id(catalog: Catalog) -> None:
    """A transposed id is suggested back."""
    assert suggest(catalog, "LUMI-FA")[0] == "LUMI-AF"


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_an_exact_name_always_ranks_first(catalog: Catalog, data: st.DataObject) -> None:
    """Property: searching a record's exact name or id ranks that record first."""
    record = data.draw(st.sampled_from(list(catalog.records())))
    text = data.draw(st.sampled_from([record.id, record.name]))
    top = search(catalog, text)[0]
    assert (top.record.id, top.score) == (record.id, 101.0)

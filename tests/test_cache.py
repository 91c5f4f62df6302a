"""The cache: parse YAML once per content change, never serve stale or foreign data, never fail a run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aifx import cache
from aifx.load import load
from conftest import FIXTURES, aifx

PROBE = (
    "import sys\n"
    "from aifx.__main__ import main\n"
    "sys.argv = ['aifx', *sys.argv[1:]]\n"
    "try:\n    main()\nexcept SystemExit:\n    pass\n"
    "sys.stderr.write('MODULES ' + ' '.join(sorted(m for m in sys.modules if m.split('.')[0] in ('ruamel', 'rapidfuzz'))))\n"
)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / "valid", tmp_path / "data"))


def _run(*args: str, cache_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, check=True)


def test_warm_json_listing_imports_neither_ruamel_nor_rapidfuzz(tmp_path: Path) -> None:
    """After the first run, listing as JSON loads the cache: no YAML parser, no fuzzy matcher imported."""
    first = _run("list", "--format", "json", cache_home=tmp_path)
    assert "ruamel" in first.stderr  # the cold run parsed YAML
    warm = _run("list", "--format", "json", cache_home=tmp_path)
    assert warm.stderr.strip() == "MODULES"
    assert len(json.loads(warm.stdout)) == 32


def test_edited_file_is_seen_on_the_next_run(data: Path) -> None:
    """The cache is keyed by content: an edit shows at once."""
    assert load(data).factories["NORD-AF"].city == "Oslo"
    path = data / "factories.yaml"
    path.write_text(path.read_text().replace("city: Oslo", "city: Bergen"))
    assert load(data).factories["NORD-AF"].city == "Bergen"


def test_corrupt_or_foreign_cache_is_ignored_and_rebuilt(data: Path) -> None:
    """Garbage in the cache file is never trusted; the next load rebuilds it."""
    load(data)
    [path] = list(cache.directory().glob("catalog-*.pickle"))
    for garbage in (b"", b"aifx-cache-1\n" + b"\0" * 40, b"not a cache at all", path.read_bytes()[:-10]):
        path.write_bytes(garbage)
        assert load(data).factories["NORD-AF"].country == "NO"
    assert path.read_bytes().startswith(b"aifx-cache-1\n")


def test_group_writable_cache_is_not_trusted(data: Path) -> None:
    """A cache file others could have written is ignored (it is a pickle)."""
    load(data)
    [path] = list(cache.directory().glob("catalog-*.pickle"))
    path.chmod(0o666)
    assert cache.read(data, b"x" * 32) is None
    key = path.read_bytes()[len(b"aifx-cache-1\n") : len(b"aifx-cache-1\n") + 32]
    assert cache.read(data, key) is None
    path.chmod(0o600)
    assert cache.read(data, key) is not None


def test_unwritable_cache_directory_only_costs_speed(
    data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """If the cache cannot be written, aifx still answers."""
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert load(data).factories["NORD-AF"].country == "NO"
    assert aifx("--data", str(data), "list").code == 0


def test_no_cache_option_parses_every_time(data: Path) -> None:
    """--no-cache neither reads nor writes the cache."""
    assert aifx("--no-cache", "--data", str(data), "list").code == 0
    assert list(cache.directory().glob("catalog-*.pickle")) == []


def test_completion_offers_ids_countries_sectors_and_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shell completion knows ids, country codes, sectors and field names (of the shipped data)."""
    from aifx.commands import common

    monkeypatch.setattr(common, "STATE", common.State())

    assert "LUMI-AF" in common.complete_ids("lu")
    assert "EE" in common.complete_countries("e")
    assert common.complete_sectors("heal") == ["health"]
    assert "budget_eur_m" in common.complete_fields("bud")

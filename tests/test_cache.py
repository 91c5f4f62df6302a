"""The cache: parse YAML once per content change, never serve stale or foreign data, never fail a run."""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from aifx.dataset import cache
from aifx.dataset.catalog import Catalog
from aifx.dataset.loader import data_files, load
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


def _key(data: Path) -> bytes:
    """The cache key aifx computes for these files."""
    return cache.key([(path.name, path.read_bytes()) for path in data_files(data)])


def _cache_file(data: Path) -> Path:
    """The one cache file a load of ``data`` wrote."""
    load(data)
    directory = cache.directory()
    assert directory is not None
    [path] = [p for p in directory.iterdir() if p.name.startswith("catalog-")]
    return path


def _header(path: Path, key: bytes) -> bytes:
    """A cache file's bytes up to and including its key: what a forger would copy."""
    content = path.read_bytes()
    return content[: content.index(key) + len(key)]


def _forge(data: Path) -> None:
    """Store, under the files' correct key, a catalog holding one record more than the files."""
    real = load(data, cache=False)
    extra = real.factories["NORD-AF"].model_copy(update={"id": "FORGED-AF", "name": "Forged Factory"})
    forged = Catalog(
        dataset=real.dataset,
        sources=real.sources,
        waves=real.waves,
        factories={**real.factories, "FORGED-AF": extra},
        initiatives=real.initiatives,
    )
    cache.write(data, _key(data), forged)
    assert "FORGED-AF" in load(data).factories  # the forgery is what a cached read now sees


class _Payload:
    """Unpickling this creates a marker file: proof that reading the cache ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


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
    path = _cache_file(data)
    good = path.read_bytes()
    for garbage in (b"", good[:13] + b"\0" * 40, b"not a cache at all", good[:-10]):
        path.write_bytes(garbage)
        assert load(data).factories["NORD-AF"].country == "NO"
    assert path.read_bytes() == good


def test_group_writable_cache_is_not_trusted(data: Path) -> None:
    """A cache file others could have written is ignored: they could make it show wrong data."""
    path = _cache_file(data)
    path.chmod(0o666)
    assert cache.read(data, b"x" * 32) is None
    key = _key(data)
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
    directory = cache.directory()
    assert directory is not None
    assert not directory.exists() or list(directory.iterdir()) == []


def test_forged_pickle_cache_never_runs_code(data: Path, tmp_path: Path) -> None:
    """A cache file with the right key but a pickle payload is ignored; its code never runs."""
    path = _cache_file(data)
    marker = tmp_path / "marker"
    path.write_bytes(_header(path, _key(data)) + pickle.dumps(_Payload(marker)))
    assert load(data).factories["NORD-AF"].city == "Oslo"
    assert aifx("--data", str(data), "list").code == 0
    assert not marker.exists()


WRONG_SHAPES = [
    b"[]",
    b"null",
    b'{"factories": "NORD-AF"}',
    b'{"factories": [{"id": "NORD-AF"}]}',
    b'{"sources": [], "waves": [], "factories": [], "initiatives": [], "extra": 1}',
    b'{"dataset": {"version": 1, "as_of": "yesterday", "licence": "x", "attribution": "y"}}',
]


@pytest.mark.parametrize("payload", WRONG_SHAPES)
def test_cache_of_wrong_shape_is_ignored(data: Path, payload: bytes) -> None:
    """JSON under the right key but not shaped like a catalog is never used: the files are read instead."""
    path = _cache_file(data)
    path.write_bytes(_header(path, _key(data)) + payload)
    assert load(data).factories["NORD-AF"].city == "Oslo"


@pytest.mark.parametrize(
    ("old", "new"),
    [('"city":"Oslo"', '"city":42'), ('"kind":"factory"', '"kind":"spaceship"'), ('"wave":1', '"wave":"one"')],
)
def test_cache_with_a_field_of_wrong_type_is_ignored(data: Path, old: str, new: str) -> None:
    """One field of the wrong type or outside its enum spoils the whole cached catalog."""
    path = _cache_file(data)
    content = path.read_bytes()
    assert old.encode() in content
    path.write_bytes(content.replace(old.encode(), new.encode(), 1))
    found = load(data).factories["NORD-AF"]
    assert (found.city, found.kind.value, found.wave) == ("Oslo", "factory", 1)


def test_a_warm_run_rebuilds_records_without_running_their_validators(tmp_path: Path) -> None:
    """A fresh process builds cached records from their types alone: values of the right type are shown as stored."""
    data = Path(shutil.copytree(FIXTURES / "valid", tmp_path / "data"))
    _run("--data", str(data), "list", "--format", "json", cache_home=tmp_path)
    [path] = (tmp_path / "aifx").iterdir()
    content = path.read_bytes()
    path.write_bytes(content.replace(b'"country":"NO"', b'"country":"ZZ"', 1))  # no such country: validation refuses it
    warm = _run("--data", str(data), "list", "--format", "json", cache_home=tmp_path)
    assert warm.stderr.strip() == "MODULES"
    assert {r["id"]: r["country"] for r in json.loads(warm.stdout)}["NORD-AF"] == "ZZ"


def test_cached_catalog_equals_the_parsed_one(data: Path) -> None:
    """A warm read rebuilds exactly the models parsing built, which fields were given included."""
    parsed = load(data)
    warm = load(data)
    assert warm == parsed
    for before, after in zip(parsed.records(), warm.records(), strict=True):
        assert after.model_fields_set == before.model_fields_set
        assert type(after) is type(before)


def test_validate_reads_the_files_not_the_cache(data: Path) -> None:
    """`aifx data validate` checks the files themselves, whatever a (forged) cache says."""
    _forge(data)
    run = aifx("--data", str(data), "data", "validate")
    assert run.code == 0
    assert f"ok — {len(load(data, cache=False).factories)} factories" in run.err


def test_edits_read_the_files_not_the_cache(data: Path) -> None:
    """Edit commands find records in the files: a record only a (forged) cache holds is unknown to them."""
    _forge(data)
    run = aifx("--data", str(data), "data", "set", "FORGED-AF", "city", "Bergen", "--source", "official-one")
    assert run.code == 1
    assert "FORGED-AF" in run.err
    assert "FORGED-AF" not in (data / "factories.yaml").read_text()


def test_cache_keeps_only_the_newest_catalogs(data: Path, tmp_path: Path) -> None:
    """Each dataset directory adds a catalog; only the newest few stay, and nothing else is deleted."""
    directory = cache.directory()
    assert directory is not None
    directory.mkdir(parents=True)
    foreign = [directory / "notes.txt", directory / "catalog-0123456789abcdef.json"]
    for path in foreign:
        path.write_text("not aifx's")
    copies = [Path(shutil.copytree(data, tmp_path / f"copy-{i}")) for i in range(cache.KEEP + 3)]
    for copy in copies:
        load(copy)
    catalogs = [p for p in directory.iterdir() if p not in foreign]
    assert len(catalogs) == cache.KEEP
    assert all(path.read_text() == "not aifx's" for path in foreign)
    assert cache.read(copies[-1], _key(copies[-1])) is not None


@pytest.mark.parametrize("home", ["missing", ""])
def test_a_missing_home_is_never_created(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str
) -> None:
    """Without XDG_CACHE_HOME and a usable home, aifx runs uncached and creates no directory."""
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / home) if home else "")
    monkeypatch.chdir(data)
    assert cache.directory() is None  # checked first: an empty HOME reads as "/", which must stay untouched
    before = sorted(tmp_path.rglob("*"))
    assert aifx("--data", str(data), "list").code == 0
    assert load(data).factories["NORD-AF"].city == "Oslo"
    assert sorted(tmp_path.rglob("*")) == before


def test_deleted_working_directory_does_not_break_an_absolute_data_path(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`aifx --data /abs/path list` works even when the working directory has been removed."""
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    run = aifx("--data", str(data.resolve()), "list")
    assert (run.code, run.err) == (0, "")
    assert "NORD-AF" in run.out
    assert aifx("--data", str(data.resolve()), "data", "validate").code == 0


def test_completion_offers_ids_countries_sectors_and_fields(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shell completion knows ids, country codes, sectors and field names (of the shipped data)."""
    from aifx.cli import common

    monkeypatch.setattr(common, "STATE", common.State())

    assert "LUMI-AF" in common.complete_ids("lu")
    assert "EE" in common.complete_countries("e")
    assert common.complete_sectors("heal") == ["health"]
    assert "budget_eur_m" in common.complete_fields("bud")


def test_a_relative_xdg_cache_home_is_ignored(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """XDG_CACHE_HOME=relative is ignored (the XDG spec): the cache goes to ~/.cache, never the working directory."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", "relative-cache")
    monkeypatch.chdir(work)
    assert cache.directory() == home / ".cache" / "aifx"
    assert aifx("--data", str(data), "list").code == 0
    assert list(work.iterdir()) == []
    assert [p.name.startswith("catalog-") for p in (home / ".cache" / "aifx").iterdir()] == [True]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_where_the_cache_goes_never_blocks(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A FIFO in the cache file's place is not read (that would wait for a writer forever); the run rebuilds."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = cache._path(data)
    assert path is not None
    path.parent.mkdir(parents=True)
    os.mkfifo(path)
    for _ in range(2):  # the first run replaces the FIFO with a catalog; the second reads that
        run = subprocess.run(
            [sys.executable, "-m", "aifx", "--data", str(data), "list", "--format", "csv"],
            env={**os.environ, "NO_COLOR": "1"},
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert (run.returncode, run.stderr) == (0, "")
        assert "NORD-AF" in run.stdout
    assert path.is_file()

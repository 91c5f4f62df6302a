"""Exports, each checked by the tool that consumes it: Datasette over HTTP, frictionless, a GeoJSON model, openpyxl."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from aifx.dataset.catalog import Catalog
from aifx.exports import FORMATS
from conftest import DATA, ROOT, aifx, stoppable

BIN = Path(sys.executable).parent
HOSTILE = '=HYPERLINK("http://example.com/x","click me")'


def _export(tmp_path: Path, fmt: str, name: str, *more: str) -> Path:
    target = tmp_path / name
    run = aifx("export", "--format", fmt, "--output", str(target), *more)
    assert run.code == 0, run.err
    return target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, *, until: float) -> Any:
    """JSON from ``url``, retrying while the server starts, up to the monotonic deadline ``until``."""
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return json.load(answer)
        except OSError:
            if time.monotonic() > until:
                raise
            time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> int:
    """Stop a server by its pid, bounded in time; its exit code."""
    os.kill(process.pid, sig)
    try:
        return process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
        raise


def test_sqlite_has_tables_keys_foreign_keys_and_full_text_search(tmp_path: Path, catalog: Catalog) -> None:
    """One table per collection with primary keys; claims and citations hold; FKs check out; FTS finds names."""
    db = sqlite3.connect(_export(tmp_path, "sqlite", "aifx.db"))
    names = {r[0] for r in db.execute("select name from sqlite_master where type = 'table'")}
    assert {"factories", "initiatives", "waves", "sources", "systems", "events", "claims", "citations"} <= names
    assert db.execute("select count(*) from factories").fetchone()[0] == len(catalog.factories)
    assert db.execute("pragma foreign_key_check").fetchall() == []
    fks = {(r[2], r[3]) for r in db.execute("pragma foreign_key_list(citations)")}
    assert ("sources", "source") in fks
    assert [r[0] for r in db.execute("select name from pragma_table_info('factories') where pk = 1")] == ["id"]
    lumi = db.execute("select lat, lon, sectors, wave from factories where id = 'LUMI-AF'").fetchone()
    assert lumi[1] == pytest.approx(27.7, abs=0.1) and isinstance(json.loads(lumi[2]), list) and lumi[3] == 1
    claims = db.execute("select count(*) from claims where factory = 'LUMI-AF'").fetchone()[0]
    assert claims == len(catalog.factories["LUMI-AF"].budget)
    hits = db.execute("select rowid from factories_fts where factories_fts match 'hammerhai'").fetchall()
    assert hits and db.execute("select id from factories where rowid = ?", hits[0]).fetchone()[0] == "HAMMERHAI"


def test_datasette_metadata_describes_every_column_from_the_models(tmp_path: Path) -> None:
    """metadata.json beside the database: licence with URL, attribution, a description for every column."""
    _export(tmp_path, "sqlite", "aifx.db")
    meta = json.loads((tmp_path / "aifx.metadata.json").read_text(encoding="utf-8"))
    assert (meta["license"], meta["license_url"]) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
    assert "aifx dataset" in meta["about"]
    tables = meta["databases"]["aifx"]["tables"]
    assert tables["factories"]["columns"]["host_short"].startswith("The host's short name")  # the model's words
    assert tables["factories"]["label_column"] == "name"
    assert tables["waves"]["label_column"] == "name"  # a factory's wave reads "wave 1", not a date
    assert {"array": "sectors"} in tables["factories"]["facets"]
    db = sqlite3.connect(tmp_path / "aifx.db")
    for table, described in tables.items():
        columns = [r[1] for r in db.execute(f"pragma table_info({table})")]
        assert sorted(described["columns"]) == sorted(columns), table


def test_datasette_serves_the_export_with_facets_and_licence(tmp_path: Path) -> None:
    """Datasette on 127.0.0.1 with the file and its metadata: wave 1 has 7 factories, a sectors facet, the licence."""
    db = _export(tmp_path, "sqlite", "aifx.db")
    port = _free_port()
    command = [str(BIN / "datasette"), "serve", str(db), "-m", str(tmp_path / "aifx.metadata.json")]
    server = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        rows = _get(f"{base}/aifx/factories.json?wave=1&_shape=array", until=time.monotonic() + 60)
        assert sorted(r["id"] for r in rows) == [
            "BSC-AIF",
            "HAMMERHAI",
            "IT4LIA",
            "L-AIF",
            "LUMI-AF",
            "MIMER",
            "PHAROS",
        ]
        page = _get(f"{base}/aifx/factories.json?wave=1", until=time.monotonic() + 10)
        sectors = {r["value"]: r["count"] for r in page["facet_results"]["sectors"]["results"]}
        assert sectors["health"] >= 1
        assert _get(f"{base}/-/metadata.json", until=time.monotonic() + 10)["license"] == "CC BY 4.0"
        found = _get(f"{base}/aifx/factories.json?_search=hammerhai&_shape=array", until=time.monotonic() + 10)
        assert "HAMMERHAI" in [r["id"] for r in found]
        labelled = _get(f"{base}/aifx/factories.json?wave=1&_shape=array&_labels=on", until=time.monotonic() + 10)
        assert {json.dumps(r["wave"], sort_keys=True) for r in labelled} == {'{"label": "wave 1", "value": 1}'}
    finally:
        _stop(server)


def test_aifx_serve_builds_in_the_cache_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    """`aifx serve --port N` serves on 127.0.0.1 from the cache directory; SIGINT stops it, no traceback."""
    port = _free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "aifx", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=stoppable,
    )
    try:
        rows = _get(f"http://127.0.0.1:{port}/aifx/waves.json?_shape=array", until=time.monotonic() + 60)
        assert [r["number"] for r in rows] == [1, 2, 3]
        assert (tmp_path / "cache" / "aifx" / "serve" / "aifx.db").is_file()
    finally:
        code = _stop(server, signal.SIGINT)
    assert server.stderr is not None
    with server.stderr:
        err = server.stderr.read().decode()
    assert code in (0, 130), err
    assert "Traceback" not in err


def _children(pid: int) -> list[int]:
    """The pids whose parent is ``pid``, read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="reads child processes from /proc")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
def test_serve_stopped_by_sigterm_or_sighup_stops_datasette_and_frees_the_port(
    sig: int, code: int, tmp_path: Path
) -> None:
    """SIGTERM or SIGHUP to `aifx serve` alone: Datasette is stopped too, the port is free, exit 128 + n."""
    port = _free_port()
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(ROOT / "src")}
    server = subprocess.Popen(
        [sys.executable, "-m", "aifx", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=stoppable,
    )
    children: list[int] = []
    try:
        _get(f"http://127.0.0.1:{port}/aifx/waves.json?_shape=array", until=time.monotonic() + 60)
        children = _children(server.pid)
        assert children, "Datasette runs as a child of aifx"
        assert _stop(server, sig) == code
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(timeout=10)
        for pid in children:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert server.stderr is not None
    with server.stderr:
        err = server.stderr.read().decode()
    assert err.endswith("aifx: terminated\n") and "Traceback" not in err, err
    assert not any(_alive(pid) for pid in children)  # reaped by aifx, so gone even as a zombie
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))


def test_serve_builds_in_a_private_directory_never_a_shared_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a cache directory serve builds in a fresh 0700 directory, removed afterwards; a cache directory
    others can write is not used either."""
    from aifx.cli.exports import workplace

    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", "")  # no home: no cache directory
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # $TMPDIR, which tempfile reads once
    shared = tmp_path / "serve"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    with workplace() as place:
        assert place.parent == tmp_path and place != shared
        info = place.stat()
        assert (info.st_mode & 0o777, info.st_uid) == (0o700, os.getuid())
    assert not place.exists()
    open_cache = tmp_path / "open"
    (open_cache / "aifx").mkdir(parents=True)
    (open_cache / "aifx").chmod(0o777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(open_cache))
    with workplace() as place:
        assert place.parent == tmp_path and place.stat().st_mode & 0o777 == 0o700
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "mine"))
    with workplace() as place:
        assert place == tmp_path / "mine" / "aifx" / "serve" and place.stat().st_mode & 0o777 == 0o700
    assert place.is_dir()  # the user's own cache keeps it, as before


def test_serve_without_datasette_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """No Datasette: one line naming the extra to install from the clone or by aifx's own name, exit 1."""
    monkeypatch.setitem(sys.modules, "datasette", None)
    run = aifx("serve")
    assert (run.code, run.out) == (1, "")
    assert run.err == (
        "aifx: serve needs Datasette, aifx's serve extra: python3 -m pip install '.[serve]' in aifx's clone, "
        "or pip install 'aifx-eu[serve]' by name\n"
    )


def test_data_package_passes_frictionless_validate(tmp_path: Path) -> None:
    """`frictionless validate` finds the package valid: types, primary keys and foreign keys."""
    package = _export(tmp_path, "datapackage", "aifx-data")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["version"] and descriptor["contributors"]
    assert {r["name"] for r in descriptor["resources"]} >= {"factories", "claims", "citations", "sources"}
    check = [str(BIN / "frictionless"), "validate", "--json", str(package / "datapackage.json")]
    report = json.loads(subprocess.run(check, capture_output=True, timeout=300, check=False).stdout)
    assert report["valid"], [e["message"] for t in report["tasks"] for e in t["errors"]][:5]


@pytest.mark.parametrize(
    ("table", "row"),
    [
        ("citations", "factories,LUMI-AF,sources,no-such-source,LUMI-AF,,,,"),
        ("system_factories", "JUPITER,NO-SUCH-FACTORY"),
        ("antenna_factories", "NO-SUCH-ANTENNA,JAIF"),
        ("aliases", "systems,NO-SUCH-SYSTEM,Nessie,,,NO-SUCH-SYSTEM"),
    ],
)
def test_frictionless_sees_a_broken_foreign_key(tmp_path: Path, table: str, row: str) -> None:
    """The package's foreign keys are declared, the junction tables' too: a row naming an unknown record is invalid."""
    package = _export(tmp_path, "datapackage", "aifx-data")
    with (package / f"{table}.csv").open("a", encoding="utf-8") as out:
        out.write(row + "\r\n")
    check = [str(BIN / "frictionless"), "validate", "--json", str(package / "datapackage.json")]
    report = json.loads(subprocess.run(check, capture_output=True, timeout=300, check=False).stdout)
    assert not report["valid"]
    assert "foreign-key" in {e["type"] for t in report["tasks"] for e in t["errors"]}


def test_geojson_is_a_valid_feature_collection_in_lon_lat_order(catalog: Catalog) -> None:
    """The GeoJSON passes geojson-pydantic; points are [lon, lat]; only records without coordinates have none."""
    from geojson_pydantic import FeatureCollection

    run = aifx("export", "--format", "geojson")
    assert run.code == 0, run.err
    document = json.loads(run.out)
    FeatureCollection.model_validate(document)
    features = {f["id"]: f for f in document["features"]}
    assert set(features) == set(catalog.factories)
    lon, lat = features["LUMI-AF"]["geometry"]["coordinates"]
    assert lon == pytest.approx(27.7, abs=0.1) and lat == pytest.approx(64.2, abs=0.1)
    missing = {f for f, r in catalog.factories.items() if r.coordinates is None}
    assert {i for i, f in features.items() if f["geometry"] is None} == missing
    assert all(not isinstance(v, dict) for f in features.values() for v in f["properties"].values())


def test_geojson_takes_the_filters_of_list() -> None:
    """`--wave 1 --country DE` chooses the same records as `aifx list` does."""
    run = aifx("export", "--format", "geojson", "--wave", "1", "--kind", "factory")
    listed = aifx("list", "--wave", "1", "--kind", "factory", "--format", "json")
    assert [f["id"] for f in json.loads(run.out)["features"]] == [r["id"] for r in json.loads(listed.out)]
    assert json.loads(aifx("export", "--format", "geojson", "--country", "DE").out)["features"][0]["id"] == "HAMMERHAI"


def test_filters_with_a_whole_dataset_format_are_a_usage_error() -> None:
    """`--wave` with sqlite is refused: that format always has everything."""
    run = aifx("export", "--format", "sqlite", "--wave", "1", "--output", "x.db")
    assert run.code == 2
    assert run.err == "aifx: --wave: --format sqlite exports everything; filters apply to geojson\n"


def _hostile_copy(tmp_path: Path) -> Path:
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    path = data / "factories.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  name: LUMI AI Factory\n", f"  name: '{HOSTILE}'\n", 1), encoding="utf-8")
    return data


def test_xlsx_reads_back_with_real_types_and_no_formula(tmp_path: Path) -> None:
    """openpyxl reads numbers as numbers, dates as dates, a hostile =HYPERLINK name as text; no cell is a formula."""
    import datetime as dt

    import openpyxl

    data = _hostile_copy(tmp_path)
    book = openpyxl.load_workbook(_export(tmp_path, "xlsx", "aifx.xlsx", "--data", str(data)))
    assert {"About", "factories", "sources", "claims"} <= set(book.sheetnames)
    assert "CC BY 4.0" in [c.value for row in book["About"].iter_rows() for c in row]
    sheet = book["factories"]
    header = [c.value for c in sheet[1]]
    lumi = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "LUMI-AF")
    record = dict(zip(header, lumi, strict=True))
    assert record["name"] == HOSTILE
    assert isinstance(record["wave"], int) and isinstance(record["lon"], float)
    assert isinstance(record["selected"], dt.datetime)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert 10 < sheet.column_dimensions["B"].width <= 64


def test_xlsxwriter_is_imported_only_for_xlsx(tmp_path: Path) -> None:
    """Other exports never import the spreadsheet writer."""
    code = (
        "import sys\nfrom aifx.cli.app import app\n"
        f"try: app(['export', '--format', 'sqlite', '--output', {str(tmp_path / 'a.db')!r}])\n"
        "except SystemExit: pass\nprint('xlsxwriter' in sys.modules)"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env, check=False)
    assert run.stdout.strip() == "False", run.stderr


def test_an_existing_output_is_refused_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    """A second export to the same file fails with one line; --force replaces it; no temporary files are left."""
    target = _export(tmp_path, "geojson", "map.geojson")
    target.write_text("old", encoding="utf-8")
    run = aifx("export", "--format", "geojson", "--output", str(target))
    assert (run.code, run.err) == (1, f"aifx: {target}: already exists; pass --force to replace it\n")
    assert target.read_text(encoding="utf-8") == "old"
    _export(tmp_path, "geojson", "map.geojson", "--force")
    assert json.loads(target.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "map.geojson"]


def test_force_never_replaces_a_directory_aifx_did_not_write(tmp_path: Path) -> None:
    """--force replaces an old data package, but not a directory without datapackage.json."""
    package = _export(tmp_path, "datapackage", "pkg")
    _export(tmp_path, "datapackage", "pkg", "--force")
    assert (package / "datapackage.json").is_file()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep", encoding="utf-8")
    run = aifx("export", "--format", "datapackage", "--output", str(mine), "--force")
    assert run.code == 1 and "refusing to replace it" in run.err
    assert (mine / "thesis.tex").read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize("fmt", ["json", "jsonl", "geojson"])
def test_text_formats_go_to_stdout_with_dash(fmt: str) -> None:
    """`--output -` writes a text format to stdout, as no --output does."""
    dash, plain = aifx("export", "--format", fmt, "--output", "-"), aifx("export", "--format", fmt)
    assert dash.code == 0 and dash.out == plain.out and dash.out.strip()


@pytest.mark.parametrize(
    ("args", "code", "line"),
    [
        (["--format", "xlsx", "--output", "-"], 2, "aifx: --format xlsx writes files: give --output"),
        (["--format", "sqlite"], 2, "aifx: --format sqlite writes files: give --output, e.g. --output aifx.db"),
        (["--output", "/no/such/dir/aifx.json"], 1, "aifx: /no/such/dir/aifx.json: no such directory '/no/such/dir'"),
    ],
)
def test_a_bad_output_is_one_line(args: list[str], code: int, line: str) -> None:
    """A missing directory or a binary format without a file: one line on stderr, nothing on stdout."""
    run = aifx("export", *args)
    assert (run.code, run.out) == (code, "")
    assert run.err.startswith(line) and len(run.err.splitlines()) == 1


def test_an_output_below_a_file_is_one_line(tmp_path: Path) -> None:
    """An output path whose directory is a file: one line naming it, exit 1, nothing written."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    run = aifx("export", "--format", "sqlite", "--output", str(blocker / "a.db"))
    assert (run.code, run.out) == (1, "")
    assert run.err == f"aifx: {blocker / 'a.db'}: no such directory {str(blocker)!r}\n"


def test_every_registered_format_is_offered_by_export() -> None:
    """`aifx export --help` lists each registry entry: a new format needs only its entry."""
    out = aifx("export", "--help", env={"COLUMNS": "250"}).out
    assert all(name in out for name in FORMATS)


# Factory fields the exports once left out: a stand-in city looked like a real site without its note.
ONCE_MISSING = ("coordinates_note", "access", "contact", "supercomputer_notes")


def _factory_values(catalog: Catalog, name: str) -> dict[str, Any]:
    if name == "supercomputer_notes":
        return {f.id: f.supercomputer.notes if f.supercomputer else None for f in catalog.factories.values()}
    return {f.id: getattr(f, name) for f in catalog.factories.values()}


def test_every_export_holds_every_factory_field(tmp_path: Path, catalog: Catalog) -> None:
    """SQLite, the data package, the spreadsheet and GeoJSON all carry coordinates_note, access and contact."""
    import csv

    import openpyxl

    db = sqlite3.connect(_export(tmp_path, "sqlite", "aifx.db"))
    package = _export(tmp_path, "datapackage", "aifx-data")
    with (package / "factories.csv").open(encoding="utf-8", newline="") as rows:
        from_csv = {r["id"]: r for r in csv.DictReader(rows)}
    sheet = openpyxl.load_workbook(_export(tmp_path, "xlsx", "aifx.xlsx"))["factories"]
    header = [c.value for c in sheet[1]]
    from_xlsx = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    features = json.loads(aifx("export", "--format", "geojson").out)["features"]
    from_geojson = {f["id"]: f["properties"] for f in features}
    for name in ONCE_MISSING:
        expected = _factory_values(catalog, name)  # access and contact are empty so far: the columns are there
        assert dict(db.execute(f"select id, {name} from factories").fetchall()) == expected, name
        assert {i: r[name] or None for i, r in from_csv.items()} == expected, name
        assert {i: r[name] for i, r in from_xlsx.items()} == expected, name
        assert {i: p[name] for i, p in from_geojson.items()} == expected, name
    assert all(from_geojson[i]["coordinates_note"] for i in catalog.factories)


# compute's whole-system totals in SQL: per system the lowest and highest claim of a measure (claims are
# alternatives), planned apart, then summed per country. Figures for one module or partition are not the system's.
_TOTALS = """
with per_system as (
  select s.country, f.precision || ' PFLOPS' as measure,
         (s.status not in ('operational', 'retired') or f.planned) as later,
         min(f.value * {scale}) as low, max(f.value * {scale}) as high
  from figures f join systems s on s.id = f.system
  where f.measure = 'performance' and f.precision like 'FP64%' and f.value is not null {whole}
  group by f.system, f.precision, later
)
select country, measure, later, sum(low), sum(high) from per_system group by country, measure, later
""".replace("{scale}", "case upper(f.unit) when 'TFLOPS' then 0.001 when 'PFLOPS' then 1 when 'EFLOPS' then 1000 end")


def test_sql_repeats_compute_whole_system_totals_with_part(tmp_path: Path) -> None:
    """figures.part lets SQL leave out module figures as `aifx compute` does: its FP64 totals come out the same."""
    db = sqlite3.connect(_export(tmp_path, "sqlite", "aifx.db"))
    rows = json.loads(aifx("compute", "--format", "json").out)
    cli = {(r["group"], r["measure"], r["state"] == "planned"): (r["low"], r["high"]) for r in rows}
    cli = {k: v for k, v in cli.items() if k[1].startswith("FP64")}

    def totals(whole: str) -> dict[tuple[str, str, bool], tuple[float, float]]:
        found = db.execute(_TOTALS.replace("{whole}", whole)).fetchall()
        return {(c, m, bool(later)): (pytest.approx(low), pytest.approx(high)) for c, m, later, low, high in found}

    assert cli and totals("and f.part is null") == cli
    assert totals("") != cli  # adding JUPITER's or LEONARDO's module figures would count them twice
    parts = {r[0] for r in db.execute("select system from figures where part is not null")}
    assert {"JUPITER", "LEONARDO"} <= parts


# Each junction table and the array column it turns into rows: (table, its columns, the array's table, key, array).
JUNCTIONS = [
    ("factory_partners", "factory, country", "factories", "id", "partners"),
    ("factory_sectors", "factory, sector", "factories", "id", "sectors"),
    ("antenna_factories", "antenna, factory", "factories", "id", "linked_factories"),
    ("system_factories", "system, factory", "systems", "id", "factories"),
    ("system_initiatives", "system, initiative", "systems", "id", "initiatives"),
    ("aliases", "record, alias", "factories", "id", "aliases"),
    ("aliases", "record, alias", "initiatives", "id", "aliases"),
    ("aliases", "record, alias", "systems", "id", "aliases"),
]


def test_junction_tables_hold_each_array_as_rows_with_foreign_keys(tmp_path: Path, catalog: Catalog) -> None:
    """Partners, sectors, an antenna's factories, a system's factories and initiatives, and aliases: the arrays stay,
    and beside them a table of pairs whose foreign keys SQLite checks."""
    db = sqlite3.connect(_export(tmp_path, "sqlite", "aifx.db"))
    for junction, columns, table, key, array in JUNCTIONS:
        where = f" where collection = '{table}'" if junction == "aliases" else ""
        pairs = set(db.execute(f"select {columns} from {junction}{where}"))
        arrays = {(k, v) for k, a in db.execute(f"select {key}, {array} from {table}") for v in json.loads(a)}
        assert pairs == arrays and pairs, (junction, table)
    assert db.execute("pragma foreign_key_check").fetchall() == []
    fks = {
        (t, r[3], r[2])
        for t in ("system_factories", "antenna_factories")
        for r in db.execute(f"pragma foreign_key_list({t})")
    }
    assert fks == {
        ("system_factories", "system", "systems"),
        ("system_factories", "factory", "factories"),
        ("antenna_factories", "antenna", "factories"),
        ("antenna_factories", "factory", "factories"),
    }
    # A link named on either side: from the factories' side too, every factory's systems are rows.
    served = {(s, f) for f, a in db.execute("select id, systems from factories") for s in json.loads(a)}
    assert set(db.execute("select system, factory from system_factories")) == served
    assert {f for (f,) in db.execute("select factory from system_factories where system = 'JUPITER'")} == {
        f.id for f in catalog.factories_of("JUPITER")
    }


def test_datasette_links_a_system_to_the_factories_it_serves_and_shows_units(tmp_path: Path, catalog: Catalog) -> None:
    """On a system's page Datasette links the rows of system_factories that name it, labelled with the factories'
    names; PFLOPS columns show with their unit, 1,000 PFLOPS as 1 EFLOPS."""
    db = _export(tmp_path, "sqlite", "aifx.db")
    port = _free_port()
    command = [str(BIN / "datasette"), "serve", str(db), "-m", str(tmp_path / "aifx.metadata.json")]
    server = subprocess.Popen(
        [*command, "--host", "127.0.0.1", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        base = f"http://127.0.0.1:{port}"
        row = _get(f"{base}/aifx/systems/JUPITER.json?_extras=foreign_key_tables", until=time.monotonic() + 60)
        links = {(t["other_table"], t["other_column"]): t for t in row["foreign_key_tables"]}
        served = links[("system_factories", "system")]
        assert served["count"] == len(catalog.factories_of("JUPITER")) and served["link"].endswith("?system=JUPITER")
        rows = _get(
            f"{base}{served['link'].replace('?', '.json?')}&_shape=array&_labels=on", until=time.monotonic() + 10
        )
        assert {(r["factory"]["value"], r["factory"]["label"]) for r in rows} == {
            (f.id, f.name) for f in catalog.factories_of("JUPITER")
        }
        with urllib.request.urlopen(f"{base}/aifx/compute_performance?system=JUPITER", timeout=10) as answer:
            page = answer.read().decode("utf-8")
        assert "793.4&nbsp;PFLOPS" in page and "1.0&nbsp;EFLOPS" in page
    finally:
        _stop(server)


# compute's totals from the whole-system tables: a SUM per group and measure, in service and planned apart. Figures
# whose number format no source names (AI-unstated) are never added up: compute gives each system its own row.
_GROUPED = """
select {group}, measure, state, sum(low), sum(high) from (
  select system, model as measure, state, low, high from compute_accelerators where low is not null
  union all
  select system, precision || ' PFLOPS', state, low, high from compute_performance where precision != 'AI-unstated'
) w join systems s on s.id = w.system {join} group by {group}, measure, state
"""


@pytest.mark.parametrize(
    ("by", "group", "join"),
    [("country", "s.country", ""), ("factory", "sf.factory", "join system_factories sf on sf.system = s.id")],
)
def test_a_sum_over_the_whole_system_tables_is_computes_total(tmp_path: Path, by: str, group: str, join: str) -> None:
    """SUM(low) and SUM(high) of compute_accelerators and compute_performance per group are `aifx compute`'s totals
    (by country; by factory through system_factories), where a SUM over the figures table counts JUPITER twice."""
    db = sqlite3.connect(_export(tmp_path, "sqlite", "aifx.db"))
    found = db.execute(_GROUPED.format(group=group, join=join)).fetchall()
    sql = {(g, m, state): (pytest.approx(low), pytest.approx(high)) for g, m, state, low, high in found}
    rows = json.loads(aifx("compute", "--by", by, "--no-bids", "--format", "json").out)  # bids are not systems
    cli = {
        (r["group"], r["measure"], r["state"]): (r["low"], r["high"])
        for r in rows
        if r["systems"] and not r["measure"].startswith("AI-unstated") and r["group"] != "no factory"
    }
    assert len(cli) > 20 and sql == cli
    twice = "select sum(value) from figures where system = 'JUPITER' and measure = 'accelerators'"
    assert db.execute(twice).fetchone()[0] == 24000 + 23752  # both claims: why the figures table is not summed
    ranked = "select value, rank, part from figures where system = 'JUPITER' and measure = 'accelerators'"
    assert sorted(db.execute(ranked)) == [(23752, "normal", None), (24000, "preferred", None)]
    jupiter = "select low, high, qualifier from compute_accelerators where system = 'JUPITER'"
    assert db.execute(jupiter).fetchall() == [(23752, 24000, "about")]


def test_units_are_in_datasettes_metadata_and_the_data_packages_schema(tmp_path: Path) -> None:
    """PFLOPS, TFLOPS, GB and W columns carry their unit: Datasette's `units` (with the FLOPS it does not know) and a
    `unit` beside the field's description in datapackage.json; counts have none."""
    _export(tmp_path, "sqlite", "aifx.db")
    meta = json.loads((tmp_path / "aifx.metadata.json").read_text(encoding="utf-8"))
    tables = meta["databases"]["aifx"]["tables"]
    assert tables["compute_performance"]["units"] == {"low": "PFLOPS", "high": "PFLOPS"}
    assert "units" not in tables["compute_accelerators"]
    assert tables["top500"]["units"] == {"rmax_pflops": "PFLOPS", "rpeak_pflops": "PFLOPS"}
    assert tables["chips"]["units"]["memory_gb"] == "GB" and tables["chips"]["units"]["tdp_w"] == "W"
    assert "FLOPS = flop / second" in meta["custom_units"]
    package = _export(tmp_path, "datapackage", "aifx-data")
    resources = {
        r["name"]: r for r in json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    }
    fields = {f["name"]: f for f in resources["compute_performance"]["schema"]["fields"]}
    assert fields["low"]["unit"] == "PFLOPS" and "PFLOPS" in fields["low"]["description"]
    assert "unit" not in {k for f in resources["compute_accelerators"]["schema"]["fields"] for k in f}
    figures = {f["name"] for f in resources["figures"]["schema"]["fields"]}
    assert {"rank", "part"} <= figures


def test_xlsx_says_which_text_it_cuts_to_excels_cell_limit(tmp_path: Path) -> None:
    """A text past Excel's 32,767 UTF-16 units per cell is cut, ends in "…", and stderr names its record and field."""
    import openpyxl

    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    path = data / "factories.yaml"
    start = "      The Commission lists Finland among the five sites"
    text = path.read_text(encoding="utf-8")
    assert start in text
    path.write_text(text.replace(start, "      " + "😀" * 20_000 + start[5:], 1), encoding="utf-8")
    run = aifx("export", "--format", "xlsx", "--output", str(tmp_path / "a.xlsx"), "--data", str(data))
    assert run.code == 0, run.err
    note = "aifx: xlsx: factories sheet, record LUMI-AF, field supercomputer_notes: 40,"
    assert [line for line in run.err.splitlines() if not line.startswith("wrote ")] == [
        line for line in run.err.splitlines() if line.startswith(note)
    ]
    assert run.err.count(note) == 1 and "cut to 32,767 (Excel's limit per cell)" in run.err
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["factories"]
    header = [c.value for c in sheet[1]]
    lumi = next(row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "LUMI-AF")
    cell = str(dict(zip(header, lumi, strict=True))["supercomputer_notes"])
    assert cell.endswith("…") and cell.startswith("😀") and len(cell.encode("utf-16-le")) // 2 <= 32_767
    whole = json.loads(aifx("export", "--data", str(data)).out)
    assert any("😀" * 20_000 in json.dumps(f, ensure_ascii=False) for f in whole["factories"])


def test_every_sheet_name_fits_excel(catalog: Catalog) -> None:
    """Sheet names are the tables' own, never cut: at most 31 characters, none of []:*?/\\, distinct ignoring case."""
    from aifx.exports.tables import tables
    from aifx.exports.xlsx import _sheet_name

    names = ["About", *(_sheet_name(t) for t in tables(catalog))]
    assert all(0 < len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert len({n.casefold() for n in names}) == len(names)


def test_the_systems_table_holds_h100e_as_derived_numbers_or_null(tmp_path: Path) -> None:
    """h100e_bf16/_high and h100e_fp8/_high: a range's ends, a lower bound without a high end, null when unknown."""
    fixture = str(ROOT / "tests" / "fixtures" / "compute")
    run = aifx("--data", fixture, "export", "--format", "sqlite", "--output", str(tmp_path / "aifx.db"))
    assert run.code == 0, run.err
    db = sqlite3.connect(tmp_path / "aifx.db")
    query = "select id, h100e_bf16, h100e_bf16_high, h100e_fp8, h100e_fp8_high from systems"
    got = {r[0]: r[1:] for r in db.execute(query)}
    assert got["JUPITER"] == (23752, 24000, 23752, 24000)
    assert got["LUMI"][1::2] == (None, None) and got["LUMI"][0] == pytest.approx(11912 * 383 / 989.4)
    assert got["MARENOSTRUM-5"] == (None, None, None, None)
    assert got["AI-AT-SYSTEM"] == (None, 700, None, 700)  # 'up to 700': bounded above only
    metadata = json.loads((tmp_path / "aifx.metadata.json").read_text(encoding="utf-8"))
    described = metadata["databases"]["aifx"]["tables"]["systems"]["columns"]
    assert "derived" in described["h100e_fp8"].lower() and "Epoch AI's rule" in described["h100e_fp8"]


# The tables, as SQLite, the data package and the spreadsheet name them.
TABLES = [
    "factories",
    "initiatives",
    "bids",
    "waves",
    "systems",
    "chips",
    "sources",
    "events",
    "claims",
    "citations",
    "figures",
]
TABLES += ["top500"]


def _sqlite_tables(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        found = db.execute("select name from sqlite_master where type = 'table' and name not like '%_fts%'")
        return [name for (name,) in found]
    finally:
        db.close()


def test_the_spreadsheet_opens_on_the_factories_and_names_sheets_as_the_sqlite_tables(
    tmp_path: Path, catalog: Catalog
) -> None:
    """The first sheet, the one pandas.read_excel and LibreOffice's CSV conversion read, is the factories; the
    sheets are named as the SQLite tables are, and About comes last."""
    import openpyxl

    book = openpyxl.load_workbook(_export(tmp_path, "xlsx", "aifx.xlsx"), read_only=True)
    first = book.worksheets[0]
    rows = list(first.iter_rows(values_only=True))
    assert first.title == "factories" and rows[0][:2] == ("id", "name")
    assert [r[0] for r in rows[1:]] == list(catalog.factories)
    assert book.sheetnames[: len(TABLES)] == TABLES and book.sheetnames[-1] == "About"
    assert sorted(book.sheetnames[:-1]) == sorted(_sqlite_tables(_export(tmp_path, "sqlite", "aifx.db")))
    about = {r[0]: r[1] for r in book["About"].iter_rows(values_only=True)}
    assert "joined with '; '" in about["Lists"] and "JSON arrays" in about["Lists"]
    book.close()


def test_lists_read_the_same_in_every_flat_format(tmp_path: Path, catalog: Catalog) -> None:
    """A list is one cell joined with "; " in `aifx list`'s CSV, the spreadsheet and GeoJSON alike, "" or an empty
    cell when empty; and it splits back, since no list item in the data holds the separator."""
    import csv
    import io

    import openpyxl

    from aifx.exports.tables import tables

    listed = aifx("list", "--columns", "id,aliases,sectors,partners", "--format", "csv")
    from_csv = {r["id"]: r for r in csv.DictReader(io.StringIO(listed.out))}
    sheet = openpyxl.load_workbook(_export(tmp_path, "xlsx", "aifx.xlsx"))["factories"]
    header = [c.value for c in sheet[1]]
    from_xlsx = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    from_geojson = {f["id"]: f["properties"] for f in json.loads(aifx("export", "--format", "geojson").out)["features"]}
    for name in ("aliases", "sectors", "partners"):
        expected = {f.id: "; ".join(getattr(f, name)) for f in catalog.factories.values()}
        assert {i: r[name] for i, r in from_csv.items()} == expected, name
        assert {i: r[name] or "" for i, r in from_xlsx.items()} == expected, name
        assert {i: p[name] for i, p in from_geojson.items()} == expected, name
    assert from_csv["IT4LIA"]["aliases"].split("; ") == catalog.factories["IT4LIA"].aliases
    for table in tables(catalog):
        for i, column in enumerate(table.columns):
            if column.type.value == "array":
                assert not [v for row in table.rows for v in row[i] or [] if ";" in v], (table.name, column.name)


def _field_types(path: Path) -> dict[str, str]:
    """The type GDAL gives each property of a GeoJSON file, as pyogrio reports it."""
    import pyogrio

    info = pyogrio.read_info(path)
    return dict(zip(info["fields"], map(str, info["dtypes"]), strict=True))


def test_geojson_field_types_do_not_depend_on_the_features_order(tmp_path: Path) -> None:
    """GDAL (through pyogrio: QGIS and ogr2ogr read the same way) gives every property the same type whatever the
    order of the features or the filter: an empty list first no longer turns a list field into another type."""
    pytest.importorskip("pyogrio", reason="pyogrio is not installed (pip install -e '.[test]')")
    document = json.loads(aifx("export", "--format", "geojson").out)
    kinds = {}
    for name, features in (
        ("listed", document["features"]),
        ("reversed", document["features"][::-1]),
        ("an empty list first", sorted(document["features"], key=lambda f: f["properties"]["sectors"] != "")),
        ("factories only", json.loads(aifx("export", "--format", "geojson", "--kind", "factory").out)["features"]),
    ):
        path = tmp_path / f"{len(kinds)}.geojson"
        path.write_text(json.dumps({**document, "features": features}), encoding="utf-8")
        kinds[name] = _field_types(path)
    first = kinds["listed"]
    assert all(k == first for k in kinds.values()), kinds
    assert document["features"][0]["properties"]["sectors"] == ""  # LUMI-AF lists none: the case that broke it
    assert first["sectors"] == first["aliases"] == first["name"]  # text, as a list joined with "; " is

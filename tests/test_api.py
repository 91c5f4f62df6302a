"""The Python API: aifx.load(), the Catalog's documented access, the README's Python examples, a cheap import."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, aifx


def test_load_gives_the_shipped_catalog() -> None:
    """`aifx.load()` returns every record, typed, and `get` forgives case, accents and hyphens."""
    import aifx as package
    from aifx.dataset.models import Factory

    catalog = package.load()
    assert len(catalog.factories) == 32 and catalog.sources and catalog.initiatives
    lumi = catalog.get("lumi af")
    assert isinstance(lumi, Factory) and lumi.id == "LUMI-AF"


def test_load_as_of_rewinds_the_dataset() -> None:
    """`aifx.load(as_of=…)` answers as the dataset knew it then: before wave 2, only wave 1's factories."""
    import aifx as package

    assert {f.wave for f in package.load(as_of="2025-01-01").factories.values()} == {1}


def test_records_filter_by_kind_and_wave() -> None:
    """`records(kind=…, wave=…)` narrows the records; without arguments it gives all of them as before."""
    import aifx as package

    catalog = package.load()
    assert [r.id for r in catalog.records(kind="factory", wave=1)][:2] == ["LUMI-AF", "HAMMERHAI"]
    assert len(list(catalog.records(kind="factory", wave=1))) == 7
    assert len(list(catalog.records())) == len(catalog.factories) + len(catalog.initiatives)
    assert all(r.country == "DE" for r in catalog.records(country="de"))


def test_search_forgives_typos() -> None:
    """`aifx.search(catalog, "hamer")` ranks HammerHAI first."""
    import aifx as package

    assert package.search(package.load(), "hamer")[0].id == "HAMMERHAI"


def test_aifx_load_is_the_api_function_and_the_loader_is_its_own_module() -> None:
    """`aifx.load` is a plain function (typed, documented); the file reader behind it is aifx.dataset.loader."""
    import aifx as package
    from aifx import api
    from aifx.dataset import loader

    assert package.load is api.load and package.load.__doc__
    assert loader.data_dir().is_dir()
    assert len(package.load().factories) == 32


def test_readme_python_examples_run_as_doctests() -> None:
    """Every `>>>` example in the README runs and prints what it shows."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    text = "\n".join(re.findall(r"```pycon\n(.*?)```", readme, re.DOTALL))
    test = doctest.DocTestParser().get_doctest(text, {}, "README.md", str(ROOT / "README.md"), 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_import_aifx_is_cheap() -> None:
    """`import aifx` loads no models, pydantic or CLI: the API is imported on first use."""
    code = "import sys, aifx; print(sorted(m for m in sys.modules if m.split('.')[0] in ('aifx', 'pydantic', 'typer')))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert run.stdout.strip() == "['aifx']"


def test_package_is_marked_typed() -> None:
    """py.typed ships with the package, so type checkers use aifx's annotations."""
    assert (ROOT / "src" / "aifx" / "py.typed").is_file()


_HOST = """
import gc, json, os, sys
gc.{switch}()
before = dict(os.environ)
import aifx
aifx.load(cache={cache})
print(json.dumps({{"environ": dict(os.environ) == before, "gc": gc.isenabled()}}))
"""


def test_import_and_load_leave_the_host_environment_and_gc_as_they_were(tmp_path: Path) -> None:
    """`import aifx; aifx.load()` changes no environment variable and leaves the GC on or off as the host had it."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    # cold (parse), warm (cache) and uncached, each with the collector off and on
    for cache in ("True", "True", "False"):
        for switch, enabled in (("disable", False), ("enable", True)):
            code = _HOST.format(switch=switch, cache=cache)
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
            assert run.returncode == 0, run.stderr
            assert json.loads(run.stdout) == {"environ": True, "gc": enabled}, (cache, switch)


def _decode(kind: str, value: Any) -> Any:
    """A stored cell back as Python, by its column's Table Schema type (datapackage.json): what aifx.table gives."""
    if value is None or value == "":
        return None
    if kind == "array":
        return json.loads(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "boolean":
        return value in (1, "true")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    return value


def test_table_gives_the_rows_of_the_sqlite_and_csv_exports(tmp_path: Path) -> None:
    """`aifx.table(name)` is, for every table, the SQLite export's rows read back with sqlite3 and the data package's
    CSV rows: the same columns in the same order, the same values once decoded by the table's schema."""
    import aifx as package

    database, directory = tmp_path / "aifx.db", tmp_path / "aifx-data"
    for fmt, output in (("sqlite", database), ("datapackage", directory)):
        assert aifx("export", "--format", fmt, "--output", str(output)).code == 0
    schema = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    db = sqlite3.connect(database)
    try:
        names = [r[0] for r in db.execute("select name from sqlite_master where type = 'table'")]
        names = [n for n in names if not n.endswith("_fts") and "_fts_" not in n]
        assert {"factories", "claims", "figures", "top500"} <= set(names)
        for resource in schema["resources"]:
            name = resource["name"]
            types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
            rows = package.table(name)
            assert rows and list(rows[0]) == list(types), name
            cursor = db.execute(f'select * from "{name}"')
            assert [d[0] for d in cursor.description] == list(types), name
            stored = [{c: _decode(types[c], v) for c, v in zip(types, r, strict=True)} for r in cursor]
            assert rows == stored, name
            with (directory / resource["path"]).open(encoding="utf-8", newline="") as text:
                written = [{c: _decode(types[c], v) for c, v in r.items()} for r in csv.DictReader(text)]
            assert rows == written, name
        assert sorted(names) == sorted(r["name"] for r in schema["resources"])
    finally:
        db.close()


def test_table_rows_are_plain_values_for_a_dataframe() -> None:
    """Every value is text, a number, True/False, a date, a list of text or None, so any DataFrame library takes it;
    a catalog given (here rewound) is the one tabled."""
    import aifx as package

    factories = package.table("factories")
    assert factories[0]["id"] == "LUMI-AF" and factories[0]["selected"] == dt.date(2024, 12, 10)
    assert factories[0]["aliases"] == ["LUMI AIF"] and isinstance(factories[0]["lat"], float)
    plain = (str, int, float, bool, dt.date, list, type(None))
    assert all(isinstance(v, plain) for name in ("factories", "systems", "claims") for r in package.table(name)
               for v in r.values())  # fmt: skip
    assert len(package.table("Factories", package.load(as_of="2025-01-01"))) == 7


def test_an_unknown_table_names_the_tables_and_the_closest() -> None:
    """A misspelt table raises aifx.errors.NotFoundError saying which table was meant and listing all of them."""
    import aifx as package
    from aifx.errors import NotFoundError

    with pytest.raises(NotFoundError) as raised:
        package.table("factores")
    message = str(raised.value)
    assert message.startswith("no table 'factores' (did you mean factories?); the tables are ")
    assert "top500" in message and "claims" in message

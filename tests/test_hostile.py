"""Hostile text in any text or URL field never reaches stdout or stderr as itself: refused, removed or escaped."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
import types
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin
from xml.etree import ElementTree

import pytest
import typer.main
import typer.testing
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from ruamel.yaml import YAML

from aifx.cli.app import app
from aifx.core.bids import BIDS
from aifx.core.budgets import CONFLICTS, INITIATIVES
from aifx.core.changes import CHANGES
from aifx.core.fields import FACTORIES
from aifx.core.history import TIMELINE
from aifx.core.sourcing import SOURCES
from aifx.core.systems import SYSTEMS
from aifx.dataset.models import DataFile
from aifx.present.output import Format
from conftest import DATA, aifx

# Checked with unicodedata, independently of aifx.text.characters.UNSAFE.
CATEGORIES = ("Cc", "Cf", "Zl", "Zp", "Co", "Cs")
# Small real records: a factory with disputed claims, its wave, an antenna, an initiative with a claim, a gigafactory
# bid with a site, members and a size claim (and the bid event that dates its stage).
PICK = {
    "waves": {1},
    "factories": {"IT4LIA", "SK-AIFA"},
    "initiatives": {"ALPS"},
    "events": {"it4lia-operational-launch", "blue-swan-eoi"},
    "systems": {"LEONARDO"},
    "chips": {"A100-SXM4"},
    "bids": {"BLUE-SWAN"},
}
RECORDS = ["IT4LIA", "SK-AIFA", "ALPS"]
FILES = {"dataset": "dataset.yaml", "sources": "sources.yaml", "waves": "waves.yaml"}
FILES |= {
    "factories": "factories.yaml",
    "initiatives": "initiatives.yaml",
    "events": "events.yaml",
    "systems": "systems.yaml",
    "chips": "chips.yaml",
    "bids": "bids.yaml",
}


def _records(name: str, keys: set[str] | None = None) -> list[Any]:
    """Records of a data file (those whose id or wave number is in ``keys``), parsing only those."""
    text = (DATA / name).read_text(encoding="utf-8")
    blocks = re.split(r"^(?=- )", text, flags=re.MULTILINE)[1:]
    wanted = [b for b in blocks if keys is None or re.sub(r"- (?:id|number): (\S+)\n.*", r"\1", b, flags=re.S) in keys]
    return YAML(typ="safe", pure=True).load("".join(wanted)) or []


def _cite(node: Any, rename: dict[str, str]) -> set[str]:
    """Every source id cited under ``node``, each list of them renamed by ``rename`` (without repeats)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "sources" and isinstance(value, list):
                found.update(value)
                node[key] = list(dict.fromkeys(rename.get(v, v) for v in value))
            else:
                found |= _cite(value, rename)
    elif isinstance(node, list):
        for item in node:
            found |= _cite(item, rename)
    return found


def _minimal() -> dict[str, Any]:
    """A small valid dataset of real records, citing two of their real sources: an official one and another."""
    waves = _records("waves.yaml", {str(n) for n in PICK["waves"]})
    factories = _records("factories.yaml", PICK["factories"]) + _records("antennas.yaml", PICK["factories"])
    initiatives = _records("initiatives.yaml", PICK["initiatives"])
    events = _records("events.yaml", PICK["events"])
    systems = _records("systems.yaml", PICK["systems"])
    chips = _records("chips.yaml", PICK["chips"])
    bids = _records("bids.yaml", PICK["bids"])
    known = PICK["factories"] | PICK["initiatives"] | PICK["bids"]
    for record in factories + initiatives + events + systems + bids:
        for key in ("linked_factories", "related", "records", "factories", "initiatives"):
            if key in record:
                record[key] = [r for r in record[key] if r in known]
        if isinstance(record.get("supercomputer"), dict) and "systems" in record["supercomputer"]:
            record["supercomputer"]["systems"] = [s for s in record["supercomputer"]["systems"] if s in PICK["systems"]]
    records = [waves, factories, initiatives, events, systems, chips, bids]
    cited = _records("sources.yaml", _cite(records, {}))
    official = next(s for s in cited if s["kind"] == "official")
    other = next(s for s in cited if s["kind"] != "official")
    # Every citation points at one of the two (by kind, so 'confirmed' stays true): a small file to parse often.
    _cite(records, {s["id"]: (official if s["kind"] == "official" else other)["id"] for s in cited})
    dataset = YAML(typ="safe", pure=True).load((DATA / "dataset.yaml").read_text(encoding="utf-8"))["dataset"]
    return {
        "dataset": dataset,
        "sources": [official, other],
        "waves": waves,
        "factories": factories,
        "initiatives": initiatives,
        "events": events,
        "systems": systems,
        "chips": chips,
        "bids": bids,
    }


BASE = _minimal()


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar holding exactly ``text``: anything outside printable ASCII as an escape."""
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= code < 0x7F:
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_quoted(str(k))}: {_flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    if isinstance(value, str):
        return _quoted(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return str(value)  # numbers and dates read back as themselves


def write(data: dict[str, Any], directory: Path) -> None:
    """The dataset as YAML files, one record per line, every string double-quoted with escapes."""
    directory.mkdir(parents=True, exist_ok=True)
    for key, name in FILES.items():
        value = data[key]
        body = (
            f"{key}: {_flow(value)}\n"
            if isinstance(value, dict)
            else f"{key}:\n" + "".join(f"- {_flow(v)}\n" for v in value)
        )
        (directory / name).write_text(body, encoding="ascii")


# --- the fields, discovered from the models --------------------------------------------------------------------


def _leaves(annotation: Any) -> Iterator[Any]:
    """The concrete types inside Optional, Union, list and Annotated."""
    origin = get_origin(annotation)
    if origin is Annotated:
        yield from _leaves(get_args(annotation)[0])
    elif origin in (Union, types.UnionType, list):
        for arg in get_args(annotation):
            yield from _leaves(arg)
    else:
        yield annotation


def _is_list(annotation: Any) -> bool:
    origin = get_origin(annotation)
    if origin is list:
        return True
    if origin in (Union, types.UnionType, Annotated):
        return any(_is_list(a) for a in get_args(annotation))
    return False


def _model(annotation: Any) -> type[BaseModel] | None:
    return next((t for t in _leaves(annotation) if isinstance(t, type) and issubclass(t, BaseModel)), None)


def text_fields(model: type[BaseModel]) -> Iterator[tuple[str, bool]]:
    """(name, is a list) of every field of ``model`` that holds text: str, constrained str, URL or str enum."""
    for name, info in model.model_fields.items():
        if any(isinstance(t, type) and issubclass(t, str) for t in _leaves(info.annotation)):
            yield name, _is_list(info.annotation)


def all_text_fields(model: type[BaseModel] = DataFile) -> set[tuple[str, str]]:
    """(model, field) for every text field of every model a data file can hold."""
    found = {(model.__name__, name) for name, _ in text_fields(model)}
    for info in model.model_fields.values():
        if (nested := _model(info.annotation)) is not None and nested is not model:
            found |= all_text_fields(nested)
    return found


@dataclass(frozen=True)
class Target:
    """One text field of one record of the minimal dataset: where it is and what kind of record holds it."""

    path: tuple[str | int, ...]
    field: str
    many: bool
    model: str

    def __str__(self) -> str:
        return ".".join(map(str, self.path)) + "." + self.field


def _targets(model: type[BaseModel], node: dict[str, Any], path: tuple[str | int, ...]) -> Iterator[Target]:
    for name, many in text_fields(model):
        yield Target(path, name, many, model.__name__)
    for name, info in model.model_fields.items():
        nested = _model(info.annotation)
        value = node.get(name)
        if nested is None:
            continue
        if isinstance(value, dict):
            yield from _targets(nested, value, (*path, name))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            yield from _targets(nested, value[0], (*path, name, 0))


def targets() -> list[Target]:
    """Every text field of the first record of each kind (and of its first claim, its supercomputer…)."""
    found = list(_targets(DataFile, {k: v for k, v in BASE.items() if isinstance(v, dict)}, ()))
    for collection in ("sources", "waves", "factories", "initiatives", "events", "systems", "chips", "bids"):
        model = _model(DataFile.model_fields[collection].annotation)
        assert model is not None
        found += _targets(model, BASE[collection][0], (collection, 0))
    return found


TARGETS = targets()


def with_text(target: Target, text: str) -> dict[str, Any]:
    """A deep copy of the minimal dataset with ``text`` in the target field (as a one-item list for lists)."""
    data: Any = json.loads(json.dumps(BASE, default=str))
    node = data
    for part in target.path:
        node = node[part]
    node[target.field] = [text] if target.many else text
    return data  # type: ignore[no-any-return]


# --- hostile text ----------------------------------------------------------------------------------------------

FRAGMENTS = [
    "<script>alert(1)</script>",
    "|",
    "a | b",
    "[x](javascript:alert(1))",
    '=HYPERLINK("http://evil.example","x")',
    "+1",
    "-1",
    "@SUM(A1)",
    "**bold** _it_ `code`",
    "[bold red]rich[/]",
    "\\",
    "&amp; <b>",
    "# title",
    "\t",
    "\n",
    "Jülich",
    "LUMI-AF",
]


@st.composite
def hostile(draw: st.DrawFn) -> str:
    """Ordinary text, markup and formula fragments, with characters of some unsafe categories (or none) mixed in."""
    plain = st.text(st.characters(categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=6)
    parts = draw(st.lists(st.one_of(st.sampled_from(FRAGMENTS), plain), min_size=1, max_size=5))
    categories = draw(st.sets(st.sampled_from(CATEGORIES)))
    for category in sorted(categories):
        event(f"category {category}")
        for char in draw(st.lists(st.characters(categories=[category]), min_size=1, max_size=2)):
            parts.insert(draw(st.integers(0, len(parts))), char)
    text = "".join(parts)
    if draw(st.booleans()):  # URL-shaped, so that URL fields accept it and it reaches the output
        text = "https://example.org/" + "".join(text.split())
    return text


# --- the checks, by format -------------------------------------------------------------------------------------


def leaks(text: str, allowed: str = "\n") -> list[str]:
    """Every character of the unsafe categories in ``text`` but those ``allowed``, named."""
    if text.translate({ord(c): None for c in allowed}).isprintable():  # none of Cc, Cf, Zl, Zp, Co, Cs: fast
        return []
    return [
        f"U+{ord(c):04X} {unicodedata.category(c)} at {i}"
        for i, c in enumerate(text)
        if unicodedata.category(c) in CATEGORIES and c not in allowed
    ]


def _lines(text: str) -> list[str]:
    return text.removesuffix("\n").split("\n")


def _unescaped_pipes(line: str) -> int:
    return re.sub(r"\\.", "", line).count("|")


def check_stdout(fmt: Format, out: str) -> None:
    """The format's own structure holds: data adds no line, cell, row or character of the unsafe categories."""
    if fmt in (Format.csv, Format.tsv):
        out = out.replace("\r\n", "\n")
    allowed = "\t\n" if fmt in (Format.plain, Format.tsv, Format.csv) else "\n"
    assert leaks(out, allowed) == []
    if not out:
        return
    if fmt in (Format.plain, Format.tsv):
        assert {line.count("\t") for line in _lines(out)} == {_lines(out)[0].count("\t")}
    elif fmt is Format.markdown:
        assert {_unescaped_pipes(line) for line in _lines(out)} == {_unescaped_pipes(_lines(out)[0])}
    elif fmt is Format.csv:
        rows = list(csv.reader(io.StringIO(out, newline="")))
        assert {len(r) for r in rows} == {len(rows[0])}
    elif fmt is Format.jsonl:
        for line in _lines(out):
            json.loads(line)
    elif fmt is Format.json:
        json.loads(out)


def check_stderr(err: str) -> None:
    """Messages carry no character of the unsafe categories but their line ends."""
    assert leaks(err) == []


def _columns(registry: Any) -> str:
    return ",".join(registry.fields)


def commands(fmt: Format) -> Iterator[list[str]]:
    """Every browsing command that shows data, with every column it has, in ``fmt``."""
    yield ["list", "--columns", _columns(FACTORIES)]
    yield ["initiatives", "--columns", _columns(INITIATIVES)]
    yield ["sources", "--columns", _columns(SOURCES)]
    yield ["conflicts", "--columns", _columns(CONFLICTS)]
    yield ["timeline", "--columns", _columns(TIMELINE)]
    yield ["timeline"]
    yield ["changes", "--since", "2000-01-01", "--columns", _columns(CHANGES)]
    yield ["changes", "--since", "2000-01-01"]
    yield ["systems", "--columns", _columns(SYSTEMS)]
    yield ["systems", "LEONARDO"]
    yield ["compute"]
    yield ["waves"]
    yield ["compare", *RECORDS[:2]]
    yield ["about"]
    yield ["gigafactories", "--columns", _columns(BIDS)]
    yield ["show", "BLUE-SWAN"]
    yield ["show", RECORDS[0], "--sources"]
    yield from (["show", record] for record in RECORDS)
    if fmt in (Format.json, Format.jsonl):  # without --columns, JSON carries whole records
        yield from (["list"], ["initiatives"], ["sources"], ["timeline"], ["systems"], ["gigafactories"], ["export"])
        yield ["changes", "--since", "2000-01-01"]


def _run(directory: Path, args: list[str], fmt: Format) -> tuple[int, str, str]:
    fmt_ = [] if args[:3] == ["export", "--format", "atom"] else ["--format", fmt.value]
    run = aifx("--data", str(directory), *args, *fmt_)
    return run.code, run.out, run.err


def check_dataset(directory: Path, neutral: Path) -> str:
    """The property for one dataset: refused at load with clean one-line problems, or every output clean."""
    code, out, err = _run(directory, ["list"], Format.plain)
    check_stderr(err)
    if code != 0:
        summary = re.fullmatch(r"aifx: (\d+) problems? in the data; nothing was changed on disk", _lines(err)[-1])
        assert code == 1 and summary, err
        problems = _lines(err)[:-1]
        assert len(problems) == int(summary.group(1)), err  # one line per problem
        assert all(re.match(r"[\w./-]+\.yaml:\d+:\d+: ", p) for p in problems), err
        assert out == ""
        return "refused"
    for fmt in Format:
        for args in commands(fmt):
            code, out, err = _run(directory, args, fmt)
            check_stderr(err)
            assert code == 0 or (code == 1 and len(_lines(err)) == 1 and err.startswith("aifx: ")), (args, err)
            check_stdout(fmt, out)
            if fmt is Format.plain and args[0] in ("show", "about") and "--sources" not in args:
                # A card in plain text has no cells to count: it has as many lines as the same card without the
                # unsafe characters, tabs and line breaks.
                assert len(_lines(out)) == len(_lines(_run(neutral, args, fmt)[1])), (args, out)
    check_feed(directory)
    return "shown"


def check_feed(directory: Path) -> None:
    """The Atom feed is well-formed XML whatever the data holds, and carries no character of the unsafe categories
    (XML could not hold most of them anyway): each was removed, never written as itself or as a reference."""
    code, out, err = _run(directory, ["export", "--format", "atom"], Format.plain)
    check_stderr(err)
    assert code == 0, err
    assert leaks(out) == [] and "&#" not in out
    root = ElementTree.fromstring(out.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"


def _neutral(text: str) -> str:
    return "".join("_" if unicodedata.category(c) in CATEGORIES else c for c in text)


def test_every_text_field_of_every_model_is_a_target() -> None:
    """The minimal dataset holds every model, so a new text field is fed hostile text without editing this file."""
    assert {(t.model, t.field) for t in TARGETS} == all_text_fields()
    assert ("Factory", "website") in all_text_fields() and ("Source", "url") in all_text_fields()


def test_the_minimal_dataset_loads_and_passes() -> None:
    """The property's starting point is valid data whose every output passes the checks."""
    with tempfile.TemporaryDirectory() as tmp:
        write(BASE, Path(tmp) / "d")
        assert aifx("--data", str(Path(tmp) / "d"), "data", "validate").code == 0
        assert check_dataset(Path(tmp) / "d", Path(tmp) / "d") == "shown"


@pytest.fixture(autouse=True, scope="module")
def _one_command() -> Iterator[None]:
    """Typer rebuilds its click command on every invoke (~40 ms); build it once for the thousands of runs here."""
    command = typer.main.get_command(app)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(typer.testing, "_get_command", lambda _: command)
        yield


# Every field gets these besides the drawn ones: every category at once; markup, tab and line break as prose takes
# them; markup as a URL or a single line takes it.
EXAMPLES = [
    "x\x1b[31m\x9b\u202e\u200b\u2028\u2029\ue000\U000f0001\ud800y",
    '=HYPERLINK("http://evil.example","x") | <b>bold</b>\n[x](javascript:alert(1))\t# end',
    'https://example.org/<script>alert(1)</script>|[x](javascript:alert(1))=HYPERLINK("x")',
]


def _examples(test: Any) -> Any:
    for text in reversed(EXAMPLES):
        test = example(text=text)(test)
    return test


@pytest.mark.parametrize("target", TARGETS, ids=str)
@settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=hostile())
@_examples
def test_hostile_text_is_refused_removed_or_escaped(target: Target, text: str) -> None:
    """Property: hostile text in any field is refused at load, or no format of any command writes it as itself."""
    with tempfile.TemporaryDirectory() as tmp:
        directory, neutral = Path(tmp) / "hostile", Path(tmp) / "neutral"
        write(with_text(target, text), directory)
        write(with_text(target, _neutral(text)), neutral)
        event(f"outcome: {check_dataset(directory, neutral)}")


@pytest.mark.parametrize("text", ["IT4\nLIA", "IT4\tLIA"])
def test_a_refused_id_with_a_line_break_or_tab_is_still_one_clean_line(text: str) -> None:
    """The problem with a malformed id is reported on one line without the id's tab or line break."""
    target = next(t for t in TARGETS if t.model == "Factory" and t.field == "id")
    with tempfile.TemporaryDirectory() as tmp:
        write(with_text(target, text), Path(tmp) / "d")
        assert check_dataset(Path(tmp) / "d", Path(tmp) / "d") == "refused"

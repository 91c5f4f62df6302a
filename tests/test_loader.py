"""Loading: every broken dataset gives placed, one-line problems; valid data loads as written."""

from __future__ import annotations

import platform
import shutil
from pathlib import Path

import pytest

from aifx.dataset import loader, yamlfile
from aifx.dataset.loader import load
from aifx.errors import DataError
from conftest import DATA, FIXTURES, aifx


@pytest.fixture(params=["c", "pure"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test once on libyaml's C parser and once on the pure-Python fallback used where it is missing."""
    if request.param == "pure":
        monkeypatch.setattr(yamlfile, "C_PARSER", None)
    elif yamlfile.C_PARSER is None:
        pytest.skip("ruamel.yaml.clib is not installed")
    return str(request.param)


@pytest.mark.skipif(platform.python_implementation() != "CPython", reason="ruamel.yaml.clib is CPython-only")
def test_the_c_parser_is_installed_and_used_on_cpython() -> None:
    """ruamel.yaml 0.19 no longer pulls in ruamel.yaml.clib; aifx depends on it so reading stays fast."""
    assert yamlfile.C_PARSER is not None


def test_both_parsers_read_the_shipped_data_identically(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml and the pure-Python parser give the same data for every shipped file."""
    texts = {path.name: path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.yaml"))}
    fast = {name: yamlfile.parse(text, name) for name, text in texts.items()}
    monkeypatch.setattr(yamlfile, "C_PARSER", None)
    assert fast == {name: yamlfile.parse(text, name) for name, text in texts.items()}


def test_yaml_1_2_plain_scalars_that_libyaml_refuses_are_read(parser: str) -> None:
    """`[AI:AT]` is a one-item list in YAML 1.2; libyaml's older rules refuse it, so the pure parser decides."""
    assert yamlfile.parse("aliases: [AI:AT, AIAT]\n", "x.yaml") == {"aliases": ["AI:AT", "AIAT"]}


def test_yaml_1_2_words_stay_strings_and_core_types_are_typed(parser: str) -> None:
    """NO, yes, off and y stay text under YAML 1.2; true, 7, 0x1F, 1.5, null and dates are typed."""
    text = "a: [NO, yes, off, y, On]\nb: [true, 7, 0x1F, 1.5, null, ~, 2024-12-10]\nc: !!str 3\nd: '7'\n"
    data = yamlfile.parse(text, "x.yaml")
    assert data["a"] == ["NO", "yes", "off", "y", "On"]
    assert [type(v).__name__ for v in data["b"]] == ["bool", "int", "int", "float", "NoneType", "NoneType", "date"]
    assert data["b"][2] == 31
    assert data["c"] == "3" and data["d"] == "7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x 1\n", "x.yaml:1:4: anchors and aliases"),
        ("a: [1]\nb: *x\n", "x.yaml:2:4: anchors and aliases"),
        ("a: 1\nb: 2\na: 3\n", "x.yaml:3:1: duplicate key 'a' (first given on line 1)"),
        ("a: " + "[" * 41 + "]" * 41 + "\n", "nested deeper than 40 levels"),
        ("a: !!python/object:os.system x\n", "x.yaml:1:4: the tag !!python/object:os.system is not allowed"),
        ("<<: {a: 1}\n", "x.yaml:1:1: merge keys (<<) are not allowed"),
        ("a: 1\n---\nb: 2\n", "x.yaml:2:1: a data file holds one YAML document"),
        ("a: b\n  c: [d\n", "x.yaml:2:4: mapping values are not allowed here"),
        ("a: \x01\n", "x.yaml:1:4: the character U+0001 is not allowed"),
    ],
)
def test_strict_rules_hold_on_both_parsers_and_are_placed(parser: str, text: str, expected: str) -> None:
    """Anchors, aliases, duplicate keys, deep nesting, tags, merges, extra documents: refused at line:column."""
    with pytest.raises(DataError) as info:
        yamlfile.parse(text, "x.yaml")
    assert expected in str(info.value)


def test_an_alias_bomb_is_refused_at_its_first_anchor(parser: str) -> None:
    """A billion-laughs document never expands on either parser: the first anchor is the error."""
    bomb = "a: &a [x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    with pytest.raises(DataError, match=r"x.yaml:1:4: anchors and aliases"):
        yamlfile.parse(bomb, "x.yaml")


def test_very_deep_nesting_ends_cleanly_on_both_parsers(parser: str) -> None:
    """A million open brackets are refused at the 41st, not by exhausting the stack."""
    with pytest.raises(DataError, match="nested deeper than 40 levels"):
        yamlfile.parse("a: " + "[" * 1_000_000, "x.yaml")


def _problems(name: str) -> list[str]:
    with pytest.raises(DataError) as info:
        load(FIXTURES / name)
    return [str(p) for p in info.value.problems]


def test_valid_fixture_loads_with_norway_kept_as_no(parser: str) -> None:
    """YAML 1.2 keeps `NO` a string, so Norway's code survives loading."""
    catalog = load(FIXTURES / "valid")
    assert catalog.factories["NORD-AF"].country == "NO"
    assert catalog.waves[1].announced.isoformat() == "2024-12-10"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("syntax_error", "factories.yaml:12:16: while parsing a flow sequence"),
        ("wrong_type", "factories.yaml:7:9: NORD-AF.wave: Input should be a valid integer"),
        ("unknown_field", "factories.yaml:10:9: NORD-AF.town: unknown field"),
        ("duplicate_id", "factories.yaml:24:7: nord-af.id: 'nord-af' is already used by NORD-AF"),
        ("missing_source", "factories.yaml:34:13: ANT-1.sources[0]: unknown source 'no-such-source'"),
    ],
)
def test_broken_fixture_names_file_line_and_field(parser: str, fixture: str, expected: str) -> None:
    """Each kind of mistake is reported once, at its file:line:column, with the record and field."""
    problems = _problems(fixture)
    assert len(problems) == 1
    assert expected in problems[0]


@pytest.mark.parametrize("fixture", ["syntax_error", "wrong_type", "unknown_field", "duplicate_id", "missing_source"])
def test_cli_validate_exits_1_with_message_on_stderr(fixture: str) -> None:
    """`aifx data validate --data DIR` prints the problem on stderr, nothing on stdout, and exits 1."""
    run = aifx("data", "validate", "--data", str(FIXTURES / fixture))
    assert run.code == 1
    assert run.out == ""
    assert f"{fixture}/factories.yaml:" in run.err
    assert "Traceback" not in run.err


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    """Several mistakes in several places come back together, not one per run."""
    shutil.copytree(FIXTURES / "valid", tmp_path / "d")
    factories = tmp_path / "d" / "factories.yaml"
    text = factories.read_text().replace("wave: 1", "wave: one").replace("country: IS", "country: XX")
    factories.write_text(text)
    with pytest.raises(DataError) as info:
        load(tmp_path / "d")
    messages = [p.message for p in info.value.problems]
    assert len(messages) == 2
    assert any("ISO 3166-1" in m for m in messages)


def _write(tmp_path: Path, text: str) -> Path:
    directory = tmp_path / "d"
    shutil.copytree(FIXTURES / "valid", directory)
    (directory / "extra.yaml").write_text(text, encoding="utf-8")
    return directory


def test_anchors_and_aliases_are_refused(parser: str, tmp_path: Path) -> None:
    """An alias bomb never expands: the first anchor is an error."""
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n"
    with pytest.raises(DataError, match="anchors and aliases"):
        load(_write(tmp_path, bomb))


def test_duplicate_keys_are_refused(parser: str, tmp_path: Path) -> None:
    """A key given twice is an error, not a silent overwrite."""
    with pytest.raises(DataError, match="duplicate key"):
        load(_write(tmp_path, "sources: []\nsources: []\n"))


def test_deep_nesting_is_refused(parser: str, tmp_path: Path) -> None:
    """Absurd nesting ends in a clean error, not a RecursionError."""
    with pytest.raises(DataError, match="nested deeper"):
        load(_write(tmp_path, "sources: " + "[" * 500 + "]" * 500 + "\n"))


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file over the size cap is refused by size, before parsing."""
    monkeypatch.setattr(loader, "MAX_FILE_BYTES", 100)
    with pytest.raises(DataError, match="the limit is 100"):
        load(_write(tmp_path, "# " + "x" * 200 + "\n"))


def test_invalid_utf8_is_placed(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 are reported with their line."""
    directory = _write(tmp_path, "")
    (directory / "extra.yaml").write_bytes(b"sources: []\n# \xff\n")
    with pytest.raises(DataError, match=r"extra.yaml:2:1: not valid UTF-8"):
        load(directory)


@pytest.mark.parametrize(
    ("before", "after", "message"),
    [
        ("lat: 59.91", "lat: 5.91", "(5.91, 10.75) lies outside Europe's bounding box"),
        ("selected: 2025-10-13", "selected: 2999-01-01", "2999-01-01 is in the future"),
        ("retrieved: 2026-11-01\n- id: blog-one", "retrieved: 2024-01-01\n- id: blog-one", "is before published"),
    ],
)
def test_impossible_places_and_dates_are_refused(tmp_path: Path, before: str, after: str, message: str) -> None:
    """Coordinates lie in Europe, no date is in the future, and nothing is retrieved before it was published."""
    directory = _write(tmp_path, "")
    for name in ("factories.yaml", "sources.yaml"):
        path = directory / name
        path.write_text(path.read_text().replace(before, after))
    with pytest.raises(DataError) as info:
        load(directory)
    assert any(message in p.message for p in info.value.problems), info.value


def test_control_and_bidi_characters_are_refused(tmp_path: Path) -> None:
    """Text that could fool a terminal is refused at validation."""
    directory = _write(tmp_path, "")
    factories = directory / "factories.yaml"
    factories.write_text(factories.read_text().replace("Test Host", '"Test \\u202eHost"'))
    with pytest.raises(DataError, match="bidi"):
        load(directory)


def test_references_must_match_ids_exactly_with_a_hint(tmp_path: Path) -> None:
    """A link that differs from an id only in case is refused with the right spelling offered."""
    directory = _write(tmp_path, "")
    factories = directory / "factories.yaml"
    factories.write_text(factories.read_text().replace("linked_factories: [NORD-AF]", "linked_factories: [nord-af]"))
    with pytest.raises(
        DataError, match=r"ANT-1.linked_factories\[0\]: 'nord-af' is not a factory id \(write it as 'NORD-AF'\)"
    ):
        load(directory)


@pytest.mark.parametrize("sneaky", ["\\e[2J", "\\u009b", "\\u202e", "\\u200b", "\\u2060", "\\u00ad", "\\U000E0041"])
def test_urls_are_checked_like_any_text(tmp_path: Path, sneaky: str) -> None:
    """A URL carrying ESC, C1, bidi, zero-width, soft-hyphen or tag characters is refused at load."""
    directory = _write(tmp_path, "")
    sources = directory / "sources.yaml"
    text = sources.read_text()
    url = next(line.split("url: ", 1)[1] for line in text.splitlines() if "url: " in line)
    sources.write_text(text.replace(f"url: {url}", f'url: "{url}{sneaky}"', 1))
    with pytest.raises(DataError, match="invisible, control or bidi character"):
        load(directory)


def test_today_for_the_checks_is_the_latest_date_on_earth() -> None:
    """Dates are checked against UTC+14, the zone furthest ahead: 10:00 UTC is already tomorrow there."""
    import datetime as dt

    from aifx.dataset.checks import latest_today

    assert latest_today(dt.datetime(2026, 3, 1, 9, 59, tzinfo=dt.UTC)) == dt.date(2026, 3, 1)
    assert latest_today(dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC)) == dt.date(2026, 3, 2)
    honolulu = dt.timezone(dt.timedelta(hours=-10))
    assert latest_today(dt.datetime(2026, 2, 28, 23, 30, tzinfo=honolulu)) == dt.date(2026, 3, 1)


# The child's own peak: /proc's VmHWM belongs to the process's memory since exec, whereas ru_maxrss after a fork and
# exec keeps the parent's peak (a test process grown large by earlier tests would be measured instead).
_FLOOD = """
import resource, sys
from aifx.cli.app import app
try:
    app(["data", "validate", sys.argv[1]])
except SystemExit as exc:
    try:
        with open("/proc/self/status") as status:
            peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(exc.code, peak)
"""


def test_a_flood_of_bad_records_lists_the_first_problems_and_counts_the_rest(tmp_path: Path) -> None:
    """100,000 bad records: 1,000 problems listed and placed, the rest counted in one line, in bounded memory."""
    import shutil
    import subprocess
    import sys

    from aifx.dataset.loader import MAX_PROBLEMS

    data = Path(shutil.copytree(FIXTURES / "valid", tmp_path / "data"))
    records = 100_000
    (data / "more.yaml").write_text("factories:\n" + "".join(f"- {{id: F{i}}}\n" for i in range(records)))
    run = subprocess.run([sys.executable, "-c", _FLOOD, str(data)], capture_output=True, text=True, timeout=300)
    code, peak = map(int, run.stdout.split())
    lines = run.stderr.splitlines()
    missing = records * 8  # name, kind, country, city, host, status, verification, sources
    assert code == 1
    assert len(lines) == MAX_PROBLEMS + 2, lines[-3:]
    assert lines[0].endswith("more.yaml:2:3: F0.name: Field required")
    assert lines[-2] == f"… and {missing - MAX_PROBLEMS:,} more problems not listed (fix these and run again)"
    assert lines[-1] == f"aifx: {missing:,} problems in the data; nothing was changed on disk"
    if sys.platform == "linux":  # ru_maxrss is in KiB there (bytes on macOS)
        assert peak < 256 * 1024, f"peak {peak // 1024} MiB"

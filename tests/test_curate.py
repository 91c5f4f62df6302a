"""The curator commands under `aifx data`: --data (and DIR for the checkers), no edits to an installed copy, listing
field names, set-claim, bump, and help examples that run as printed."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from aifx.dataset.loader import installed_copy, load
from conftest import DATA, ROOT, aifx
from test_docs import COMMANDS as BROWSE
from test_docs import CURATE

SOURCE = "evertiq-2024-12-12-first-ai-factories"
ADD_SOURCE = [
    "add-source", "example-2026-01-01-new", "--url", "https://example.org/new", "--title", "New",
    "--publisher", "Example", "--kind", "news",
]  # fmt: skip
EDITS = {  # one real, valid edit per command that writes (all but fmt, which takes no arguments)
    "set": ["set", "MIMER", "city", "Linkoping", "--source", SOURCE],
    "set-claim": ["set-claim", "HAMMERHAI", "2", "--note", "Checked again."],
    "add-claim": ["add-claim", "MIMER", "--value", "99", "--source", SOURCE],
    "add-source": ADD_SOURCE,
    "bump": ["bump", "patch"],
}
DATA_COMMANDS = [
    ["validate"],
    ["schema"],
    *([*args, "--dry-run"] for args in EDITS.values()),
    ["fmt", "--check"],
    ["stale", "--days", "30"],
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the shipped dataset to edit."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def _snapshot(directory: Path) -> dict[str, bytes]:
    """Every file in a dataset directory, temp files included, by name."""
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


def _changed(before: str, after: str) -> list[tuple[int, str, str]]:
    """Lines that differ, as (line number, before, after), for edits that must not add or remove lines."""
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new), "the edit added or removed lines"
    return [(i + 1, a, b) for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


# 1. The data folder: --data everywhere, DIR too for validate and fmt


@pytest.mark.parametrize("args", DATA_COMMANDS, ids=lambda a: a[0])
def test_data_option_works_after_the_subcommand_and_before_data(data: Path, args: list[str]) -> None:
    """`aifx data CMD … --data DIR` and `aifx --data DIR data CMD …` both read DIR."""
    assert aifx("data", *args, "--data", str(data)).code == 0
    assert aifx("--data", str(data), "data", *args).code == 0
    if args[0] == "schema":  # the schema does not depend on the data
        return
    (data / "waves.yaml").write_text("waves: [\n", encoding="utf-8")
    for run in (aifx("data", *args, "--data", str(data)), aifx("--data", str(data), "data", *args)):
        assert run.code == 1
        assert "waves.yaml:2:1:" in run.err


@pytest.mark.parametrize(
    "args",
    [
        ["bump", "patch", "{dir}"],
        ["stale", "{dir}"],
        ["validate", "--dir", "{dir}"],
        ["stale", "--dir", "{dir}"],
        ["set", "MIMER", "city", "X", "--source", SOURCE, "--dir", "{dir}"],
        ["set", "MIMER", "city", "X", "--source", SOURCE, "-n", "--data", "{dir}"],
    ],
    ids=" ".join,
)
def test_old_spellings_of_the_data_folder_are_usage_errors(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """DIR beyond validate and fmt, --dir and -n (for --dry-run) exit 2 and write nothing anywhere."""
    decoy = Path(shutil.copytree(DATA, tmp_path / "decoy"))  # where an edit would go if DIR were ignored
    monkeypatch.setenv("AIFX_DATA", str(decoy))
    before, before_decoy = _snapshot(data), _snapshot(decoy)
    run = aifx("data", *(a.replace("{dir}", str(data)) for a in args))
    assert run.code == 2
    assert run.err.count("\n") == 1 and "see aifx data" in run.err
    assert (_snapshot(data), _snapshot(decoy)) == (before, before_decoy)


@pytest.mark.parametrize("args", [["validate"], ["fmt", "--check"]], ids=" ".join)
def test_validate_and_fmt_take_the_data_folder_as_an_argument(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    """`aifx data validate DIR` and `aifx data fmt --check DIR` read DIR, as `ruff check PATH` would, not $AIFX_DATA."""
    monkeypatch.setenv("AIFX_DATA", str(Path(shutil.copytree(DATA, tmp_path / "decoy"))))
    assert aifx("data", *args, str(data)).code == 0
    (data / "waves.yaml").write_text("waves: [\n", encoding="utf-8")
    run = aifx("data", *args, str(data))
    assert run.code == 1
    assert "waves.yaml:2:1:" in run.err


def test_fmt_rewrites_the_folder_it_is_given(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`aifx data fmt DIR` reformats the files in DIR and nowhere else."""
    decoy = Path(shutil.copytree(DATA, tmp_path / "decoy"))
    monkeypatch.setenv("AIFX_DATA", str(decoy))
    path = data / "waves.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  announced:", "  announced:  "), encoding="utf-8")
    before_decoy = _snapshot(decoy)
    run = aifx("data", "fmt", str(data))
    assert (run.code, run.err.count("reformatted")) == (0, 1)
    assert aifx("data", "fmt", "--check", str(data)).code == 0
    assert _snapshot(decoy) == before_decoy


@pytest.mark.parametrize("args", [["validate"], ["fmt"], ["fmt", "--check"]], ids=" ".join)
def test_dir_and_the_same_data_folder_agree(data: Path, args: list[str]) -> None:
    """DIR and --data may both be given when they name one folder, however spelled."""
    assert aifx("data", *args, str(data), "--data", f"{data}/").code == 0
    assert aifx("--data", str(data), "data", *args, str(data / ".." / "data")).code == 0


@pytest.mark.parametrize("args", [["validate"], ["fmt"], ["fmt", "--check"]], ids=" ".join)
def test_dir_and_a_different_data_folder_are_a_usage_error(data: Path, tmp_path: Path, args: list[str]) -> None:
    """DIR and a different --data (after the command or before `data`) exit 2 with one line and change nothing."""
    other = Path(shutil.copytree(DATA, tmp_path / "other"))
    (data / "waves.yaml").write_text((data / "waves.yaml").read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    before = _snapshot(data), _snapshot(other)
    for run in (
        aifx("data", *args, str(data), "--data", str(other)),
        aifx("--data", str(other), "data", *args, str(data)),
    ):
        assert (run.code, run.out) == (2, "")
        assert run.err == f"aifx: DIR {str(data)!r} and --data {str(other)!r} are different directories; give one\n"
    assert (_snapshot(data), _snapshot(other)) == before


@pytest.mark.parametrize("args", [["validate"], ["fmt"], ["fmt", "--check"]], ids=" ".join)
@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_dir_that_is_no_directory_is_named(tmp_path: Path, args: list[str], kind: str) -> None:
    """DIR naming nothing, or a file, ends in one line naming it and exit 1, as --data does."""
    path = tmp_path / "nowhere"
    if kind == "file":
        path.write_text("waves: []\n", encoding="utf-8")
    run = aifx("data", *args, str(path))
    assert (run.code, run.out) == (1, "")
    assert run.err == f"aifx: {path}: not a directory (from DIR)\n"


# 2. Edits refuse to write inside an installed package


def test_installed_copy_is_the_packaged_data_or_anything_under_site_packages(tmp_path: Path) -> None:
    """Only a dataset inside an installed package counts as the installed copy; clones and the checkout do not."""
    import aifx

    assert installed_copy(Path(aifx.__file__).parent / "data")
    assert installed_copy(tmp_path / "lib" / "python3.11" / "site-packages" / "aifx" / "data")
    assert installed_copy(tmp_path / "usr" / "lib" / "python3" / "dist-packages" / "aifx" / "data")
    assert not installed_copy(DATA)
    assert not installed_copy(tmp_path / "clone" / "data")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """aifx as a wheel would install it: site-packages/aifx with the dataset in site-packages/aifx/data."""
    site = tmp_path_factory.mktemp("installed") / "site-packages"
    shutil.copytree(ROOT / "src" / "aifx", site / "aifx", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(DATA, site / "aifx" / "data")
    return site


def _run_installed(site: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed copy of aifx in a fresh interpreter, as `aifx ARGS` would, without $AIFX_DATA."""
    code = f"import sys; sys.path.insert(0, {str(site)!r}); from aifx.__main__ import main; sys.argv = {['aifx', *args]!r}; main()"
    environ = {k: v for k, v in os.environ.items() if k != "AIFX_DATA"} | (env or {})
    return subprocess.run(
        [sys.executable, "-c", code], cwd=site.parent, env=environ, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("args", [*EDITS.values(), ["fmt"]], ids=lambda a: a[0])
def test_edits_refuse_the_installed_copy(installed: Path, args: list[str]) -> None:
    """Without --data or $AIFX_DATA, edits to the dataset inside an installed package exit 2 and write nothing."""
    before = _snapshot(installed / "aifx" / "data")
    run = _run_installed(installed, "data", *args)
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1
    assert "clone" in run.stderr and "pip install -e ." in run.stderr and "--data" in run.stderr
    assert "Traceback" not in run.stderr
    assert _snapshot(installed / "aifx" / "data") == before


def test_installed_copy_can_be_edited_when_named(installed: Path) -> None:
    """Naming the installed copy with --data or $AIFX_DATA is a deliberate choice: the edit goes ahead."""
    where = str(installed / "aifx" / "data")
    before = _snapshot(installed / "aifx" / "data")
    named = _run_installed(installed, "data", *EDITS["set"], "--dry-run", "--data", where)
    assert named.returncode == 0, named.stderr
    assert "+  city: Linkoping" in named.stdout
    from_env = _run_installed(installed, "data", "bump", "patch", "--dry-run", env={"AIFX_DATA": where})
    assert from_env.returncode == 0, from_env.stderr
    assert "+  version: " in from_env.stdout and "-  version: " in from_env.stdout
    checked = _run_installed(installed, "data", "fmt", "--check")  # reading the installed copy is fine
    assert checked.returncode == 0, checked.stderr
    formatted = _run_installed(installed, "data", "fmt", where)  # DIR names it as --data does
    assert formatted.returncode == 0, formatted.stderr
    assert _snapshot(installed / "aifx" / "data") == before


# 3. One name per field


def test_set_takes_the_listing_name_of_a_field(data: Path) -> None:
    """`data set MIMER experimental true` sets the YAML key experimental_platform, as listings name it."""
    path = data / "factories.yaml"
    before = path.read_text(encoding="utf-8")
    run = aifx("data", "set", "MIMER", "experimental", "true", "--source", SOURCE, "--data", str(data))
    assert run.code == 0, run.err
    changed = [(a, b) for _, a, b in _changed(before, path.read_text(encoding="utf-8")) if "experimental" in a + b]
    assert changed == [("  experimental_platform: false", "  experimental_platform: true")]
    assert load(data, cache=False).factories["MIMER"].experimental_platform is True
    shown = aifx("--data", str(data), "list", "--columns", "id,experimental", "--where", "id = MIMER", "-f", "csv")
    assert shown.out.splitlines() == ["id,experimental", "MIMER,yes"]


def test_linked_factories_is_one_name_for_set_and_listings(data: Path) -> None:
    """linked_factories is set, listed and filtered under one name; a one-line list stays on one line."""
    path = data / "antennas.yaml"
    before = path.read_text(encoding="utf-8")
    cited = "holyrood-2025-10-13-edinburgh"  # already cited by UK-AIFA, so only the edited line changes
    run = aifx("data", "set", "UK-AIFA", "linked_factories", "HAMMERHAI,MIMER", "--source", cited, "--data", str(data))
    assert run.code == 0, run.err
    assert [(a, b) for _, a, b in _changed(before, path.read_text(encoding="utf-8"))] == [
        ("  linked_factories: [HAMMERHAI]", "  linked_factories: [HAMMERHAI, MIMER]")
    ]
    listed = aifx(
        "--data", str(data), "list", "--columns", "id,linked_factories",
        "--where", "linked_factories contains MIMER", "--where", "linked_factories contains HAMMERHAI", "-f", "json",
    )  # fmt: skip
    assert listed.code == 0, listed.err
    assert json.loads(listed.out) == [{"id": "UK-AIFA", "linked_factories": ["HAMMERHAI", "MIMER"]}]


def test_add_source_without_published_is_undated(data: Path) -> None:
    """--published may be omitted, as its help says: the source is written with `published:` null."""
    run = aifx("data", *EDITS["add-source"], "--data", str(data))
    assert run.code == 0, run.err
    added = load(data, cache=False).sources["example-2026-01-01-new"]
    assert (added.published, added.retrieved) == (None, dt.date.today())
    assert "  published:\n" in (data / "sources.yaml").read_text(encoding="utf-8").split("example-2026-01-01-new")[1]


def test_unknown_field_lists_settable_fields_by_listing_name(data: Path) -> None:
    """An unknown field exits 2, writes nothing, and lists the settable fields as listings name them."""
    before = _snapshot(data)
    run = aifx("data", "set", "MIMER", "colour", "blue", "--source", SOURCE, "--data", str(data))
    assert run.code == 2
    assert run.err.count("\n") == 1
    settable = run.err.split("settable fields: ", 1)[1].split(" (", 1)[0].split(", ")
    assert {"experimental", "linked_factories", "status", "city"} <= set(settable)
    assert "experimental_platform" not in settable and "id" not in settable and "sources" not in settable
    assert _snapshot(data) == before


# 4. set-claim


def test_set_claim_changes_only_that_claims_lines(data: Path) -> None:
    """set-claim rewrites claim N in place: only its lines change, the other claims load as before."""
    path = data / "factories.yaml"
    before_text, before = path.read_text(encoding="utf-8"), load(data, cache=False).factories["HAMMERHAI"].budget
    run = aifx(
        "data", "set-claim", "HAMMERHAI", "2", "--stated", "85 million euros", "--qualifier", "about",
        "--data", str(data),
    )  # fmt: skip
    assert run.code == 0, run.err
    assert [(a, b) for _, a, b in _changed(before_text, path.read_text(encoding="utf-8"))] == [
        ("    qualifier: exact", "    qualifier: about"),
        ("    stated: '85'", "    stated: '85 million euros'"),  # its quoting is kept
    ]
    after = load(data, cache=False).factories["HAMMERHAI"].budget
    assert (after[0], after[2]) == (before[0], before[2])
    assert (after[1].stated, after[1].qualifier.value, after[1].value) == ("85 million euros", "about", 85)


def test_set_claim_numbers_claims_as_show_lists_them(data: Path) -> None:
    """N counts claims in file order, the order `aifx show` lists them (UK-AIFA's preferred claim is third)."""
    run = aifx("data", "set-claim", "UK-AIFA", "3", "--note", "Checked again.", "--data", str(data))
    assert run.code == 0, run.err
    shown = json.loads(aifx("--data", str(data), "show", "UK-AIFA", "--format", "json").out)
    assert [c["note"] == "Checked again." for c in shown["budget"]] == [False, False, True]
    assert shown["budget"][2]["scope"] == "national_share"


def test_set_claim_source_adds_and_never_replaces(data: Path) -> None:
    """--source adds to the claim's sources, once; the sources it had stay."""
    before = load(data, cache=False).factories["LUMI-AF"].budget[0].sources
    new = "csc-undated-aifactory-kajaani"
    for _ in range(2):  # the second time it is already there
        run = aifx("data", "set-claim", "LUMI-AF", "1", "--source", new, "--source", before[0], "--data", str(data))
        assert run.code == 0, run.err
    assert load(data, cache=False).factories["LUMI-AF"].budget[0].sources == [*before, new]


def test_set_claim_value_zero_is_a_change(data: Path) -> None:
    """--value 0 is an option given, not 'no option'; it sets the amount to 0."""
    run = aifx("data", "set-claim", "MIMER", "1", "--value", "0", "--data", str(data))
    assert run.code == 0, run.err
    assert load(data, cache=False).factories["MIMER"].budget[0].value == 0


def test_set_claim_fills_an_empty_sources_key(data: Path) -> None:
    """A claim written with an empty `sources:` gets the --source given, instead of a crash."""
    path = data / "factories.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    stated: '85'\n    sources: [world-today-news-2024-12-ai-revolution]\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "    stated: '85'\n    sources:\n"), encoding="utf-8")
    run = aifx("data", "set-claim", "HAMMERHAI", "2", "--source", SOURCE, "--data", str(data))
    assert run.code == 0, run.err
    assert load(data, cache=False).factories["HAMMERHAI"].budget[1].sources == [SOURCE]


@pytest.mark.parametrize(("number", "expected"), [("0", "N must be 1–3 (got 0)"), ("4", "N must be 1–3 (got 4)")])
def test_set_claim_out_of_range_names_the_valid_range(data: Path, number: str, expected: str) -> None:
    """A claim number outside 1..len(budget) exits 2 naming the valid range; nothing is written."""
    before = _snapshot(data)
    run = aifx("data", "set-claim", "HAMMERHAI", number, "--rank", "normal", "--data", str(data))
    assert run.code == 2
    assert expected in run.err and "HAMMERHAI has 3 budget claims" in run.err
    assert _snapshot(data) == before


def test_set_claim_without_an_option_is_a_usage_error(data: Path) -> None:
    """set-claim with nothing to change exits 2 and says which options there are."""
    before = _snapshot(data)
    run = aifx("data", "set-claim", "HAMMERHAI", "1", "--dry-run", "--data", str(data))
    assert run.code == 2
    assert "give at least one of --value, --rank" in run.err
    assert run.out == ""
    assert _snapshot(data) == before


def test_a_second_preferred_claim_is_refused(data: Path) -> None:
    """Making a second preferred claim on the same scope fails validation: exit 1, placed message, nothing written."""
    before = _snapshot(data)
    run = aifx("data", "set-claim", "HAMMERHAI", "2", "--rank", "preferred", "--data", str(data))
    assert run.code == 1
    assert "HAMMERHAI.budget[1].rank: a second preferred total claim" in run.err
    assert "nothing was changed on disk" in run.err
    assert _snapshot(data) == before


def test_deprecating_a_claim_with_a_note_shows_in_show(data: Path) -> None:
    """A claim deprecated with a note is shown by `aifx show --format json` as deprecated, with that note."""
    note = "Superseded by the ministry's figure."
    run = aifx("data", "set-claim", "HAMMERHAI", "2", "--rank", "deprecated", "--note", note, "--data", str(data))
    assert run.code == 0, run.err
    assert "factories.yaml: updated (" in run.err
    claim = json.loads(aifx("--data", str(data), "show", "HAMMERHAI", "--format", "json").out)["budget"][1]
    assert (claim["rank"], claim["note"]) == ("deprecated", note)


# 5. bump


def _at_version(data: Path, version: str) -> Path:
    """The copy's dataset.yaml with its version line set to ``version``, whatever the shipped one is."""
    path = data / "dataset.yaml"
    text = re.sub(r"(?m)^  version: .*$", f"  version: {version}", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("part", "version"), [("patch", "1.0.1"), ("minor", "1.1.0"), ("major", "2.0.0")])
def test_bump_raises_the_version_and_dates_it_today(data: Path, part: str, version: str) -> None:
    """`data bump PART` raises the SemVer part and sets as_of to today; only those lines change, comments stay."""
    path = _at_version(data, "1.0.0")
    before = path.read_text(encoding="utf-8")
    assert "  version: 1.0.0\n" in before
    dry = aifx("data", "bump", part, "--dry-run", "--data", str(data))
    assert dry.code == 0 and f"+  version: {version}" in dry.out
    assert path.read_text(encoding="utf-8") == before
    assert aifx("data", "bump", part, "--data", str(data)).code == 0
    after = path.read_text(encoding="utf-8")
    today = dt.date.today().isoformat()
    changed = {b for _, _, b in _changed(before, after)}
    assert changed <= {f"  version: {version}", f"  as_of: {today}"} and f"  version: {version}" in changed
    assert f"  as_of: {today}\n" in after
    comments = [line for line in before.splitlines() if line.startswith("#")]
    assert comments and all(line in after.splitlines() for line in comments)
    assert load(data, cache=False).dataset is not None and load(data, cache=False).dataset.version == version


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Move the process's local time zone (TZ and tzset), as a curator or reader elsewhere on Earth has it."""

    def move(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield move
    monkeypatch.undo()
    time.tzset()


def test_a_bump_at_utc_plus_14_loads_at_utc_minus_12(data: Path, zone: Callable[[str], None]) -> None:
    """A curator's today (UTC+14) is never "in the future" for a reader at the same instant where it is yesterday."""
    zone("Etc/GMT-14")  # POSIX signs are reversed: this is UTC+14
    curator_today = dt.date.today()
    assert aifx("data", "bump", "patch", "--data", str(data)).code == 0
    published = ["--published", curator_today.isoformat()]
    run = aifx("data", *EDITS["add-source"], *published, "--data", str(data))
    assert run.code == 0, run.err
    zone("Etc/GMT+12")  # UTC-12: 26 hours behind, so always at least a day earlier
    assert dt.date.today() < curator_today
    run = aifx("data", "validate", "--data", str(data))
    assert run.code == 0, run.err
    assert aifx("show", "MIMER", "--data", str(data)).code == 0
    assert load(data, cache=False).dataset.as_of == curator_today  # type: ignore[union-attr]


def test_bump_on_a_malformed_version_is_a_message(data: Path) -> None:
    """A version that is not MAJOR.MINOR.PATCH ends with a one-line message naming it, not a traceback."""
    _at_version(data, "'1.0'")
    before = _snapshot(data)
    run = aifx("data", "bump", "patch", "--data", str(data))
    assert run.code == 1
    assert "dataset.version '1.0' is not MAJOR.MINOR.PATCH" in run.err
    assert _snapshot(data) == before


# 6. Help examples run as printed

COMMANDS = [c.split() for c in [*CURATE, *BROWSE] if c != "serve"]  # serve would start a server; the rest run


def _examples(command: list[str]) -> list[str]:
    """The example lines of `aifx CMD --help`, unwrapped and without rich's box characters."""
    shown = aifx(*command, "--help", env={"COLUMNS": "250", "NO_COLOR": "1"}).out.splitlines()
    start = next((i for i, line in enumerate(shown) if line.strip(" │") == "Examples"), len(shown))
    lines = [line.strip(" │") for line in shown[start + 1 :]]
    return [line for line in lines if line.startswith("aifx ")]


EXAMPLES = [example for command in COMMANDS for example in _examples(command)]


def test_every_command_has_a_help_example() -> None:
    """Every curator and browse command shows at least one example to copy."""
    assert [c for c in COMMANDS if not _examples(c)] == []


@pytest.fixture(scope="module")
def example_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the dataset, and one cache, for all the examples (they only read, or write with --dry-run)."""
    return Path(shutil.copytree(DATA, tmp_path_factory.mktemp("examples") / "data"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_help_example_runs(example: str, example_data: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each example in `aifx CMD --help` can be copied and run: exit 0 on the shipped data, nothing written."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(example_data.parent / "cache"))  # parse the copy once, not per example
    monkeypatch.chdir(tmp_path)  # export examples write files: here, each in its own directory
    args = [str(example_data) if a == "./data" else a for a in shlex.split(example)[1:]]  # DIR and --data agree
    if ">" in args:  # shell redirection: the command is what comes before it
        args = args[: args.index(">")]
    before = _snapshot(example_data)
    run = aifx(*args, "--data", str(example_data))
    assert run.code == 0, run.err
    assert _snapshot(example_data) == before

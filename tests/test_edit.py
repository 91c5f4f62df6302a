"""Curators' edits: round-trip safe, validated before writing, atomic, and reversible by diff."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aifx.dataset import atomic, edit
from aifx.dataset.loader import load
from aifx.errors import AifxError, DataError
from conftest import DATA, FIXTURES, ROOT, aifx

SOURCE = "evertiq-2024-12-12-first-ai-factories"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the shipped dataset to edit."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def _changed_lines(before: str, after: str) -> set[str]:
    import difflib

    return {line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:2] in ("- ", "+ ")}


def test_set_changes_only_the_edited_line(data: Path) -> None:
    """Setting a field rewrites one line; comments, order and quoting elsewhere are untouched."""
    path = data / "factories.yaml"
    before = path.read_text(encoding="utf-8")
    run = aifx(
        "data", "set", "pharos", "website", "https://pharos.example.org", "--source", SOURCE, "--data", str(data)
    )
    assert run.code == 0, run.err
    after = path.read_text(encoding="utf-8")
    assert _changed_lines(before, after) == {"-   website:", "+   website: https://pharos.example.org"}
    assert load(data, cache=False).factories["PHAROS"].website == "https://pharos.example.org"


@pytest.mark.parametrize(
    ("command", "edited"),
    [
        (["set", "MIMER", "city", "Linkoping", "--source", SOURCE], "factories.yaml"),
        (["add-claim", "MIMER", "--value", "100", "--qualifier", "about", "--source", SOURCE], "factories.yaml"),
        (["add-source", "x-2026-01-15-call", "--url", "https://example.org/x", "--title", "Call", "--publisher",
          "X", "--kind", "official", "--published", "2026-01-15"], "sources.yaml"),
    ],
)  # fmt: skip
def test_an_edit_reads_and_writes_back_only_its_record(data: Path, command: list[str], edited: str) -> None:
    """Only the edited record goes through the round trip: lines elsewhere that a whole-file round trip would
    respace (`id:   X`) are left exactly as they are, and only the record's own lines change."""
    path = data / edited
    first = path.read_text(encoding="utf-8").replace("- id: ", "- id:   ", 1)  # the file's first record
    path.write_text(first, encoding="utf-8")
    run = aifx("data", *command, "--data", str(data))
    assert run.code == 0, run.err
    after = path.read_text(encoding="utf-8")
    assert after.count("- id:   ") == 1
    assert not any(line.startswith(("- - id:", "+ - id:   ")) for line in _changed_lines(first, after))


def test_set_cites_the_source_and_keeps_types(data: Path) -> None:
    """A new value's source is added to the record; YAML scalars keep their type (false, dates)."""
    aifx("data", "set", "MIMER", "experimental_platform", "true", "--source", SOURCE, "--data", str(data))
    record = load(data, cache=False).factories["MIMER"]
    assert record.experimental_platform is True
    assert SOURCE in record.sources


def test_dry_run_prints_a_diff_and_writes_nothing(data: Path) -> None:
    """--dry-run shows the unified diff on stdout and leaves the file as it was."""
    path = data / "factories.yaml"
    before = path.read_bytes()
    run = aifx("data", "set", "MIMER", "city", "Linkoping", "--source", SOURCE, "--data", str(data), "--dry-run")
    assert run.code == 0
    assert "-  city: Linköping" in run.out and "+  city: Linkoping" in run.out
    assert path.read_bytes() == before


def test_an_edit_that_breaks_the_dataset_is_refused(data: Path) -> None:
    """The whole dataset is validated before writing: a bad edit exits 1 and changes nothing."""
    before = {p.name: p.read_bytes() for p in data.glob("*.yaml")}
    for args in (["wave", "9"], ["country", "XX"], ["status", "Not A Status!"]):
        run = aifx("data", "set", "LUMI-AF", *args, "--source", SOURCE, "--data", str(data))
        assert run.code == 1, args
        assert "LUMI-AF." in run.err
    run = aifx("data", "set", "LUMI-AF", "city", "Kajaani", "--source", "no-such-source", "--data", str(data))
    assert run.code == 1 and "unknown source 'no-such-source'" in run.err
    assert {p.name: p.read_bytes() for p in data.glob("*.yaml")} == before


def test_unknown_field_lists_settable_ones(data: Path) -> None:
    """Setting a field that does not exist is a usage error naming the valid fields."""
    run = aifx("data", "set", "LUMI-AF", "colour", "blue", "--source", SOURCE, "--data", str(data))
    assert run.code == 2
    assert "settable fields: name, aliases" in run.err


def test_add_claim_keeps_existing_claims(data: Path) -> None:
    """A new budget claim is appended with its own sources; the others stay for comparison."""
    count = len(load(data, cache=False).factories["MIMER"].budget)
    run = aifx(
        "data", "add-claim", "MIMER", "--value", "99", "--qualifier", "about", "--source", SOURCE, "--data", str(data)
    )
    assert run.code == 0, run.err
    budget = load(data, cache=False).factories["MIMER"].budget
    assert len(budget) == count + 1
    assert (budget[-1].value, budget[-1].qualifier.value, budget[-1].sources) == (99, "about", [SOURCE])


def test_add_source_then_cite_it(data: Path) -> None:
    """A new source lands in sources.yaml and can be cited at once."""
    run = aifx(
        "data", "add-source", "example-2026-01-01-new", "--url", "https://example.org/new", "--title", "New",
        "--publisher", "Example", "--kind", "news", "--published", "2026-01-01", "--data", str(data),
    )  # fmt: skip
    assert run.code == 0, run.err
    assert (
        aifx(
            "data", "set", "LUMI-AF", "notes", "Checked.", "--source", "example-2026-01-01-new", "--data", str(data)
        ).code
        == 0
    )
    assert "example-2026-01-01-new" in load(data, cache=False).factories["LUMI-AF"].sources


def test_failure_before_replace_leaves_the_original_intact(data: Path) -> None:
    """A crash between writing the temp file and replacing the original loses nothing."""
    path = data / "factories.yaml"
    before = path.read_bytes()
    change = edit.set_field(data, "MIMER", "city", "Linkoping", source=SOURCE)

    def crash(tmp: str, target: Path) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        atomic.write(change, replace=crash)
    assert path.read_bytes() == before
    assert [p.name for p in data.iterdir() if p.name.startswith(".")] == []


def test_write_keeps_the_file_mode(data: Path) -> None:
    """An atomic replace keeps the original file's permissions."""
    path = data / "factories.yaml"
    path.chmod(0o640)
    atomic.write(edit.set_field(data, "MIMER", "city", "Linkoping", source=SOURCE))
    assert path.stat().st_mode & 0o777 == 0o640


def test_fmt_check_passes_on_shipped_data_and_fixes_layout(data: Path) -> None:
    """The shipped files are canonical; a re-indented file is reported, then reformatted."""
    assert aifx("data", "fmt", "--check", "--data", str(data)).code == 0
    path = data / "waves.yaml"
    path.write_text(path.read_text().replace("  announced:", "  announced:  "), encoding="utf-8")
    assert aifx("data", "fmt", "--check", "--data", str(data)).code == 1
    assert aifx("data", "fmt", "--data", str(data)).code == 0
    assert aifx("data", "fmt", "--check", "--data", str(data)).code == 0


def test_stale_lists_sources_not_checked_for_n_days() -> None:
    """`data stale --days N` lists exactly the sources last retrieved more than N days ago."""
    valid = str(FIXTURES / "valid")  # both sources retrieved 2026-11-01
    old = aifx("--data", valid, "data", "stale", "--days", "0", "-f", "csv").out.splitlines()[1:]
    assert sorted(line.split(",")[0] for line in old) == ["blog-one", "official-one"]
    assert aifx("--data", valid, "data", "stale", "--days", "100000", "-f", "csv").out.splitlines()[1:] == []


def test_committed_schema_equals_the_generated_one() -> None:
    """schema/aifx.schema.json is what `aifx data schema` prints, so editors and CI check the real rules."""
    assert aifx("data", "schema").out == (ROOT / "schema" / "aifx.schema.json").read_text(encoding="utf-8")


def test_broken_pipe_ends_quietly_with_141() -> None:
    """`aifx list | head -1` stops without a traceback, exit 141 like a SIGPIPE'd tool."""
    reader = subprocess.Popen(
        [sys.executable, "-m", "aifx", "export", "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert reader.stdout is not None
    reader.stdout.readline()
    reader.stdout.close()
    _, err = reader.communicate(timeout=60)
    assert reader.returncode == 141
    assert err == b""


def test_ctrl_c_ends_quietly_with_130(monkeypatch: pytest.MonkeyPatch) -> None:
    """An interrupt prints one line and exits 130."""
    from aifx.dataset import loader

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(loader, "load", interrupted)
    run = aifx("list")
    assert (run.code, run.err) == (130, "aifx: interrupted\n")


def test_data_error_never_shows_a_traceback(data: Path) -> None:
    """A broken file in the dataset gives file:line messages and exit 1 for every command."""
    (data / "waves.yaml").write_text("waves: [\n", encoding="utf-8")
    run = aifx("--data", str(data), "list")
    assert run.code == 1
    assert "waves.yaml:2:1:" in run.err
    assert "Traceback" not in run.err
    with pytest.raises(DataError):
        load(data, cache=False)


def test_os_errors_are_one_line_messages(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be written ends with a message naming it, exit 1, no traceback."""

    def refuse(change: edit.Change, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(change.path))

    monkeypatch.setattr(atomic, "write", refuse)
    run = aifx("data", "set", "MIMER", "city", "Linkoping", "--source", SOURCE, "--data", str(data))
    assert run.code == 1
    assert run.err == f"aifx: {data / 'factories.yaml'}: Permission denied\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["add-claim", "MIMER", "--value", "5", "--scope", "nonsense", "--source", SOURCE],
            "--scope: 'nonsense' is not one of",
        ),
        (["add-claim", "MIMER", "--value", "5"], "--value: a claim with a value needs at least one source"),
        (["add-source", "x-1", "--url", "ftp://x", "--title", "T", "--publisher", "P", "--kind", "news"], "--url:"),
        (
            [
                "add-source",
                "x-1",
                "--url",
                "https://x.org",
                "--title",
                "T",
                "--publisher",
                "P",
                "--kind",
                "news",
                "--published",
                "2025-13-01",
            ],
            "--published:",
        ),
    ],
)
def test_bad_edit_options_are_usage_errors(data: Path, args: list[str], message: str) -> None:
    """Wrong values in edit options exit 2 naming the option; nothing is written."""
    before = {p.name: p.read_bytes() for p in data.glob("*.yaml")}
    run = aifx("data", *args, "--data", str(data))
    assert run.code == 2
    assert message in run.err
    assert {p.name: p.read_bytes() for p in data.glob("*.yaml")} == before


@pytest.mark.parametrize("broken", [b"waves: [\n", b"waves: []\n# \xff\n"])
@pytest.mark.parametrize("command", [["set", "MIMER", "city", "X", "--source", SOURCE], ["fmt"]])
def test_editing_a_broken_dataset_gives_placed_errors(data: Path, broken: bytes, command: list[str]) -> None:
    """Edit commands on a file that does not parse or decode name file and line, exit 1, write nothing."""
    (data / "waves.yaml").write_bytes(broken)
    before = (data / "factories.yaml").read_bytes()
    run = aifx("data", *command, "--data", str(data))
    assert run.code == 1
    assert "waves.yaml:2:1:" in run.err
    assert (data / "factories.yaml").read_bytes() == before


def test_add_source_refuses_a_url_with_escape_or_bidi_characters(data: Path) -> None:
    """`add-source --url` with ESC or a bidi override is a usage error; nothing is written or echoed raw."""
    before = (data / "sources.yaml").read_bytes()
    args = ["--title", "T", "--publisher", "P", "--kind", "news", "--data", str(data), "--dry-run"]
    run = aifx("data", "add-source", "x-2", "--url", "https://e.example/\x1b[2J\u202e", *args)
    assert run.code == 2
    assert "--url:" in run.err and "\x1b" not in run.err + run.out and "\u202e" not in run.err + run.out
    assert (data / "sources.yaml").read_bytes() == before


# Edits that lose nothing: concurrent edits, symlinks, owners, a file's own conventions, crashes, bad numbers.

RECORDS = ("LUMI-AF", "MIMER", "PHAROS", "HAMMERHAI")


def _cli(data: Path, *args: str) -> subprocess.Popen[str]:
    """`aifx data ARGS --data DATA` in its own process, as a second curator would run it."""
    return subprocess.Popen(
        [sys.executable, "-m", "aifx", "data", *args, "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_edits_of_one_file_all_land(data: Path) -> None:
    """Several `data set` at once on different records of one file: every one exits 0 and every change is kept."""
    runs = [_cli(data, "set", record, "city", f"City {record}", "--source", SOURCE) for record in RECORDS]
    results = [(run.communicate(timeout=300), run.returncode) for run in runs]
    assert [code for _, code in results] == [0] * len(RECORDS), [err for (_, err), _ in results]
    factories = load(data, cache=False).factories
    assert {record: factories[record].city for record in RECORDS} == {r: f"City {r}" for r in RECORDS}


def test_an_edit_waits_for_the_lock_and_says_so(data: Path) -> None:
    """While another edit holds the dataset, an edit says it is waiting, writes nothing, then lands once freed."""
    path = data / "factories.yaml"
    before = path.read_bytes()
    with atomic.locked(data):
        run = _cli(data, "set", "MIMER", "city", "Linkoping", "--source", SOURCE)
        assert run.stderr is not None
        assert "waiting for another aifx edit" in run.stderr.readline()
        assert path.read_bytes() == before
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert load(data, cache=False).factories["MIMER"].city == "Linkoping"


def test_a_held_lock_times_out_with_one_line(data: Path) -> None:
    """An edit that cannot get the lock in time fails with a one-line message naming the dataset."""
    with atomic.locked(data), pytest.raises(AifxError) as failed, atomic.locked(data, timeout=0):
        pass
    assert "another aifx edit" in str(failed.value) and "\n" not in str(failed.value)
    with atomic.locked(data, timeout=0):  # released: free again
        pass


def test_a_file_changed_since_it_was_read_is_not_overwritten(data: Path) -> None:
    """If the file changed between reading and writing (an editor saved it), the edit refuses; the new text stays."""
    path = data / "factories.yaml"
    change = edit.set_field(data, "MIMER", "city", "Linkoping", source=SOURCE)
    path.write_text(path.read_text(encoding="utf-8") + "# saved by an editor\n", encoding="utf-8")
    saved = path.read_bytes()
    with pytest.raises(AifxError, match="changed on disk"):
        atomic.write(change)
    assert path.read_bytes() == saved


def test_a_symlinked_data_file_is_written_through(data: Path, tmp_path: Path) -> None:
    """Editing a data file that is a symlink writes its target; the link stays a link."""
    real = tmp_path / "elsewhere" / "factories.yaml"
    real.parent.mkdir()
    (data / "factories.yaml").rename(real)
    (data / "factories.yaml").symlink_to(real)
    run = aifx("data", "set", "MIMER", "city", "Linkoping", "--source", SOURCE, "--data", str(data))
    assert run.code == 0, run.err
    assert (data / "factories.yaml").is_symlink() and (data / "factories.yaml").resolve() == real
    assert "  city: Linkoping\n" in real.read_text(encoding="utf-8")
    assert [p.name for p in real.parent.iterdir()] == ["factories.yaml"]


def test_an_edit_keeps_owner_group_and_mode(data: Path) -> None:
    """The rewritten file keeps its mode and (when aifx may set them, as root) its owner and group."""
    import os

    path = data / "factories.yaml"
    path.chmod(0o640)
    root = os.geteuid() == 0
    if root:
        os.chown(path, 1234, 5678)
    assert aifx("data", "set", "MIMER", "city", "Linkoping", "--source", SOURCE, "--data", str(data)).code == 0
    after = path.stat()
    assert after.st_mode & 0o7777 == 0o640
    if root:
        assert (after.st_uid, after.st_gid) == (1234, 5678)


def _reindented(text: str, *, mapping: int, sequence: int, offset: int) -> str:
    """The text as a tool with other indentation settings would have written it."""
    import io

    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    yaml.width = 120
    yaml.preserve_quotes = True
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


CONVENTIONS = {
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "bom": lambda text: "\ufeff" + text,
    "bom+crlf": lambda text: "\ufeff" + text.replace("\n", "\r\n"),
    "mixed-ends": lambda text: "".join(line + ("\r\n" if i % 2 else "\n") for i, line in enumerate(text.splitlines())),
    "indent-4": lambda text: _reindented(text, mapping=4, sequence=6, offset=4),
    "indent-4-flush": lambda text: _reindented(text, mapping=4, sequence=4, offset=2),
    "indent-2-4": lambda text: _reindented(text, mapping=2, sequence=4, offset=2),
    "indent-4-dash-flush": lambda text: _reindented(text, mapping=4, sequence=4, offset=0),
}


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_an_edit_keeps_the_files_conventions(data: Path, convention: str) -> None:
    """Line ends, a BOM and indentation stay as the file has them: one field's edit changes one line's bytes."""
    path = data / "factories.yaml"
    path.write_bytes(CONVENTIONS[convention](path.read_text(encoding="utf-8")).encode("utf-8"))
    before = path.read_bytes().splitlines(keepends=True)
    run = aifx(
        "data", "set", "pharos", "website", "https://pharos.example.org", "--source", SOURCE, "--data", str(data)
    )
    assert run.code == 0, run.err
    assert run.err.endswith(": updated (-1 +1 lines)\n")
    after = path.read_bytes().splitlines(keepends=True)
    assert len(after) == len(before)
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1
    (old, new) = changed[0]
    assert old.rstrip() + b" https://pharos.example.org" + old[len(old.rstrip()) :] == new  # its line end kept
    assert after[0][:3] == before[0][:3]  # the BOM, or its absence
    assert load(data, cache=False).factories["PHAROS"].website == "https://pharos.example.org"


def test_fmt_makes_any_convention_canonical(data: Path) -> None:
    """`data fmt` is the one command that rewrites conventions: CRLF, BOM and 4-space files become canonical."""
    path = data / "factories.yaml"
    shipped = path.read_bytes()
    path.write_bytes(b"\xef\xbb\xbf" + shipped.replace(b"\n", b"\r\n"))
    assert aifx("data", "fmt", "--check", "--data", str(data)).code == 1
    assert aifx("data", "fmt", "--data", str(data)).code == 0
    assert path.read_bytes() == shipped
    path.write_text(_reindented(shipped.decode(), mapping=4, sequence=6, offset=4), encoding="utf-8")
    assert aifx("data", "fmt", "--check", "--data", str(data)).code == 1
    assert aifx("data", "fmt", "--data", str(data)).code == 0
    assert aifx("data", "fmt", "--check", "--data", str(data)).code == 0
    assert load(data, cache=False) == load(DATA, cache=False)


def test_stale_temp_files_are_removed_by_the_next_edit(data: Path) -> None:
    """A temp file left by a killed edit is removed by the next edit; files that are not aifx's own stay."""
    import tempfile

    fd, stale = tempfile.mkstemp(dir=data, prefix=".factories.yaml.", suffix=".tmp")  # as atomic.write names them
    with open(fd, "w") as handle:
        handle.write("half a file")
    kept = [data / ".factories.yaml.notes.tmp", data / "factories.yaml.tmp", data / ".factories.yaml.bak"]
    for other in kept:
        other.write_text("not aifx's", encoding="utf-8")
    assert aifx("data", "set", "MIMER", "city", "Linkoping", "--source", SOURCE, "--data", str(data)).code == 0
    assert not Path(stale).exists()
    assert all(other.exists() for other in kept)


@pytest.mark.parametrize(
    "args",
    [
        ["add-claim", "MIMER", "--value", "nan", "--source", SOURCE],
        ["add-claim", "MIMER", "--value", "inf", "--source", SOURCE],
        ["add-claim", "MIMER", "--value", "-inf", "--source", SOURCE],
        ["add-claim", "MIMER", "--value", "1e400", "--source", SOURCE],
        ["add-claim", "MIMER", "--value", "true", "--source", SOURCE],
        ["set-claim", "MIMER", "1", "--value", "nan"],
        ["set-claim", "MIMER", "1", "--value", "1e400"],
        ["set", "MIMER", "wave", ".nan", "--source", SOURCE],
        ["set", "MIMER", "wave", "1e400", "--source", SOURCE],
    ],
    ids=" ".join,
)
def test_non_finite_numbers_are_refused_in_one_line(data: Path, args: list[str]) -> None:
    """NaN, infinities (1e400 overflows to one) and booleans are no amount: exit 2, one line, nothing written."""
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    run = aifx("data", *args, "--data", str(data))
    assert run.code == 2, run.err
    assert run.err.count("\n") == 1 and ("--value" in run.err or "VALUE" in run.err)
    assert run.out == ""
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_dry_run_diff_never_prints_control_or_bidi_characters(data: Path, newline: str) -> None:
    """A comment holding a bidi override or a zero-width space, or CRLF line ends, reach the diff escaped, never raw."""
    from aifx.text.characters import UNSAFE

    path = data / "factories.yaml"
    text = path.read_text(encoding="utf-8")
    head, pharos = text.split("- id: PHAROS\n")
    text = (
        head + "- id: PHAROS\n" + pharos.replace("  website:\n", "  # evil \u202eevil\u200b comment\n  website:\n", 1)
    )
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    run = aifx("data", "set", "pharos", "website", "https://x.example", "--source", SOURCE, "--data", str(data), "--dry-run")  # fmt: skip
    assert run.code == 0, run.err
    assert "+  website: https://x.example\n" in run.out
    assert UNSAFE.search(run.out) is None, repr(UNSAFE.search(run.out))
    assert "# evil \\u202eevil\\u200b comment\n" in run.out


# Free text is never read as YAML: only typed fields parse their values.

TRICKY = ["Ranked #1 in the Nordics; see page 4", "#1", "a: b", "- x", "'q'", "yes", "null", "1e3", " lead", "trail "]


def test_set_takes_text_exactly_as_typed(data: Path) -> None:
    """`data set` stores a text field as typed: '#', ': ', 'null', '1e3' and spaces are text, never YAML."""
    for field, text in [("notes", t) for t in TRICKY] + [("city", "#2: Kista"), ("host", "no")]:
        run = aifx("data", "set", "MIMER", field, "--source", SOURCE, "--data", str(data), "--", text)
        assert run.code == 0, (text, run.err)
        assert getattr(load(data, cache=False).factories["MIMER"], field) == text


def test_curator_options_take_text_exactly_as_typed(data: Path) -> None:
    """set-claim, add-claim and add-source keep --note, --stated, --title and --notes exactly as typed."""
    note, stated = "#1 estimate: see page 4", " 1e3 "
    assert aifx("data", "set-claim", "HAMMERHAI", "2", "--note", note, "--data", str(data)).code == 0
    assert load(data, cache=False).factories["HAMMERHAI"].budget[1].note == note
    run = aifx(
        "data", "add-claim", "MIMER", "--value", "5", "--stated", stated, "--source", SOURCE, "--data", str(data)
    )
    assert run.code == 0, run.err
    assert load(data, cache=False).factories["MIMER"].budget[-1].stated == stated
    add = ["add-source", "x-2026-01-01-new", "--url", "https://example.org/x", "--title", "null", "--publisher", "yes"]
    run = aifx("data", *add, "--kind", "blog", "--notes", "- #1: no", "--data", str(data))
    assert run.code == 0, run.err
    added = load(data, cache=False).sources["x-2026-01-01-new"]
    assert (added.title, added.publisher, added.notes) == ("null", "yes", "- #1: no")


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("wave", "two", "wave takes a whole number"),
        ("wave", "1.5", "wave takes a whole number"),
        ("selected", "2025-13-01", "selected takes a date, YYYY-MM-DD"),
        ("selected", "tomorrow", "selected takes a date, YYYY-MM-DD"),
        ("experimental", "maybe", "experimental takes true or false"),
    ],
)
def test_a_typed_field_refuses_a_value_of_another_kind(data: Path, field: str, value: str, says: str) -> None:
    """A number, date or yes/no field that cannot read the value exits 2 saying what it takes; nothing is written."""
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    run = aifx("data", "set", "MIMER", field, value, "--source", SOURCE, "--data", str(data))
    assert run.code == 2 and says in run.err and repr(value) in run.err, run.err
    assert run.err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_typed_fields_parse_and_an_empty_value_clears(data: Path) -> None:
    """yes/no set a yes/no field, a date field takes YYYY-MM-DD, and '' clears an optional field to null."""
    for value, expected in [("yes", True), ("no", False), ("", None)]:
        assert aifx("data", "set", "MIMER", "experimental", value, "-s", SOURCE, "--data", str(data)).code == 0
        assert load(data, cache=False).factories["MIMER"].experimental_platform is expected
    assert aifx("data", "set", "MIMER", "notes", "", "-s", SOURCE, "--data", str(data)).code == 0
    assert load(data, cache=False).factories["MIMER"].notes is None
    run = aifx("data", "set", "AI-AT", "wave", "null", "-s", SOURCE, "--data", str(data))
    assert run.code == 1 and "AI-AT" in run.err  # cleared, so the dataset check speaks: a factory needs its wave


def test_nested_fields_are_not_settable_with_one_value(data: Path) -> None:
    """coordinates (a nested mapping) is refused as a usage error, and not offered among the settable fields."""
    run = aifx("data", "set", "MIMER", "coordinates", "58.4", "--source", SOURCE, "--data", str(data))
    assert run.code == 2 and "cannot set 'coordinates'" in run.err
    assert "coordinates," not in run.err and "coordinates_note" in run.err


_SAFE = st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"), max_codepoint=0x2FFF)
_TOKENS = ["#", " #", ": ", "- ", "-", "'", '"', " ", "  ", "yes", "no", "null", "~", "1e3", "0x1F", "!", "&a", "*a"]
_TEXTS = st.lists(st.sampled_from(_TOKENS) | st.text(_SAFE, max_size=4), min_size=1, max_size=8).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXTS.filter(bool))
def test_any_text_reads_back_exactly(tmp_path: Path, text: str) -> None:
    """Property: set a text field to any text, write it, load it: the same string, whatever YAML would make of it."""
    data = Path(shutil.copytree(FIXTURES / "valid", tempfile.mkdtemp(dir=tmp_path), dirs_exist_ok=True))
    path = data / "factories.yaml"
    path.write_text(path.read_text().replace("  status: selected\n", "  notes: >-\n    Old folded\n    text.\n  status: selected\n", 1))  # fmt: skip
    atomic.write(edit.set_field(data, "NORD-AF", "notes", text, source="official-one"))
    atomic.write(
        edit.set_field(data, "NORD-AF", "city", text.replace("\n", " ").replace("\t", " "), source="official-one")
    )
    factory = load(data, cache=False).factories["NORD-AF"]
    assert (factory.notes, factory.city) == (text, text.replace("\n", " ").replace("\t", " "))


@pytest.mark.parametrize(
    ("text", "shape", "value"),
    [
        (" #1: x ", "prose", " #1: x "),
        ("null", "text", "null"),
        ("", "url", None),
        ("a, b,,", "list", ["a", "b"]),
        ("12", "number", 12),
        ("-1.5e3", "number", -1500.0),
        (" YES ", "bool", True),
        ("Null", "date", None),
        ("2025-01-31", "date", dt.date(2025, 1, 31)),
    ],
)
def test_a_value_is_read_by_its_fields_shape(text: str, shape: str, value: object) -> None:
    """Each field kind reads a value its own way: text as typed, numbers, yes/no and dates parsed, '' as null."""
    from aifx.dataset.plain import Shape

    assert edit.typed(text, "field", Shape(shape)) == value


@pytest.mark.parametrize(("text", "shape"), [("1e400", "number"), (".nan", "number"), ("0x1F", "integer"), ("20250131", "date")])  # fmt: skip
def test_a_typed_field_refuses_what_it_cannot_read(text: str, shape: str) -> None:
    """Infinite or hexadecimal numbers and compact dates are refused as usage errors naming the value."""
    from aifx.dataset.plain import Shape
    from aifx.errors import UsageError

    with pytest.raises(UsageError, match=f"VALUE: field takes .*{text!r}"):
        edit.typed(text, "field", Shape(shape))

"""What --force may replace: only what aifx wrote; special files are written into or refused, never replaced."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import pytest

from conftest import aifx


def _one_line(err: str) -> None:
    assert err.startswith("aifx: ") and len(err.splitlines()) == 1 and "Traceback" not in err, err


def test_force_on_a_package_keeps_the_files_aifx_did_not_write(tmp_path: Path) -> None:
    """--force over aifx's own data package replaces its files and keeps a notebook and a folder put beside them."""
    package = tmp_path / "pkg"
    assert aifx("export", "--format", "datapackage", "--output", str(package)).code == 0
    (package / "analysis.ipynb").write_text("mine", encoding="utf-8")
    (package / "figures").mkdir()
    (package / "figures" / "plot.png").write_bytes(b"png")
    (package / "factories.csv").write_text("stale", encoding="utf-8")
    run = aifx("export", "--format", "datapackage", "--output", str(package), "--force")
    assert run.code == 0, run.err
    assert (package / "analysis.ipynb").read_text(encoding="utf-8") == "mine"
    assert (package / "figures" / "plot.png").read_bytes() == b"png"
    assert (package / "factories.csv").read_text(encoding="utf-8").startswith("id,")
    described = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert all((package / r["path"]).is_file() for r in described["resources"])
    assert not [p for p in package.iterdir() if p.name.startswith(".")]


def test_force_refuses_a_data_package_aifx_did_not_write(tmp_path: Path) -> None:
    """Another project's datapackage.json does not make its directory aifx's: one line, every file kept."""
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    descriptor = json.dumps({"name": "other", "title": "Other data", "resources": [{"path": "factories.csv"}]})
    (theirs / "datapackage.json").write_text(descriptor, encoding="utf-8")
    (theirs / "factories.csv").write_text("theirs", encoding="utf-8")
    run = aifx("export", "--format", "datapackage", "--output", str(theirs), "--force")
    assert run.code == 1
    assert run.err == f"aifx: {theirs}: its datapackage.json is not one aifx wrote; refusing to replace it\n"
    assert sorted(p.name for p in theirs.iterdir()) == ["datapackage.json", "factories.csv"]
    assert (theirs / "factories.csv").read_text(encoding="utf-8") == "theirs"


def test_force_never_replaces_a_companion_aifx_did_not_write(tmp_path: Path) -> None:
    """sqlite's aifx.metadata.json beside the database is replaced only when aifx wrote it."""
    db, meta = tmp_path / "aifx.db", tmp_path / "aifx.metadata.json"
    meta.write_text('{"title": "my own Datasette settings"}', encoding="utf-8")
    run = aifx("export", "--format", "sqlite", "--output", str(db), "--force")
    assert run.code == 1
    assert run.err == f"aifx: {meta}: exists and aifx did not write it; refusing to replace it (move it away)\n"
    assert meta.read_text(encoding="utf-8") == '{"title": "my own Datasette settings"}' and not db.exists()
    meta.unlink()
    assert aifx("export", "--format", "sqlite", "--output", str(db)).code == 0
    again = aifx("export", "--format", "sqlite", "--output", str(db), "--force")
    assert again.code == 0, again.err


def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    """A thread that opens the FIFO's reading end and reads it to the end."""

    def read() -> None:
        with path.open("rb") as fifo:
            into.append(fifo.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


@pytest.mark.parametrize("link", [False, True])
def test_a_fifo_is_written_into_and_stays_a_fifo(tmp_path: Path, link: bool) -> None:
    """A text format streams into a FIFO (or a symlink to one) with or without --force; the FIFO is not replaced."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if link:
        target = tmp_path / "link.json"
        target.symlink_to(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    run = aifx("export", "--format", "jsonl", "--output", str(target), "--force")
    reader.join(timeout=60)
    assert run.code == 0, run.err
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and target.is_symlink() == link
    assert got and all(json.loads(line)["type"] for line in got[0].decode().splitlines())
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["cache", "pipe", *(["link.json"] if link else [])])


@pytest.mark.parametrize("fmt", ["sqlite", "xlsx"])
def test_a_file_format_refuses_a_fifo(tmp_path: Path, fmt: str) -> None:
    """A file format cannot go into a FIFO: one line, the FIFO untouched (no reader needed, nothing opened)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    run = aifx("export", "--format", fmt, "--output", str(fifo), "--force")
    assert run.code == 1
    assert run.err == f"aifx: {fifo}: is a FIFO; this format writes a regular file only: give another name\n"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.fixture
def null(tmp_path: Path) -> Path:
    """A character device to write to: a private twin of /dev/null where this user may make one (root), so that a
    regression replaces the twin and not the machine's /dev/null; else /dev/null itself, which such a user cannot
    replace anyway.
    """
    twin = tmp_path / "dev" / "null"
    twin.parent.mkdir()
    try:
        os.mknod(twin, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError:
        return Path(os.devnull)
    return twin


@pytest.mark.parametrize("fmt", ["json", "geojson", "html"])
def test_dev_null_stays_a_character_device(tmp_path: Path, null: Path, fmt: str) -> None:
    """`--output /dev/null --force` writes into it; /dev/null and a symlink to it stay what they were."""
    link = tmp_path / "null"
    link.symlink_to(null)
    for target in (null, link):
        run = aifx("export", "--format", fmt, "--output", str(target), "--force")
        assert run.code == 0, run.err
        assert stat.S_ISCHR(os.stat(null).st_mode) and link.is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.parametrize("fmt", ["sqlite", "datapackage", "xlsx"])
def test_a_file_format_refuses_dev_null(null: Path, fmt: str) -> None:
    """sqlite, a data package or a spreadsheet onto /dev/null: one line; /dev/null stays a character device."""
    run = aifx("export", "--format", fmt, "--output", str(null), "--force")
    assert run.code == 1
    _one_line(run.err)
    assert "is a character device" in run.err and stat.S_ISCHR(os.stat(null).st_mode)


def test_a_symlink_to_a_file_keeps_the_link_and_replaces_its_target(tmp_path: Path) -> None:
    """--force through a symlink replaces the file it points to (atomically); the link stays a link."""
    real = tmp_path / "shared" / "aifx.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "aifx.json"
    link.symlink_to(real)
    refused = aifx("export", "--output", str(link))
    assert refused.code == 1 and real.read_text(encoding="utf-8") == "old"
    run = aifx("export", "--output", str(link), "--force")
    assert run.code == 0, run.err
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["factories"]
    assert sorted(p.name for p in real.parent.iterdir()) == ["aifx.json"]


def test_a_dangling_symlink_is_refused(tmp_path: Path) -> None:
    """A symlink to nothing is neither followed nor replaced: one line naming it."""
    link = tmp_path / "aifx.db"
    link.symlink_to(tmp_path / "missing" / "aifx.db")
    run = aifx("export", "--format", "sqlite", "--output", str(link), "--force")
    assert run.code == 1
    assert run.err == f"aifx: {link}: a symlink to a missing file; remove it or give another name\n"
    assert link.is_symlink() and not (tmp_path / "missing").exists()

"""Atomic output: a full disk or an interruption is one line and leaves nothing behind; stale staging is cleared."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from aifx.exports import FORMATS
from conftest import aifx

ALL = sorted(FORMATS)


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, smaller than any export; skipped where mounting is not permitted."""
    place = tmp_path / "tiny"
    place.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(place)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield place
    finally:
        if subprocess.run(["umount", str(place)], capture_output=True, check=False).returncode != 0:
            subprocess.run(["umount", "-l", str(place)], capture_output=True, check=False)  # busy: detach it anyway


@pytest.mark.parametrize("fmt", ALL)
def test_a_full_disk_is_one_line_and_leaves_nothing(tiny: Path, fmt: str) -> None:
    """Every format, on a full file system: exit 1, one line naming the output, no staging file left."""
    target = tiny / f"out.{fmt}"
    run = aifx("export", "--format", fmt, "--output", str(target))
    assert (run.code, run.out) == (1, "")
    assert run.err in (f"aifx: {target}: No space left on device\n", f"aifx: {target}: database or disk is full\n")
    assert list(tiny.iterdir()) == []


@pytest.mark.parametrize("fmt", ALL)
def test_a_failing_flush_is_one_line_and_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """ENOSPC at the last step (fsync, where a quota or a network disk may fail): one line, the old output kept."""
    place = tmp_path / "place"
    place.mkdir()
    target = place / "out"
    assert aifx("export", "--format", fmt, "--output", str(target)).code == 0
    before = sorted(p.name for p in place.rglob("*"))

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    run = aifx("export", "--format", fmt, "--output", str(target), "--force")
    assert (run.code, run.err) == (1, f"aifx: {target}: No space left on device\n")
    assert sorted(p.name for p in place.rglob("*")) == before


@pytest.mark.parametrize("fmt", ["sqlite", "datapackage", "json"])
def test_an_interruption_removes_the_staging_and_keeps_the_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """Ctrl-C (or SIGTERM unwinding as one) while an export is being placed: exit 130, nothing staged is left."""
    place = tmp_path / "place"
    place.mkdir()
    target = place / "out"
    assert aifx("export", "--format", fmt, "--output", str(target)).code == 0
    before = {p: p.stat().st_mtime_ns if p.is_file() else 0 for p in place.rglob("*")}

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    run = aifx("export", "--format", fmt, "--output", str(target), "--force")
    assert (run.code, run.err) == (130, "aifx: interrupted\n")
    assert {p: p.stat().st_mtime_ns if p.is_file() else 0 for p in place.rglob("*")} == before


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    process = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(process.stdout)


@pytest.mark.parametrize("fmt", ["sqlite", "datapackage"])
def test_the_next_export_clears_stale_staging_and_only_that(tmp_path: Path, fmt: str) -> None:
    """A staging directory a killed export left (its process gone) is removed; foreign dot-files and a live
    export's staging directory stay.
    """
    stale = tmp_path / f".aifx-export-{_dead_pid()}-{uuid.uuid4().hex[:8]}"
    stale.mkdir()
    (stale / "aifx.db").write_bytes(b"partial")
    live = tmp_path / f".aifx-export-{os.getppid()}-abcdefgh"
    live.mkdir()
    foreign = [tmp_path / ".aifx-export-notes", tmp_path / ".git", tmp_path / ".aifx-export-1-abcdefgh.txt"]
    foreign[0].mkdir()
    foreign[1].mkdir()
    foreign[2].write_text("mine", encoding="utf-8")
    target = tmp_path / "out"
    run = aifx("export", "--format", fmt, "--output", str(target))
    assert run.code == 0, run.err
    assert not stale.exists()
    assert live.is_dir() and all(os.path.lexists(p) for p in foreign)
    if fmt == "datapackage":  # inside an existing package too, where --force stages
        inner = target / f".aifx-export-{_dead_pid()}-abcdefgh"
        inner.mkdir()
        assert aifx("export", "--format", fmt, "--output", str(target), "--force").code == 0
        assert not inner.exists()


def test_a_stale_looking_symlink_is_never_followed(tmp_path: Path) -> None:
    """A symlink named like a staging directory is not aifx's: neither it nor what it points to is removed."""
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep").write_text("keep", encoding="utf-8")
    trap = tmp_path / f".aifx-export-{_dead_pid()}-abcdefgh"
    trap.symlink_to(precious)
    assert aifx("export", "--format", "sqlite", "--output", str(tmp_path / "aifx.db")).code == 0
    assert trap.is_symlink() and (precious / "keep").read_text(encoding="utf-8") == "keep"

"""Atomic output: write everything into a temporary sibling directory, then move each output into place.

A reader never sees half a file; a failed or interrupted export leaves the old outputs as they were and no
temporary files behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from aifx.errors import AifxError


def _refuse(targets: list[Path], *, force: bool, directory: bool, marker: str | None) -> None:
    """An output that exists needs --force; a directory is replaced only when it is one of ours (or empty)."""
    for path in targets:
        if not os.path.lexists(path):
            continue
        if not force:
            raise AifxError(f"{path}: already exists; pass --force to replace it")
        if path.is_dir() and not directory:
            raise AifxError(f"{path}: is a directory; give a file name")
        if directory and not path.is_dir():
            raise AifxError(f"{path}: is a file; a data package is a directory")
        if directory and any(path.iterdir()) and not (marker and (path / marker).is_file()):
            raise AifxError(f"{path}: not a directory aifx wrote (no {marker}); refusing to replace it")


@contextlib.contextmanager
def staged(targets: list[Path], *, force: bool, directory: bool = False, marker: str | None = None) -> Iterator[Path]:
    """A temporary directory beside the outputs; what is written there under their names then replaces them."""
    parent = targets[0].parent
    if not parent.is_dir():
        raise AifxError(f"{targets[0]}: no such directory {str(parent)!r}")
    _refuse(targets, force=force, directory=directory, marker=marker)
    try:
        place = Path(tempfile.mkdtemp(prefix=".aifx-export-", dir=parent))
    except OSError as exc:
        raise AifxError(f"{targets[0]}: cannot write in {str(parent)!r}: {exc.strerror or exc}") from None
    try:
        yield place
        for path in targets:
            _sync(place / path.name)
        for path in targets:
            new = place / path.name
            if directory and path.is_dir():
                path.replace(place / ".replaced")  # out of the way, removed with the rest
            new.replace(path)
        _sync_dir(parent)
    finally:
        shutil.rmtree(place, ignore_errors=True)


def _sync(path: Path) -> None:
    """Flush a written file (or every file of a written directory) to disk before it is moved into place."""
    files = [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else [path]
    for file in files:
        fd = os.open(file, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _sync_dir(path: Path) -> None:
    """The renames themselves reach the disk (best effort: not every system can sync a directory)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

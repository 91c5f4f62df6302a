"""Atomic output: write everything into a hidden staging directory, then move each output into place.

A reader never sees half a file; a failed or interrupted export (Ctrl-C, SIGTERM, a full disk) leaves the old
outputs as they were and removes its staging directory; one that could not (killed outright) is removed by the
next export in that directory. Special files (a FIFO, ``/dev/null``) are written into, never replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from aifx.errors import AifxError
from aifx.exports.targets import STAGING_PREFIX, Output

_STAGING = re.compile(re.escape(STAGING_PREFIX) + r"(?:(?P<pid>[0-9]+)-[a-z0-9_]{8}|[a-z0-9_]{8})")
_OLD = 24 * 3600  # seconds: a staging directory untouched this long is stale, whoever made it


def _alive(pid: int) -> bool:
    """Whether process ``pid`` still runs on this machine (one we cannot signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return pid < 2**31
    return True


def clear_stale(directory: Path) -> None:
    """Remove the staging directories aifx left in ``directory``: named as aifx names them, owned by this user,
    not symlinks, and whose export is gone (its process ended, or, named by an older aifx, untouched a day).
    """
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        found = _STAGING.fullmatch(entry.name)
        if not found:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            continue
        pid = found["pid"]
        old = time.time() - info.st_mtime > _OLD
        if old or (pid is not None and int(pid) != os.getpid() and not _alive(int(pid))):
            shutil.rmtree(entry.path, ignore_errors=True)


def _stage(where: Path, given: Path) -> Path:
    """A new staging directory in ``where``, named for this process."""
    try:
        return Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=where))
    except OSError as exc:
        raise AifxError(f"{given}: cannot write in {str(where)!r}: {exc.strerror or exc}") from None


@contextlib.contextmanager
def staged(outputs: list[Output], *, directory: bool = False, marker: str | None = None) -> Iterator[Path]:
    """A staging directory; what is written there under the outputs' names then replaces them.

    A directory output that exists already (checked as aifx's own, or empty) is not replaced: the files written
    are moved into it one by one, ``marker`` last, and every other file there stays.
    """
    first = outputs[0]
    parent = first.given.parent
    if not parent.is_dir():
        raise AifxError(f"{first.given}: no such directory {str(parent)!r}")
    into = directory and first.exists
    for output in outputs:
        clear_stale(output.real.parent)
    if into:
        clear_stale(first.real)
    place = _stage(first.real if into else first.real.parent, first.given)
    try:
        yield place
        if into:
            _merge(place / _name(first), first.real, marker)
        else:
            for output in outputs:
                _sync(place / _name(output))
            for output in outputs:
                _move(place / _name(output), output)
        for where in {o.real.parent for o in outputs}:
            _sync_dir(where)
    finally:
        shutil.rmtree(place, ignore_errors=True)


def _name(output: Output) -> str:
    """The name an output is written under in the staging directory (the name given, or ``output`` for ``.``)."""
    return output.given.name or "output"


def _move(new: Path, output: Output) -> None:
    """Rename ``new`` over the output (a symlink's target, the link staying); across file systems, copy first."""
    try:
        new.replace(output.real)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        near = _stage(output.real.parent, output.given)
        try:
            copy = near / output.real.name
            shutil.copy2(new, copy)
            _sync(copy)
            copy.replace(output.real)
        finally:
            shutil.rmtree(near, ignore_errors=True)


def _merge(new: Path, into: Path, marker: str | None) -> None:
    """Each file of the directory ``new`` moved into ``into``, ``marker`` last, replacing only files of its names."""
    files = sorted(new.iterdir(), key=lambda p: (p.name == marker, p.name))
    for file in files:
        there = into / file.name
        if os.path.lexists(there) and not there.is_file():
            raise AifxError(f"{there}: is not a regular file; refusing to replace it")
    for file in files:
        _sync(file)
    for file in files:
        file.replace(into / file.name)


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

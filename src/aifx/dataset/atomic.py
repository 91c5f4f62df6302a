"""Writing an edit to disk: atomically (temp file, fsync, rename), under the dataset's lock, never over a newer file."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from aifx.dataset.edit import Change
from aifx.dataset.loader import shown_path
from aifx.errors import AifxError

LOCK_TIMEOUT = 60.0  # seconds an edit waits for another edit of the same dataset to finish
_TEMP = re.compile(r"\..+\.yaml\.[a-z0-9_]{8}\.tmp")  # what write() names its temp files (tempfile.mkstemp)


@contextlib.contextmanager
def locked(
    directory: Path, *, timeout: float = LOCK_TIMEOUT, waiting: Callable[[], object] | None = None
) -> Iterator[None]:
    """Hold the dataset for one read–validate–write, so concurrent edits queue instead of losing a change.

    The lock is flock(2) on the directory itself: no lock file to commit or clean up, and a killed edit
    releases it. Where flock is missing or unsupported (Windows, some network file systems) the edit goes
    ahead unlocked, and write() still refuses a file that changed since it was read. ``waiting`` is called
    once if the lock is taken; after ``timeout`` seconds the edit fails, having changed nothing.
    """
    if sys.platform == "win32":  # no flock
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        if _acquire(fd, directory, timeout=timeout, waiting=waiting):
            _remove_stale(directory)
        yield
    finally:
        os.close(fd)  # releases the lock


def _acquire(fd: int, directory: Path, *, timeout: float, waiting: Callable[[], object] | None) -> bool:
    """Take the lock on ``fd`` within ``timeout`` seconds; False where the file system does not support flock."""
    import fcntl

    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise AifxError(
                    f"{shown_path(directory)}: another aifx edit of this dataset is still running "
                    f"(waited {timeout:g} s); nothing was changed; run the edit again when it has finished"
                ) from None
        except OSError:  # e.g. a network file system without flock: go ahead unlocked, leave temp files alone
            return False
        if waiting is not None:
            waiting()
            waiting = None
        time.sleep(0.05)


def _remove_stale(directory: Path) -> None:
    """Remove temp files a killed edit left behind; with the lock held, no other edit is writing one."""
    for path in directory.iterdir():
        if _TEMP.fullmatch(path.name):
            with contextlib.suppress(OSError):
                path.unlink()


def write(change: Change, *, replace: Callable[[str, Path], object] = os.replace) -> None:
    """Atomically replace the file (a symlink's target, the link kept): temp file beside it, fsync, rename.

    Mode, owner and group are kept (the owner where allowed: as root, or one's own files). A file that
    changed on disk since the edit read it is refused, never overwritten. If anything fails before the
    rename, the original file is untouched and the temp file removed.
    """
    target = Path(os.path.realpath(change.path))
    status = target.stat()
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(change.after.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        _keep_owner(tmp, status)
        Path(tmp).chmod(status.st_mode & 0o7777)  # after chown, which may clear set-id bits
        if target.read_bytes() != change.before.encode("utf-8"):
            raise AifxError(
                f"{shown_path(change.path)}: changed on disk since aifx read it (saved by another program?); "
                "nothing was written; run the edit again"
            )
        replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _keep_owner(path: str, status: os.stat_result) -> None:
    """Give the new file the old one's owner and group, or at least its group, as far as the user may."""
    for uid, gid in ((status.st_uid, status.st_gid), (-1, status.st_gid)):
        try:
            os.chown(path, uid, gid)
            return
        except (PermissionError, AttributeError):  # not allowed, or no chown on this platform
            continue

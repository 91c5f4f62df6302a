"""What is already at an export's output paths, and what aifx may do there: the rules of ``--force``.

- Nothing there: write. Something there: only with ``--force``, and never anything aifx did not write beside
  the named output (a companion such as ``aifx.metadata.json`` is replaced only when aifx wrote it).
- A symlink is followed: the file it points to is replaced (atomically; the link stays). A dangling one is refused.
- A FIFO or a character device (``/dev/null``, ``/dev/stdout`` on a pipe) is written into as a stream, by the text
  formats only, and never replaced; the file formats refuse it. A block device or a socket is always refused.
- A directory format replaces, in a directory it wrote (its marker file is aifx's) or an empty one, only the
  files it writes; every other file there stays.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from aifx.errors import AifxError

STAGING_PREFIX = ".aifx-export-"  # aifx's hidden staging directories: ``.aifx-export-<pid>-<random>``
TITLE = "aifx: Europe's AI Factories, sourced"  # the title of every JSON file aifx writes beside an output
_MARKER_LIMIT = 10 * 1024 * 1024  # a file this large is not a descriptor aifx wrote: not read


@dataclass(frozen=True)
class Output:
    """One output path and where writing it goes."""

    given: Path  # as the user named it (or its companion beside it)
    real: Path  # the path written: a symlink's target, else ``given``
    exists: bool  # something is at ``real`` already
    stream: bool = False  # a FIFO or character device: written into as a stream, never replaced


def _kind(mode: int) -> str | None:
    """The name of a special file's kind; None for a regular file or a directory."""
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return None


def written_by_aifx(path: Path) -> bool:
    """Whether ``path`` is a JSON file aifx wrote (a data package's descriptor, Datasette's metadata): its title."""
    try:
        if not path.is_file() or path.stat().st_size > _MARKER_LIMIT:
            return False
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and found.get("title") == TITLE


def check(paths: list[Path], *, force: bool, text: bool, directory: bool, marker: str | None) -> list[Output]:
    """Each output path checked against what is there; raises the one line that says why not, before writing."""
    outputs = []
    for index, given in enumerate(paths):
        companion = index > 0
        if not os.path.lexists(given):
            outputs.append(Output(given, given, exists=False))
            continue
        try:
            mode = given.stat().st_mode  # follows a symlink
        except FileNotFoundError:
            raise AifxError(f"{given}: a symlink to a missing file; remove it or give another name") from None
        real = Path(os.path.realpath(given))
        special = _kind(mode)
        if special:
            if text and not companion and special in ("a FIFO", "a character device"):
                outputs.append(Output(given, real, exists=True, stream=True))
                continue
            takes = "a regular file, a FIFO or a character device" if text and not companion else "a regular file"
            raise AifxError(f"{given}: is {special}; this format writes {takes} only: give another name")
        if not force:
            raise AifxError(f"{given}: already exists; pass --force to replace it")
        if stat.S_ISDIR(mode) and not directory:
            raise AifxError(f"{given}: is a directory; give a file name")
        if directory and not stat.S_ISDIR(mode):
            raise AifxError(f"{given}: is a file; a data package is a directory")
        if directory:
            _ours_or_empty(given, real, marker)
        elif companion and not written_by_aifx(real):
            raise AifxError(f"{given}: exists and aifx did not write it; refusing to replace it (move it away)")
        outputs.append(Output(given, real, exists=True))
    return outputs


def _ours_or_empty(given: Path, real: Path, marker: str | None) -> None:
    """A directory aifx may write into: empty (its hidden staging aside), or holding aifx's own marker file."""
    if marker and os.path.lexists(real / marker):
        if written_by_aifx(real / marker):
            return
        raise AifxError(f"{given}: its {marker} is not one aifx wrote; refusing to replace it")
    if any(not p.name.startswith(STAGING_PREFIX) for p in real.iterdir()):
        raise AifxError(f"{given}: not a directory aifx wrote (no {marker}); refusing to replace it")

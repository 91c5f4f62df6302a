"""Writing an output file whole or not at all: a temporary file beside it, then one atomic rename or link."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from aifx.errors import AifxError


def save(path: Path, text: str, *, force: bool) -> None:
    """Write ``text`` to ``path`` atomically; an existing file is replaced only with ``force``."""
    if path.is_dir():
        raise AifxError(f"{path}: is a directory; give a file name, e.g. {path / 'aifx.html'}")
    if path.exists() and not force:
        raise AifxError(f"{path}: exists already; use --force to replace it")
    if not path.parent.is_dir():
        raise AifxError(f"{path}: no such directory {path.parent}")
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        temporary.chmod(0o644)
        if force:
            temporary.replace(path)
        else:
            try:
                path.hardlink_to(temporary)  # fails if the file appeared meanwhile, never overwrites
            except FileExistsError:
                raise AifxError(f"{path}: exists already; use --force to replace it") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()

"""A validated Catalog kept on disk, keyed by the exact bytes of the data files, so YAML is parsed once per change.

Correctness first: the key covers aifx's version, Python's, and every file's name and content, so an edited
file is seen on the next run; a corrupt, foreign or stale cache is ignored and rebuilt; a cache directory that
cannot be written only costs speed. The cache is a pickle, so it is only read from a file owned by this user
and not writable by others. The key also covers aifx's own modules, so a changed aifx rebuilds it.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path

from aifx import __version__
from aifx.catalog import Catalog

_MAGIC = b"aifx-cache-1\n"


def directory() -> Path:
    """$XDG_CACHE_HOME/aifx, else ~/.cache/aifx."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aifx"


def key(files: list[tuple[str, bytes]]) -> bytes:
    """A digest of everything the validated result depends on."""
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{_code_stamp()}".encode())
    for name, content in files:
        digest.update(f"\0{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.digest()


def _code_stamp() -> str:
    """Size and mtime of aifx's own modules, so an upgraded or edited aifx never reads an older build."""
    here = Path(__file__).parent
    return ";".join(f"{p.name}:{s.st_size}:{s.st_mtime_ns}" for p in sorted(here.glob("*.py")) for s in [p.stat()])


def _path(data_dir: Path) -> Path:
    where = hashlib.sha256(str(data_dir.resolve()).encode()).hexdigest()[:16]
    return directory() / f"catalog-{where}.pickle"


def read(data_dir: Path, wanted: bytes) -> Catalog | None:
    """The cached Catalog for exactly these files, or None (missing, stale, corrupt, foreign or unsafe)."""
    path = _path(data_dir)
    try:
        with path.open("rb") as handle:
            info = os.fstat(handle.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None
            if handle.read(len(_MAGIC)) != _MAGIC or handle.read(len(wanted)) != wanted:
                return None
            # Unpickling builds millions of objects and frees none: the cyclic GC would only rescan them.
            gc.disable()
            try:
                catalog = pickle.load(handle)
            finally:
                gc.enable()
    except Exception:  # any unreadable cache is simply rebuilt
        return None
    return catalog if isinstance(catalog, Catalog) else None


def write(data_dir: Path, wanted: bytes, catalog: Catalog) -> None:
    """Store the Catalog atomically; failures are ignored (the cache is only an optimisation)."""
    target = _path(data_dir)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + wanted)
                pickle.dump(catalog, handle, protocol=pickle.HIGHEST_PROTOCOL)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError, RecursionError):
        return

"""A validated Catalog kept on disk, keyed by the exact bytes of the data files, so YAML is parsed once per change.

Correctness first: the key covers aifx's version, Python's, aifx's own modules, and every file's name and
content, so an edited file or a changed aifx is seen on the next run; a corrupt, foreign or stale cache is
ignored and rebuilt; a cache directory that cannot be written (or a home that does not exist) only costs speed.

The cache is data, never code: JSON read back through a pydantic-core schema derived from the models' field
types (types, enums, dates, defaults, no unknown fields), which builds the models without running aifx's
validators. A forged file can at worst show wrong values of the right types; it can never run code. (A model
that has already validated something in this process brings its own validator, which pydantic-core reuses: then
the cached records are fully validated again, slower but just as safe. A warm run validates nothing first.)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import errno
import functools
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import types
import typing
from pathlib import Path
from typing import Any, BinaryIO

from aifx.dataset.catalog import COLLECTIONS, Catalog
from aifx.dataset.collector import paused
from aifx.dataset.models import DataFile, Model
from aifx.version import __version__

if typing.TYPE_CHECKING:
    from pydantic_core import CoreSchema, SchemaSerializer, SchemaValidator

_MAGIC = b"aifx-cache-2\n"
_OURS = (b"aifx-cache-1\n", _MAGIC)  # this format, and the pickles aifx wrote before it
_NAME = re.compile(r"catalog-[0-9a-f]{16}\.(json|pickle)")
KEEP = 4  # catalogs kept: the shipped data, a clone or two; tests and scratch copies would add one each


def directory() -> Path | None:
    """$XDG_CACHE_HOME/aifx, else ~/.cache/aifx; None when there is no home to put it in (never create one).

    A relative $XDG_CACHE_HOME is ignored, as the XDG spec says: it would scatter caches over working directories.
    """
    base = os.environ.get("XDG_CACHE_HOME")
    if base and Path(base).is_absolute():
        return Path(base) / "aifx"
    if os.environ.get("HOME") == "":
        return None  # Python reads an empty HOME as "/"
    try:
        home = Path.home()
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry
        return None
    return home / ".cache" / "aifx" if home.is_absolute() and home.is_dir() else None


def key(files: list[tuple[str, bytes]]) -> bytes:
    """A digest of everything the validated result depends on."""
    digest = hashlib.sha256(f"{__version__}|{sys.version}|{_code_stamp()}".encode())
    for name, content in files:
        digest.update(f"\0{name}\0{len(content)}\0".encode())
        digest.update(content)
    return digest.digest()


def _code_stamp() -> str:
    """Size and mtime of the modules and tables a validated catalog depends on (the dataset and text layers, the
    bottom two: nothing above them can change what is cached), so an upgraded or edited aifx never reads an older
    build."""
    package = Path(__file__).parent.parent
    files = sorted(
        p for layer in ("dataset", "text") for pattern in ("*.py", "*.txt") for p in (package / layer).glob(pattern)
    )
    return ";".join(f"{p.relative_to(package)}:{s.st_size}:{s.st_mtime_ns}" for p in files for s in [p.stat()])


def _path(data_dir: Path) -> Path | None:
    base = directory()
    if base is None:
        return None
    where = hashlib.sha256(os.fsencode(data_dir.resolve())).hexdigest()[:16]
    return base / f"catalog-{where}.json"


def read(data_dir: Path, wanted: bytes) -> Catalog | None:
    """The cached Catalog for exactly these files, or None (missing, stale, corrupt, foreign or misshapen)."""
    try:
        path = _path(data_dir)
        if path is None:
            return None
        with _open(path) as handle:
            info = os.fstat(handle.fileno())
            if info.st_uid != os.getuid() or info.st_mode & 0o022:
                return None  # others could have written it
            if handle.read(len(_MAGIC)) != _MAGIC or handle.read(len(wanted)) != wanted:
                return None
            content = handle.read()
        validator, _ = _codec()
        with paused():  # building the records makes millions of objects and frees none
            data = validator.validate_json(content)
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept when older catalogs are pruned
    except Exception:  # any unreadable or misshapen cache is simply rebuilt
        return None
    if not isinstance(data, DataFile):
        return None
    return Catalog.build(data.dataset, {c.name: getattr(data, c.name) for c in COLLECTIONS})


def write(data_dir: Path, wanted: bytes, catalog: Catalog) -> None:
    """Store the Catalog atomically and prune old ones; failures are ignored (the cache is only an optimisation)."""
    try:
        target = _path(data_dir)
        if target is None:
            return
        _, serializer = _codec()
        fields: dict[str, Any] = {c.name: catalog.items(c) for c in COLLECTIONS}
        whole = DataFile.model_construct(dataset=catalog.dataset, **fields)
        # Python values, then stdlib JSON: a model's own serializer (pydantic reuses it once the model has
        # validated something) would write an infinite or NaN value as null; json writes Infinity and NaN.
        stored = serializer.to_python(whole, exclude_unset=True, exclude_computed_fields=True)
        content = json.dumps(stored, ensure_ascii=False, separators=(",", ":"), default=_iso).encode()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".catalog-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + wanted + content)
            Path(tmp).replace(target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(target.parent)
    except Exception:  # unwritable directory, full disk, a model the schema cannot express: run uncached
        return


def _iso(value: object) -> str:
    """Dates as JSON strings; enums need nothing, being str."""
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in the cache")


def _prune(where: Path) -> None:
    """Keep the KEEP most recently used catalogs; delete only files aifx wrote (by name, owner and header)."""
    found = []
    for entry in os.scandir(where):
        if _NAME.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
            info = entry.stat(follow_symlinks=False)
            if info.st_uid == os.getuid() and _header(entry.path) in _OURS:
                found.append((info.st_mtime_ns, entry.path))
    for _, path in sorted(found, reverse=True)[KEEP:]:
        Path(path).unlink(missing_ok=True)


def _header(path: str) -> bytes:
    with _open(Path(path)) as handle:
        return handle.read(len(_MAGIC))


def _open(path: Path) -> BinaryIO:
    """A regular file opened for reading, else OSError: a FIFO, socket or device where a catalog belongs is
    refused at once instead of blocking every run (opened non-blocking, then checked)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@functools.cache
def _codec() -> tuple[SchemaValidator, SchemaSerializer]:
    """The validator and serializer of a data file's shape: built from field types alone, in about a millisecond."""
    from pydantic_core import SchemaSerializer, SchemaValidator

    schema = _model(DataFile)
    return SchemaValidator(schema), SchemaSerializer(schema)


def _model(cls: type[Model]) -> CoreSchema:
    """A schema that builds ``cls`` from its fields' types; the models' own validators stay out of it."""
    from pydantic_core import core_schema as cs

    fields = {}
    for name, info in cls.model_fields.items():
        inner = _shape(info.annotation)
        if info.default_factory is not None:
            inner = cs.with_default_schema(inner, default_factory=info.default_factory)
        elif not info.is_required():
            inner = cs.with_default_schema(inner, default=info.default)
        fields[name] = cs.model_field(inner)
    config = cs.CoreConfig(extra_fields_behavior="forbid", strict=True, ser_json_inf_nan="constants")
    return cs.model_schema(cls, cs.model_fields_schema(fields, model_name=cls.__name__), config=config)


def _shape(annotation: Any) -> CoreSchema:
    """The schema of one field type: constraints (patterns, lengths, ranges) and validators dropped."""
    from pydantic_core import core_schema as cs

    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _shape(args[0])
    if origin in (types.UnionType, typing.Union) and len(args) == 2 and type(None) in args:
        return cs.nullable_schema(_shape(next(a for a in args if a is not type(None))))
    if origin is list:
        return cs.list_schema(_shape(args[0]))
    simple: dict[Any, CoreSchema] = {
        str: cs.str_schema(),
        bool: cs.bool_schema(),
        int: cs.int_schema(),
        float: cs.float_schema(),
        dt.date: cs.date_schema(),
    }
    if annotation in simple:
        return simple[annotation]
    if isinstance(annotation, type) and issubclass(annotation, enum.StrEnum):
        return cs.enum_schema(annotation, list(annotation), sub_type="str")
    if isinstance(annotation, type) and issubclass(annotation, Model):
        return _model(annotation)
    raise TypeError(f"the cache cannot hold a field of type {annotation!r}")

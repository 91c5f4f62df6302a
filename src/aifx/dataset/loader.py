"""Find the dataset, read and validate it into a Catalog, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from aifx.dataset.catalog import COLLECTIONS, Catalog
from aifx.dataset.collector import paused
from aifx.dataset.models import DataFile, Dataset
from aifx.errors import AifxError, DataError, Problem

if TYPE_CHECKING:
    from aifx.dataset.checks import Failed

ENV_VAR = "AIFX_DATA"
MAX_FILE_BYTES = 64 * 1024 * 1024  # one file; large datasets split into several files
_PACKAGE = Path(__file__).resolve().parent.parent  # src/aifx in a checkout, site-packages/aifx in a wheel


def data_dir(explicit: Path | None = None) -> Path:
    """The dataset directory: --data, else $AIFX_DATA, else the data shipped with aifx."""
    if explicit is None and os.environ.get(ENV_VAR):
        explicit = Path(os.environ[ENV_VAR])
    if explicit is not None:
        if not explicit.is_dir():
            raise AifxError(f"{explicit}: not a directory (from --data or ${ENV_VAR})")
        return explicit
    here = _PACKAGE
    for candidate in (here / "data", here.parent.parent / "data"):  # wheel, then source checkout
        if candidate.is_dir():
            return candidate
    raise AifxError("the shipped dataset is missing; reinstall aifx or pass --data DIR")


def installed_copy(directory: Path) -> bool:
    """Whether ``directory`` is the dataset inside an installed package (a wheel's copy, not a checkout's)."""
    shipped = _PACKAGE / "data"
    return directory.resolve() == shipped or any(
        p in ("site-packages", "dist-packages") for p in directory.resolve().parts
    )


def data_files(directory: Path) -> list[Path]:
    """The dataset's YAML files, in a stable order."""
    files = sorted(p for p in directory.glob("*.yaml") if p.is_file())
    if not files:
        raise AifxError(f"{directory}: no *.yaml files")
    return files


def shown_path(path: Path) -> str:
    """How a file is named in messages: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):  # not below it, or the working directory was deleted
        return str(path)


def load(directory: Path | None = None, *, today: dt.date | None = None, cache: bool = True) -> Catalog:
    """The validated Catalog: from the cache when the files are unchanged, else parsed and checked."""
    from aifx.dataset import cache as store

    where = data_dir(directory)
    shown = {path: shown_path(path) for path in data_files(where)}
    files = [(path, name, read_bytes(path, name)) for path, name in shown.items()]
    wanted = store.key([(path.name, content) for path, _, content in files]) if cache else b""
    if cache and (cached := store.read(where, wanted)) is not None:
        return cached
    with paused():  # parsing builds millions of small objects and frees none
        catalog = parse_files([(shown, content) for _, shown, content in files], today=today)
    if cache:
        store.write(where, wanted, catalog)
    return catalog


def read_bytes(path: Path, shown: str) -> bytes:
    """A data file's bytes, refusing files over the size cap before reading them."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError([Problem(shown, 1, 1, "", f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")])
        return path.read_bytes()
    except OSError as exc:
        raise DataError([Problem(shown, 1, 1, "", f"cannot read: {exc.strerror or exc}")]) from None


MAX_PROBLEMS = 1000  # listed in one error; the rest are counted, so a broken file never floods memory or a screen


class _Found:
    """The problems listed so far, at most ``limit``, and how many more were found but not listed."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.listed: list[Problem] = []
        self.more = 0

    def room(self) -> bool:
        """Whether another problem would still be listed (and is worth placing in its file)."""
        return len(self.listed) < self.limit

    def add(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            if self.room():
                self.listed.append(problem)
            else:
                self.more += 1


@dataclass(frozen=True)
class Parsed:
    """One file read as YAML: its text and plain data, or the problems that kept it from being read."""

    shown: str
    content: bytes
    text: str = ""
    raw: Any = None
    error: DataError | None = None


def parse_file(shown: str, content: bytes) -> Parsed:
    """A file's content decoded and parsed (strictly: yamlfile.py); a file that does not read keeps its error."""
    from aifx.dataset import yamlfile

    try:
        text = yamlfile.decode(content, shown)
        raw = yamlfile.parse(text, shown)
    except DataError as exc:
        return Parsed(shown, content, error=exc)
    return Parsed(shown, content, text, {} if raw is None else raw)


def parse_files(files: list[tuple[str, bytes]], *, today: dt.date | None = None) -> Catalog:
    """Parse, validate and cross-check file contents; raise one DataError listing every problem of every kind."""
    return check_files([parse_file(shown, content) for shown, content in files], today=today)


def check_files(files: Sequence[Parsed], *, today: dt.date | None = None) -> Catalog:
    """Validate and cross-check parsed files; raise one DataError listing every problem of every kind.

    At most MAX_PROBLEMS are listed (and placed in their files); the error counts the rest. No date may lie
    after ``today``, by default the latest date anywhere on Earth (checks.latest_today).
    """
    from aifx.dataset.checks import Failed, check, latest_today

    found = _Found(MAX_PROBLEMS)
    places: dict[str, _Places] = {}  # one positions parse per file, shared by all its problems
    raws: dict[str, Any] = {}
    good: list[tuple[str, DataFile]] = []
    kept: dict[str, dict[str, list[int]]] = {}  # for a file that failed: raw index of each record that validated
    failed = Failed()
    for file in files:
        shown = file.shown
        if file.error is not None:
            found.add(file.error.problems)
            failed.unread |= _collections(file.content)
            continue
        places[shown], raws[shown] = _Places(file.text), file.raw
        data, indices = _validated(shown, raws[shown], places[shown], found, failed)
        good.append((shown, data))
        if indices is not None:
            kept[shown] = indices
    for f in check(good, today=today or latest_today(), failed=failed):
        if not found.room():
            found.more += 1
            continue
        loc = f.loc if f.as_written else _raw_loc(f.loc, kept.get(f.file))
        line, column = places[f.file].at(loc)
        found.add([Problem(f.file, line, column, label(raws[f.file], loc), f.message)])
    if not found.listed:
        return build([data for _, data in good])
    order = {file.shown: i for i, file in enumerate(files)}
    raise DataError(sorted(found.listed, key=lambda p: (order.get(p.file, 0), p.line, p.column)), more=found.more)


class _Places:
    """Where values sit in one file: the text is parsed for positions once, the first time a problem needs one."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tree: Any = None
        self.parsed = False

    def at(self, loc: Sequence[str | int]) -> tuple[int, int]:
        from aifx.dataset import yamlfile

        if not self.parsed:
            self.tree, self.parsed = yamlfile.positions(self.text), True
        return yamlfile.locate(self.tree, loc)


_RECORDS = {c.name: c.model for c in COLLECTIONS}
_NONE: frozenset[tuple[str | int, ...]] = frozenset()


def _validated(
    shown: str, raw: Any, places: _Places, found: _Found, failed: Failed
) -> tuple[DataFile, dict[str, list[int]] | None]:
    """The file's records that validate, one record at a time, and (when any failed) their raw indices.

    Record by record, so that a file of many bad records costs one small error at a time, never all at once;
    ``found`` gets each problem (placed while there is room to list it), ``failed`` learns the failed records.
    """
    if not isinstance(raw, dict):
        try:
            DataFile.model_validate(raw)
        except ValidationError as exc:
            found.add(_placed(shown, raw, exc.errors(include_url=False), places))
        failed.unread |= set(_RECORDS)
        return DataFile(), {}
    bad = False
    shell = {key: [] if key in _RECORDS and isinstance(value, list) else value for key, value in raw.items()}
    try:
        dataset = DataFile.model_validate(shell).dataset
    except ValidationError as exc:
        bad = True
        found.add(_placed(shown, raw, exc.errors(include_url=False), places))
        failed.unread |= {c for c in _RECORDS if c in raw and not isinstance(raw[c], list)}
        try:
            dataset = Dataset.model_validate(raw["dataset"]) if raw.get("dataset") is not None else None
        except ValidationError:
            dataset = None
    records: dict[str, list[Any]] = {}
    kept: dict[str, list[int]] = {}
    for collection, model in _RECORDS.items():
        items = raw.get(collection)
        if not isinstance(items, list):
            continue
        records[collection], kept[collection] = [], []
        for i, item in enumerate(items):
            try:
                records[collection].append(model.model_validate(item))
                kept[collection].append(i)
            except ValidationError as exc:
                bad = True
                errors: list[Any] = []
                if found.room() or collection != "sources":  # a failed source's refused paths are never needed
                    errors = [{**e, "loc": (collection, i, *e["loc"])} for e in exc.errors(include_url=False)]
                if found.room():
                    found.add(_placed(shown, raw, errors, places))
                else:
                    found.more += exc.error_count()
                # Only refused citations matter later (checks._cited); most failed records have none to keep.
                refused = {tuple(e["loc"]) for e in errors if "sources" in e["loc"][2:]} or _NONE
                failed.add(shown, collection, i, item, refused)
    return DataFile.model_validate({"dataset": dataset, **records}), kept if bad else None


def _collections(content: bytes) -> frozenset[str]:
    """Which collections a file that is not YAML seems to hold, from its top-level keys; all when none is seen."""
    found = frozenset(name for name in _RECORDS if re.search(rb"^" + name.encode() + rb"\s*:", content, re.MULTILINE))
    return found or frozenset(_RECORDS)


def _raw_loc(loc: Sequence[str | int], kept: dict[str, list[int]] | None) -> tuple[str | int, ...]:
    """A finding's path in the file as written, when the file's failed records were left out of the check."""
    if kept is None or len(loc) < 2 or not isinstance(loc[1], int) or str(loc[0]) not in kept:
        return tuple(loc)
    return (loc[0], kept[str(loc[0])][loc[1]], *loc[2:])


def build(files: Sequence[DataFile]) -> Catalog:
    """Merge checked files into one Catalog."""
    dataset = next((f.dataset for f in files if f.dataset is not None), None)
    return Catalog.build(dataset, {c.name: [i for f in files for i in getattr(f, c.name)] for c in COLLECTIONS})


def _placed(shown: str, raw: Any, errors: Iterable[Any], places: _Places) -> list[Problem]:
    """Each validation error (a pydantic error dict, its loc from the file's top) as a Problem placed in the file."""
    problems = []
    for error in errors:
        loc = _present(raw, error["loc"], keep_last=error["type"] == "missing")
        line, column = places.at(loc)
        message = str(error["msg"]).removeprefix("Value error, ")
        shown_input = _short(error["input"])
        if (
            error["type"] not in ("missing", "extra_forbidden")
            and not isinstance(error["input"], dict | list)
            and not (isinstance(error["input"], str) and shown_input in message)
        ):
            message += f" (got {shown_input})"
        if error["type"] == "extra_forbidden":
            message = "unknown field; check its spelling against `aifx data schema`"
        problems.append(Problem(shown, line, column, label(raw, loc), message))
    return problems


def _present(raw: Any, loc: Sequence[str | int], *, keep_last: bool) -> tuple[str | int, ...]:
    """The prefix of ``loc`` that exists in the data (pydantic adds union branch names)."""
    kept: list[str | int] = []
    node = raw
    for i, part in enumerate(loc):
        found = _child(node, part)
        if found is _MISSING:
            if keep_last and i == len(loc) - 1:
                kept.append(part)
            break
        node = found
        kept.append(part)
    return tuple(kept)


_MISSING = object()


def _child(node: Any, part: str | int) -> Any:
    """``node[part]`` if it exists in the parsed YAML, else _MISSING."""
    if isinstance(node, dict) and part in node:
        return node[part]
    if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
        return node[part]
    return _MISSING


def label(raw: Any, loc: Sequence[str | int]) -> str:
    """Human path to a value: the record's id, then its fields, e.g. ``LUMI-AF.budget[0].value``."""
    if len(loc) < 2 or not isinstance(raw, dict):
        return ".".join(str(p) for p in loc)
    collection, index, *rest = loc
    records = raw.get(str(collection))
    record = records[index] if isinstance(records, list) and isinstance(index, int) and index < len(records) else None
    name = f"{collection}[{index}]"
    if isinstance(record, dict):
        key = record.get("number") if collection == "waves" else record.get("id")
        # An id with a line break or an invisible character would break the one-line message: then say where.
        if isinstance(key, int | str) and not isinstance(key, bool) and str(key).isprintable():
            name = f"wave {key}" if collection == "waves" else str(key)
    for part in rest:
        name += f"[{part}]" if isinstance(part, int) else f".{part}"
    return name


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."

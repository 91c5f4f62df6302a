"""Find the dataset, read and validate it into a Catalog, reporting every problem at once."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from aifx.dataset.catalog import COLLECTIONS, Catalog
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
    # Parsing builds millions of small objects and frees none; the cyclic GC would only rescan them.
    gc.disable()
    try:
        catalog = parse_files([(shown, content) for _, shown, content in files], today=today)
    finally:
        gc.enable()
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


def parse_files(files: list[tuple[str, bytes]], *, today: dt.date | None = None) -> Catalog:
    """Parse, validate and cross-check file contents; raise one DataError listing every problem of every kind.

    No date may lie after ``today``, by default the latest date anywhere on Earth (checks.latest_today).
    """
    from aifx.dataset import yamlfile
    from aifx.dataset.checks import Failed, check, latest_today

    problems: list[Problem] = []
    places: dict[str, _Places] = {}  # one positions parse per file, shared by all its problems
    raws: dict[str, Any] = {}
    good: list[tuple[str, DataFile]] = []
    kept: dict[str, dict[str, list[int]]] = {}  # for a file that failed: raw index of each record that validated
    failed = Failed()
    for shown, content in files:
        try:
            text = yamlfile.decode(content, shown)
            raw = yamlfile.parse(text, shown)
        except DataError as exc:
            problems.extend(exc.problems)
            failed.unread |= _collections(content)
            continue
        places[shown], raws[shown] = _Places(text), {} if raw is None else raw
        try:
            good.append((shown, DataFile.model_validate(raws[shown])))
        except ValidationError as exc:
            problems.extend(_placed(shown, raws[shown], exc, places[shown]))
            salvaged, kept[shown] = _salvage(shown, raws[shown], exc, failed)
            good.append((shown, salvaged))
    findings = check(good, today=today or latest_today(), failed=failed)
    if not problems and not findings:
        return build([data for _, data in good])
    for f in findings:
        loc = f.loc if f.as_written else _raw_loc(f.loc, kept.get(f.file))
        line, column = places[f.file].at(loc)
        problems.append(Problem(f.file, line, column, label(raws[f.file], loc), f.message))
    order = {shown: i for i, (shown, _) in enumerate(files)}
    raise DataError(sorted(problems, key=lambda p: (order.get(p.file, 0), p.line, p.column)))


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


def _salvage(shown: str, raw: Any, exc: ValidationError, failed: Failed) -> tuple[DataFile, dict[str, list[int]]]:
    """The records of a failed file that validate one by one and their raw indices; ``failed`` learns the rest."""
    if not isinstance(raw, dict):
        failed.unread |= set(_RECORDS)
        return DataFile(), {}
    records: dict[str, list[Any]] = {}
    kept: dict[str, list[int]] = {}
    refused = {tuple(e["loc"]) for e in exc.errors(include_url=False)}
    for collection, model in _RECORDS.items():
        items = raw.get(collection, [])
        if not isinstance(items, list):
            failed.unread.add(collection)
            continue
        records[collection], kept[collection] = [], []
        for i, item in enumerate(items):
            try:
                records[collection].append(model.model_validate(item))
                kept[collection].append(i)
            except ValidationError:
                failed.add(shown, collection, i, item, refused)
    try:
        dataset = Dataset.model_validate(raw["dataset"]) if raw.get("dataset") is not None else None
    except ValidationError:
        dataset = None
    return DataFile.model_validate({"dataset": dataset, **records}), kept


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


def _placed(shown: str, raw: Any, exc: ValidationError, places: _Places) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
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

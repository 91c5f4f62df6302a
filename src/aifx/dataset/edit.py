"""Round-trip edits of the dataset: change one thing, validate everything, then write atomically.

Edits go through ruamel.yaml's round-trip mode (rewrite.py), so comments, key order, quoting and layout
survive and ``git diff`` shows only the edited lines. Nothing is written unless the whole dataset, edit
included, still loads cleanly. An edit keeps the file's own conventions (line ends, BOM, indentation),
takes the dataset's lock for its whole read–validate–write, and never overwrites a file changed since it was read.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import math
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from aifx.dataset.loader import data_files, parse_files, read_bytes, shown_path
from aifx.dataset.models import MODEL_NAMES, Claim, Factory, Initiative, Source
from aifx.dataset.plain import Shape, plain_fields
from aifx.dataset.rewrite import BOM, dump, keep_line_ends, layout, load_for_edit, mapping, sequence
from aifx.errors import AifxError, NotFoundError, UsageError
from aifx.text.characters import escape_unsafe
from aifx.text.suggest import fold

Document = Any  # a ruamel round-trip mapping


@dataclass(frozen=True)
class Change:
    """The outcome of an edit: which file, its exact text before (BOM and line ends included) and after."""

    path: Path
    before: str
    after: str

    def diff(self) -> str:
        """A unified diff of the change, as ``git diff`` would show it; control and bidi characters escaped."""
        name = shown_path(self.path).lstrip("/")
        lines = difflib.unified_diff(_lines(self.before), _lines(self.after), f"a/{name}", f"b/{name}", lineterm="")
        return "".join(escape_unsafe(line) + "\n" for line in lines)

    def summary(self) -> str:
        """Lines removed and added, as '-1 +1 lines'."""
        lines = [line for line in self.diff().splitlines() if line[:3] not in ("+++", "---")]
        return f"-{sum(1 for x in lines if x.startswith('-'))} +{sum(1 for x in lines if x.startswith('+'))} lines"


def _lines(text: str) -> list[str]:
    """The lines of a file as YAML splits them (CRLF or LF), without their ends."""
    lines = text.replace("\r\n", "\n").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def _documents(directory: Path) -> list[tuple[Path, str, Document]]:
    """Every data file's exact text and round-trip document; unreadable files fail with placed messages."""
    from aifx.dataset.yamlfile import decode

    found = []
    for path in data_files(directory):
        shown = shown_path(path)
        raw = read_bytes(path, shown)
        text = decode(raw, shown)  # checks the encoding; drops a BOM, which the exact text keeps
        exact = BOM + text if raw.startswith(BOM.encode()) else text
        found.append((path, exact, load_for_edit(exact, shown)))
    return found


def _record(docs: list[tuple[Path, str, Document]], record_id: str) -> tuple[Path, str, Document, Document, str]:
    """The file, its text and document, the record mapping whose id matches (any case), and its collection."""
    wanted = fold(record_id)
    ids = []
    for path, text, doc in docs:
        for collection in ("factories", "initiatives"):
            for item in (doc or {}).get(collection) or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ids.append(item["id"])
                    if fold(item["id"]) == wanted:
                        return path, text, doc, item, collection
    raise NotFoundError("record", record_id, [i for i in ids if fold(i).startswith(wanted[:3])][:3])


_TRUE, _FALSE, _NULL = ("true", "yes"), ("false", "no"), ("null", "")
_WHOLE = re.compile(r"[-+]?[0-9]+")
_DECIMAL = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")


def typed(text: str, key: str, shape: Shape) -> Any:
    """A command-line value as the field's type reads it, never as YAML: text stays exactly as typed.

    Only typed fields parse their value (a number, a date, yes/no, a comma-separated list), and one that does not
    parse is refused, saying what the field takes. An empty value clears an optional field (null), as does ``null``
    for a typed field; text ``null`` is the word itself.
    """
    if shape in (Shape.text, Shape.prose, Shape.code, Shape.url):
        return text or None  # '' is never valid text (min_length 1): it means "none"
    if shape is Shape.list:
        return [v.strip() for v in text.split(",") if v.strip()]
    word = text.strip().lower()
    if word in _NULL:
        return None
    if shape is Shape.bool and word in _TRUE + _FALSE:
        return word in _TRUE
    if shape is Shape.integer and _WHOLE.fullmatch(word):
        return int(word)
    if shape is Shape.number and _DECIMAL.fullmatch(word) and math.isfinite(number := float(word)):
        return int(number) if _WHOLE.fullmatch(word) else number
    if shape is Shape.date and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", word):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(word)
    takes = {
        Shape.bool: "true or false (yes or no)",
        Shape.integer: "a whole number",
        Shape.number: "a finite number",
        Shape.date: "a date, YYYY-MM-DD",
    }[shape]
    raise UsageError(f"VALUE: {key} takes {takes}, or null to clear it (got {text!r})")


def _insert(mapping: Document, key: str, value: Any, order: list[str]) -> None:
    """Set ``key``, placing a new key where the model lists it, so files keep one field order."""
    if key in mapping:
        mapping[key] = value
        return
    later = order[order.index(key) + 1 :] if key in order else []
    position = next((i for i, k in enumerate(mapping) if k in later), len(mapping))
    mapping.insert(position, key, value)


def _cite(record: Document, source_id: str) -> None:
    if source_id not in record["sources"]:
        record["sources"].append(source_id)


def model_field(name: str, model: type[Factory] | type[Initiative]) -> str:
    """The data file's name for a field as listings name it (experimental → experimental_platform).

    Only plain fields (one value, or a list of text) are settable; nested ones (coordinates) are edited in the file.
    """
    wanted = MODEL_NAMES.get(name, name)
    listed = {v: k for k, v in MODEL_NAMES.items()}
    fields = [f for f in plain_fields(model) if f in model.model_fields and f not in ("id", "sources")]
    editable = [listed.get(f, f) for f in fields]
    if wanted not in fields:
        raise UsageError(
            f"cannot set {name!r}; settable fields: {', '.join(editable)} "
            "(budgets: aifx data add-claim and aifx data set-claim)"
        )
    return wanted


def set_field(directory: Path, record_id: str, field: str, value: str, *, source: str) -> Change:
    """Set one field of a factory, antenna or initiative, citing the source that supports it."""
    docs = _documents(directory)
    path, text, doc, record, collection = _record(docs, record_id)
    model: type[Factory] | type[Initiative] = Factory if collection == "factories" else Initiative
    key = model_field(field, model)
    new = typed(value, field, plain_fields(model)[key].shape)
    if isinstance(new, list) and isinstance(record.get(key), list):
        record[key][:] = new  # in place, so a one-line [a, b] list stays on one line
    else:
        _insert(record, key, new, list(model.model_fields))
    _cite(record, source)
    return _checked(docs, path, text, doc)


def set_claim(directory: Path, record_id: str, number: int, changes: dict[str, Any]) -> Change:
    """Change claim ``number`` (1-based, as ``aifx show`` lists them) of a record's budget; None leaves a key alone.

    A ``sources`` list is added to the claim's sources, never replacing them.
    """
    docs = _documents(directory)
    path, text, doc, record, _ = _record(docs, record_id)
    claims = record.get("budget") or []
    if not 1 <= number <= len(claims):
        raise UsageError(
            f"{record['id']} has {len(claims)} budget claim{'s' if len(claims) != 1 else ''}; "
            f"N must be 1–{len(claims)} (got {number})"
            if claims
            else f"{record['id']} has no budget claims; add one with aifx data add-claim"
        )
    claim = claims[number - 1]
    wanted = {k: v for k, v in changes.items() if v is not None and k != "sources"}
    merged = {**dict(claim), **wanted, "sources": [*(claim.get("sources") or []), *changes.get("sources", [])]}
    _valid(Claim, merged)  # a clear error about the claim itself, before the whole dataset is checked
    for key, value in wanted.items():
        _insert(claim, key, value, list(Claim.model_fields))
    for sid in changes.get("sources") or []:
        if claim.get("sources") is None:
            _insert(claim, "sources", sequence(), list(Claim.model_fields))
        if sid not in claim["sources"]:
            claim["sources"].append(sid)
    return _checked(docs, path, text, doc)


PARTS = ("major", "minor", "patch")


def bump(directory: Path, part: str, *, today: dt.date) -> Change:
    """Raise the dataset's version (major, minor or patch, SemVer) and set its as-of date to ``today``."""
    docs = _documents(directory)
    target = next(((p, t, d) for p, t, d in docs if isinstance(d, dict) and isinstance(d.get("dataset"), dict)), None)
    if target is None:
        raise AifxError(f"{shown_path(directory)}: no file holds the dataset's metadata (a 'dataset:' mapping)")
    path, text, doc = target
    meta = doc["dataset"]
    version = str(meta.get("version"))
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise AifxError(f"{shown_path(path)}: dataset.version {version!r} is not MAJOR.MINOR.PATCH; fix it, then bump")
    numbers = [int(x) for x in version.split(".")]
    i = PARTS.index(part)
    numbers = [*numbers[:i], numbers[i] + 1, *([0] * (2 - i))]
    meta["version"] = ".".join(map(str, numbers))
    meta["as_of"] = today
    return _checked(docs, path, text, doc)


def _valid(model: type[Claim] | type[Source], data: dict[str, Any]) -> dict[str, Any]:
    """The fields as the model reads them, or a usage error naming each bad option."""
    from pydantic import ValidationError

    value = data.get("value")
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        raise UsageError(f"--value: expected a finite number (got {value!r})")
    try:
        fields = model.model_validate(data).model_dump(exclude={"official"})
        return {key: value.value if isinstance(value, Enum) else value for key, value in fields.items()}
    except ValidationError as exc:
        problems = "; ".join(
            f"--{'.'.join(map(str, e['loc'])) or 'value'}: {e['msg']}" for e in exc.errors(include_url=False)
        )
        raise UsageError(problems.replace("Value error, ", "")) from None


def add_claim(directory: Path, record_id: str, claim: dict[str, Any]) -> Change:
    """Append a budget claim (its own sources) to a record."""
    claim = {k: v for k, v in claim.items() if v is not None}
    _valid(Claim, claim)  # a clear error about the claim itself, before anything else
    docs = _documents(directory)
    path, text, doc, record, _ = _record(docs, record_id)
    entry = mapping({key: claim[key] for key in Claim.model_fields if claim.get(key) is not None})
    if "budget" not in record or record["budget"] is None:
        _insert(record, "budget", sequence(), list(Factory.model_fields))
    record["budget"].append(entry)
    return _checked(docs, path, text, doc)


def add_source(directory: Path, source: dict[str, Any]) -> Change:
    """Append a source to sources.yaml. It must be cited before the dataset counts it as used."""
    required = {k for k, f in Source.model_fields.items() if f.is_required()}  # published: null when undated
    source = _valid(Source, {k: v for k, v in source.items() if v is not None or k in required})
    docs = _documents(directory)
    target = next(((p, t, d) for p, t, d in docs if p.name == "sources.yaml"), None)
    if target is None:
        raise AifxError(f"{directory}: no sources.yaml to add the source to")
    path, text, doc = target
    wanted = ("id", "title", "publisher", "url", "kind", "published", "retrieved")
    entry = mapping({key: source[key] for key in Source.model_fields if key in wanted or source.get(key) is not None})
    doc["sources"].append(entry)
    return _checked(docs, path, text, doc)


def _checked(docs: list[tuple[Path, str, Document]], path: Path, before: str, doc: Document) -> Change:
    """Validate the whole dataset with the edited file in place; raise DataError and write nothing if it fails."""
    after = keep_line_ends(before, dump(doc, layout(before)))  # the file's own conventions: only edited lines change
    parse_files([(shown_path(p), (after if p == path else t).encode()) for p, t, _ in docs])
    return Change(path, before, after)


def fmt(directory: Path) -> list[Change]:
    """Every file whose canonical layout (as aifx writes it) differs from what is on disk."""
    changes = [Change(p, t, dump(d)) for p, t, d in _documents(directory)]
    return [c for c in changes if c.after != c.before]


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

"""Round-trip edits of the dataset: change one thing, validate everything, then write atomically.

Edits go through ruamel.yaml's round-trip mode (rewrite.py), so comments, key order, quoting and layout
survive and ``git diff`` shows only the edited lines. Nothing is written unless the whole dataset, edit
included, still loads cleanly. An edit keeps the file's own conventions (line ends, BOM, indentation),
takes the dataset's lock for its whole read–validate–write, and never overwrites a file changed since it was read
(atomic.py).

Each file is parsed once (by the strict reader, in C), which finds the record and is reused for validation; only
the edited record goes through the round trip (pure Python, slow: a whole sources.yaml takes most of a second),
and only the edited file is parsed again, from exactly the text that will be written.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from aifx.dataset.loader import Parsed, check_files, data_files, parse_file, read_bytes, shown_path
from aifx.dataset.models import MODEL_NAMES, Bid, Claim, Factory, Initiative, Source
from aifx.dataset.plain import Shape, plain_fields
from aifx.dataset.rewrite import BOM, dump, edit, edit_item, keep_line_ends, load_for_edit, mapping, sequence
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


@dataclass(frozen=True)
class _File:
    """A data file as an edit reads it: its exact text (BOM and line ends kept), parsed once."""

    path: Path
    text: str
    parsed: Parsed  # strictly, as validation reads it: reused to validate the edited dataset
    data: Any  # where records are looked for: the parsed data, or the round-trip document if only that reads it


def _read(directory: Path) -> Iterator[tuple[Path, str, bytes, str]]:
    """Each data file's path, name as shown, bytes and exact text; a file that is not UTF-8 fails, placed."""
    from aifx.dataset.yamlfile import decode

    for path in data_files(directory):
        shown = shown_path(path)
        raw = read_bytes(path, shown)
        text = decode(raw, shown)  # checks the encoding; drops a BOM, which the exact text keeps
        yield path, shown, raw, BOM + text if raw.startswith(BOM.encode()) else text


def _files(directory: Path) -> list[_File]:
    """Every data file, read and parsed once; a file that does not read as YAML fails with a placed message."""
    found = []
    for path, shown, raw, exact in _read(directory):
        parsed = parse_file(shown, raw)
        # A file only the strict reader refuses (an alias, say) is still edited; validation reports it, as before.
        data = parsed.raw if parsed.error is None else load_for_edit(exact, shown)
        found.append(_File(path, exact, parsed, data))
    return found


def _documents(directory: Path) -> list[tuple[Path, str, Document]]:
    """Every data file's exact text and whole round-trip document (for fmt, which rewrites whole files)."""
    return [(path, exact, load_for_edit(exact, shown)) for path, shown, _, exact in _read(directory)]


def _record(files: list[_File], record_id: str) -> tuple[_File, str, int]:
    """The file, collection and index of the record whose id matches (any case)."""
    wanted = fold(record_id)
    ids = []
    for file in files:
        for collection in ("factories", "initiatives", "bids"):
            for i, item in enumerate((file.data if isinstance(file.data, dict) else {}).get(collection) or []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    ids.append(item["id"])
                    if fold(item["id"]) == wanted:
                        return file, collection, i
    raise NotFoundError("record", record_id, [i for i in ids if fold(i).startswith(wanted[:3])][:3])


def _edit_record(files: list[_File], found: tuple[_File, str, int], change: Callable[[Document], object]) -> Change:
    """Apply ``change(record)`` to the record _record() found, then validate everything (see _checked)."""
    file, collection, index = found
    return _edit_item(files, file, collection, index, lambda items, at: change(items[at]))


def _edit_item(
    files: list[_File], file: _File, collection: str, index: int, change: Callable[[Document, int], object]
) -> Change:
    """Apply ``change(items, at)`` to item ``index`` of the file's ``collection``, then validate everything."""
    shown = file.parsed.shown
    if file.parsed.error is None:
        after = edit_item(file.text, file.data, collection, index, change, shown=shown)
    else:
        after = edit(file.text, lambda document: change(document[collection], index), shown=shown)
    return _checked(files, file, after)


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


Editable = type[Factory] | type[Initiative] | type[Bid]
_MODELS: dict[str, Editable] = {"factories": Factory, "initiatives": Initiative, "bids": Bid}


def _claims_key(collection: str) -> str:
    """Where a record keeps its claims: a factory's or initiative's budget, a gigafactory bid's size."""
    return "size" if collection == "bids" else "budget"


def model_field(name: str, model: Editable) -> str:
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
            "(budgets and bids' sizes: aifx data add-claim and aifx data set-claim)"
        )
    return wanted


def set_field(directory: Path, record_id: str, field: str, value: str, *, source: str) -> Change:
    """Set one field of a factory, antenna, initiative or gigafactory bid, citing the source that supports it."""
    files = _files(directory)
    found = _record(files, record_id)
    model = _MODELS[found[1]]
    key = model_field(field, model)
    new = typed(value, field, plain_fields(model)[key].shape)

    def change(record: Document) -> None:
        if isinstance(new, list) and isinstance(record.get(key), list):
            record[key][:] = new  # in place, so a one-line [a, b] list stays on one line
        else:
            _insert(record, key, new, list(model.model_fields))
        _cite(record, source)

    return _edit_record(files, found, change)


def set_claim(directory: Path, record_id: str, number: int, changes: dict[str, Any]) -> Change:
    """Change claim ``number`` (1-based, as ``aifx show`` lists them) of a record's budget (a bid's size); None leaves
    a key alone.

    A ``sources`` list is added to the claim's sources, never replacing them.
    """
    files = _files(directory)
    found = _record(files, record_id)
    held = _claims_key(found[1])
    what = "size" if held == "size" else "budget"

    def change(record: Document) -> None:
        claims = record.get(held) or []
        if not 1 <= number <= len(claims):
            raise UsageError(
                f"{record['id']} has {len(claims)} {what} claim{'s' if len(claims) != 1 else ''}; "
                f"N must be 1–{len(claims)} (got {number})"
                if claims
                else f"{record['id']} has no {what} claims; add one with aifx data add-claim"
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

    return _edit_record(files, found, change)


PARTS = ("major", "minor", "patch")


def bump(directory: Path, part: str, *, today: dt.date) -> Change:
    """Raise the dataset's version (major, minor or patch, SemVer) and set its as-of date to ``today``."""
    files = _files(directory)
    target = next((f for f in files if isinstance(f.data, dict) and isinstance(f.data.get("dataset"), dict)), None)
    if target is None:
        raise AifxError(f"{shown_path(directory)}: no file holds the dataset's metadata (a 'dataset:' mapping)")

    def change(document: Document) -> None:
        meta = document["dataset"]
        version = str(meta.get("version"))
        if not re.fullmatch(r"\d+\.\d+\.\d+", version):
            raise AifxError(
                f"{shown_path(target.path)}: dataset.version {version!r} is not MAJOR.MINOR.PATCH; fix it, then bump"
            )
        numbers = [int(x) for x in version.split(".")]
        i = PARTS.index(part)
        numbers = [*numbers[:i], numbers[i] + 1, *([0] * (2 - i))]
        meta["version"] = ".".join(map(str, numbers))
        meta["as_of"] = today

    return _checked(files, target, edit(target.text, change, shown=target.parsed.shown))


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
    """Append a budget claim (its own sources) to a record, or a size claim to a gigafactory bid."""
    claim = {k: v for k, v in claim.items() if v is not None}
    _valid(Claim, claim)  # a clear error about the claim itself, before anything else
    files = _files(directory)
    found = _record(files, record_id)
    key = _claims_key(found[1])

    def change(record: Document) -> None:
        if key not in record or record[key] is None:
            _insert(record, key, sequence(), list(_MODELS[found[1]].model_fields))
        record[key].append(mapping({k: claim[k] for k in Claim.model_fields if claim.get(k) is not None}))

    return _edit_record(files, found, change)


def add_source(directory: Path, source: dict[str, Any]) -> Change:
    """Append a source to sources.yaml. It must be cited before the dataset counts it as used."""
    required = {k for k, f in Source.model_fields.items() if f.is_required()}  # published: null when undated
    source = _valid(Source, {k: v for k, v in source.items() if v is not None or k in required})
    files = _files(directory)
    target = next((f for f in files if f.path.name == "sources.yaml"), None)
    if target is None:
        raise AifxError(f"{directory}: no sources.yaml to add the source to")
    wanted = ("id", "title", "publisher", "url", "kind", "published", "retrieved")
    fields = {key: source[key] for key in Source.model_fields if key in wanted or source.get(key) is not None}
    cited = (target.data if isinstance(target.data, dict) else {}).get("sources")
    last = len(cited) - 1 if isinstance(cited, list) else 0  # appended after the last source, cut out with it
    return _edit_item(files, target, "sources", last, lambda items, _: items.append(mapping(fields)))


def _checked(files: list[_File], target: _File, after: str) -> Change:
    """Validate the whole dataset with the edited file in place; raise DataError and write nothing if it fails.

    The other files are validated as parsed before the edit (they are what write() leaves on disk); the edited one
    is parsed afresh from exactly the text that will be written.
    """
    after = keep_line_ends(target.text, after)  # the file's own conventions: only edited lines change
    edited = parse_file(target.parsed.shown, after.encode())
    check_files([edited if f is target else f.parsed for f in files])
    return Change(target.path, target.text, after)


def fmt(directory: Path) -> list[Change]:
    """Every file whose canonical layout (as aifx writes it) differs from what is on disk."""
    changes = [Change(p, t, dump(d)) for p, t, d in _documents(directory)]
    return [c for c in changes if c.after != c.before]

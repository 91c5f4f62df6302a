"""Reading YAML, and only here: YAML 1.2, no duplicate keys, no anchors or aliases, bounded size and depth.

Events come from libyaml's C parser (ruamel.yaml.clib) when it is installed, else from ruamel's pure-Python
parser; either way one builder below turns them into plain data, so every strict rule holds on both paths.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import SafeConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.util import create_timestamp

from aifx.errors import DataError, Problem

try:  # libyaml through ruamel.yaml.clib: the same events, many times faster
    from _ruamel_yaml import CParser as _CParser  # type: ignore[import-not-found,unused-ignore]
except ImportError:  # pragma: no cover - PyPy, or the wheel is missing
    _CParser = None

C_PARSER: Any = _CParser  # None means the pure-Python parser; tests set it to check both paths
MAX_DEPTH = 40
_CORE = "tag:yaml.org,2002:"
# ruamel's own YAML 1.2 rules for plain scalars, by first character; `.match` unwraps its lazy regexps once.
_IMPLICIT: dict[str, list[tuple[str, Callable[[str], object]]]] = {
    first: [(tag.removeprefix(_CORE), regexp.match) for tag, regexp in pairs]
    for first, pairs in VersionedResolver(version=(1, 2)).versioned_resolver.items()
}
_TIMESTAMP: Callable[[str], re.Match[str] | None] = SafeConstructor.timestamp_regexp.match
_COLLECTION_TAGS = (None, "!", _CORE + "seq", _CORE + "map")


class _Refused(Exception):
    """A strict rule broken at a mark; becomes a placed Problem."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.mark = mark


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text (a BOM is allowed), or a DataError placed at the first bad byte's line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(shown, line, 1, "", f"not valid UTF-8 (byte {exc.start})")]) from None


def parse(text: str, shown: str) -> Any:
    """Plain Python data from YAML text, or a DataError placed at the offending line."""
    return _read(text, shown, keep=False)[0]


def positions(text: str) -> Any:
    """Where each value of the text sits, for locate(); parsed only when there are problems to place."""
    try:
        return _read(text, "", keep=True)[1]
    except DataError:
        return None


def locate(tree: Any, loc: Sequence[str | int]) -> tuple[int, int]:
    """(line, column) of the deepest node of ``tree`` (from positions()) along ``loc``: a scalar's value, else its key."""
    node = tree
    line, column = 1, 1
    for part in loc:
        if isinstance(part, str) and isinstance(node, dict) and part in node:
            key_line, key_column, value_line, value_column, node = node[part]
            line, column = (value_line, value_column) if node is None else (key_line, key_column)
        elif isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            line, column, node = node[part]
        else:
            break
    return line, column


def _read(text: str, shown: str, *, keep: bool) -> tuple[Any, Any]:
    """(data, positions or None) of the one document in ``text``."""
    if C_PARSER is not None:
        try:
            return _Builder(C_PARSER(text).get_event, keep=keep).document()
        except (_Refused, YAMLError, ValueError, TypeError):
            # libyaml predates YAML 1.2 in places (it refuses `[AI:AT]`): the pure parser has the last word,
            # so a file is refused, and its error worded and placed, the same way on both paths.
            pass
    try:
        return _Builder(_pure_events(text), keep=keep).document()
    except _Refused as exc:
        raise _fail(shown, exc.mark.line + 1, exc.mark.column + 1, str(exc)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(part).strip() for part in (exc.context, exc.problem) if part)
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            what += f" (the construct began on line {exc.context_mark.line + 1})"
        raise _fail(shown, line, column, " ".join(what.split())) from None
    except ReaderError as exc:
        line, column = _place(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise _fail(shown, line, column, f"the character U+{code:04X} is not allowed in YAML") from None
    except (YAMLError, RecursionError, ValueError, TypeError) as exc:
        raise _fail(shown, 1, 1, f"cannot parse YAML: {' '.join(str(exc).split())[:200]}") from None


def _pure_events(text: str) -> Callable[[], Any]:
    """ruamel's pure-Python parser, one event per call."""
    events: Iterator[Any] = YAML(typ="safe", pure=True).parse(text)
    return events.__next__


class _Builder:
    """Plain data (and, when asked, positions) from parser events, refusing what the dataset never needs."""

    def __init__(self, next_event: Callable[[], Any], *, keep: bool) -> None:
        self.next = next_event
        self.keep = keep

    def document(self) -> tuple[Any, Any]:
        self.next()  # stream start
        event = self.next()
        if type(event) is StreamEndEvent:
            return None, None
        value, where = self.node(self.next(), 1)
        self.next()  # document end
        event = self.next()
        if type(event) is not StreamEndEvent:
            raise _Refused(event.start_mark, "a data file holds one YAML document; found a second")
        return value, where

    def node(self, event: Any, depth: int) -> tuple[Any, Any]:
        kind = type(event)
        if kind is ScalarEvent:
            if event.anchor is not None:
                raise _Refused(event.start_mark, "anchors and aliases (&, *) are not allowed")
            return _scalar(event), None
        if kind not in (SequenceStartEvent, MappingStartEvent) or event.anchor is not None:
            raise _Refused(event.start_mark, "anchors and aliases (&, *) are not allowed")
        if depth > MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested deeper than {MAX_DEPTH} levels")
        if event.tag not in _COLLECTION_TAGS:
            raise _Refused(event.start_mark, f"the tag {event.tag} is not allowed; write plain YAML")
        if kind is SequenceStartEvent:
            return self.sequence(depth)
        return self.mapping(event, depth)

    def sequence(self, depth: int) -> tuple[list[Any], Any]:
        items: list[Any] = []
        where: list[tuple[int, int, Any]] | None = [] if self.keep else None
        event = self.next()
        while type(event) is not SequenceEndEvent:
            value, inner = self.node(event, depth + 1)
            items.append(value)
            if where is not None:
                where.append((event.start_mark.line + 1, event.start_mark.column + 1, inner))
            event = self.next()
        return items, where

    def mapping(self, start: Any, depth: int) -> tuple[dict[Any, Any], Any]:
        result: dict[Any, Any] = {}
        where: dict[Any, tuple[int, int, int, int, Any]] | None = {} if self.keep else None
        lines: dict[Any, int] = {}
        event = self.next()
        while type(event) is not MappingEndEvent:
            if type(event) is not ScalarEvent:
                self.node(event, depth + 1)  # refuses aliases and anchors with their own message
                raise _Refused(event.start_mark, "a mapping key must be a plain value, not a list or mapping")
            key = self.node(event, depth + 1)[0]
            if key in result:
                first = lines[key]
                raise _Refused(event.start_mark, f"duplicate key {key!r} (first given on line {first})")
            lines[key] = event.start_mark.line + 1
            value_event = self.next()
            result[key], inner = self.node(value_event, depth + 1)
            if where is not None:
                key_mark, value_mark = event.start_mark, value_event.start_mark
                where[key] = (key_mark.line + 1, key_mark.column + 1, value_mark.line + 1, value_mark.column + 1, inner)
            event = self.next()
        return result, where


def _scalar(event: Any) -> Any:
    """A scalar's value under the YAML 1.2 core schema: NO, yes and off stay strings."""
    value: str = event.value
    if event.ctag is None:
        if event.implicit[0]:  # plain, not quoted
            for name, match in _IMPLICIT.get(value[:1], ()):
                if match(value):
                    return _construct(event, name, value)
        return value
    tag = event.tag
    if tag == "!":  # the non-specific tag: a string
        return value
    if not tag.startswith(_CORE):
        raise _Refused(event.start_mark, f"the tag {tag} is not allowed; write plain YAML")
    return _construct(event, tag.removeprefix(_CORE), value)


def _construct(event: Any, name: str, value: str) -> Any:
    """The value of a core-schema scalar; a date that does not exist stays text for validation to place."""
    try:
        if name in ("str", "value"):
            return value
        if name == "null":
            return None
        if name == "bool":
            return {"true": True, "false": False}[value.lower()]
        if name == "int":
            return _int(value)
        if name == "float":
            return _float(value)
        if name == "timestamp":
            match = _TIMESTAMP(value)
            return value if match is None else _timestamp(value, match.groupdict())
    except (KeyError, ValueError, IndexError):
        raise _Refused(event.start_mark, f"{value!r} is not a valid !!{name}") from None
    if name == "merge":
        raise _Refused(event.start_mark, "merge keys (<<) are not allowed")
    raise _Refused(event.start_mark, f"the tag !!{name} is not allowed; write plain YAML")


def _int(value: str) -> int:
    text = value.replace("_", "")
    sign = -1 if text[0] == "-" else 1
    text = text.lstrip("+-")
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if text.startswith(prefix):
            return sign * int(text[2:], base)
    return sign * int(text)


def _float(value: str) -> float:
    text = value.replace("_", "").lower()
    sign = -1.0 if text[0] == "-" else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * float("inf")
    if text == ".nan":
        return float("nan")
    return sign * float(text)


def _timestamp(value: str, parts: dict[str, Any]) -> dt.date | str:
    try:
        made: dt.date = create_timestamp(**parts)
    except ValueError:  # 2026-02-30: kept as written, so validation names the record and field
        return value
    return made


def _place(text: str, position: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _fail(shown: str, line: int, column: int, message: str) -> DataError:
    return DataError([Problem(shown, line, column, "", message)])

"""Reading YAML, and only here: YAML 1.2, no duplicate keys, no anchors or aliases, bounded size and depth."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent

from aifx.errors import DataError, Problem

MAX_DEPTH = 40


class _StrictComposer(Composer):
    """Refuses anchors, aliases (and so alias bombs) and absurd nesting before any value is built."""

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
            raise ComposerError(None, None, "anchors and aliases (&, *) are not allowed", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _reader() -> YAML:
    yaml = YAML(typ="safe", pure=True)
    yaml.Composer = _StrictComposer  # type: ignore[assignment,unused-ignore]
    yaml.allow_duplicate_keys = False
    return yaml


def decode(raw: bytes, shown: str) -> str:
    """UTF-8 text (a BOM is allowed), or a DataError placed at the first bad byte's line."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError([Problem(shown, line, 1, "", f"not valid UTF-8 (byte {exc.start})")]) from None


def parse(text: str, shown: str) -> Any:
    """Plain Python data from YAML text, or a DataError placed at the offending line."""
    try:
        return _reader().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(str(part).strip() for part in (exc.context, exc.problem) if part)
        if exc.context_mark and mark and exc.context_mark.line != mark.line:
            what += f" (the construct began on line {exc.context_mark.line + 1})"
        raise DataError([Problem(shown, line, column, "", " ".join(what.split()))]) from None
    except (YAMLError, RecursionError, ValueError, TypeError) as exc:
        raise _fail(shown, f"cannot parse YAML: {' '.join(str(exc).split())[:200]}") from None


def positions(text: str) -> Any:
    """The text parsed again with line numbers kept; only done when there are errors to place."""
    try:
        return YAML(typ="rt").load(text)
    except (YAMLError, RecursionError):
        return None


def locate(tree: Any, loc: Sequence[str | int]) -> tuple[int, int]:
    """(line, column) of the deepest node of ``tree`` (from positions()) along ``loc``."""
    node = tree
    line, column = 1, 1
    for part in loc:
        lc = getattr(node, "lc", None)
        if lc is None:
            break
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            line, column = lc.item(part)
        elif isinstance(part, str) and isinstance(node, dict) and part in node:
            line, column = lc.value(part) if _is_scalar(node[part]) else lc.key(part)
        else:
            break
        node = node[part]
        line, column = line + 1, column + 1
    return line, column


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, dict | list)


def _fail(shown: str, message: str) -> DataError:
    return DataError([Problem(shown, 1, 1, "", message)])

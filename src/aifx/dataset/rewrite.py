"""Writing YAML back, and only here: round-trip mode keeps comments, order, quoting and layout.

An edit also keeps the file's own conventions (line ends, a byte-order mark, indentation), so it changes only
its own lines; ``aifx data fmt`` is the one writer that brings a file to the canonical layout.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ruamel.yaml import YAML

from aifx.errors import DataError

BOM = "\ufeff"


@dataclass(frozen=True)
class Layout:
    """A file's conventions, as ruamel's ``indent(mapping, sequence, offset)`` and the text around it name them."""

    newline: str = "\n"
    bom: bool = False
    mapping: int = 2
    sequence: int = 2
    offset: int = 0


CANONICAL = Layout()

_LINES = re.compile(r"[^\n]*\n|[^\n]+$")
_DASH = re.compile(r"-( +|$)")
_DASH_BEFORE = re.compile(r" *- +")  # what precedes a block sequence item on its first line


def layout(text: str) -> Layout:
    """The conventions ``text`` is written in: its usual line end, its BOM, its most common indentation."""
    crlf = text.count("\r\n")
    lines = [line for line in _normal(text).split("\n") if line.strip() and not line.lstrip().startswith("#")]
    mappings: Counter[int] = Counter()
    sequences: Counter[tuple[int, int]] = Counter()
    for parent, child in itertools.pairwise(lines):
        if not parent.endswith(":") or ": " in parent or parent.lstrip("- ").startswith(("'", '"', "?")):
            continue  # only a bare `key:` opens a block whose indentation tells
        column = len(parent) - len(parent.lstrip("- "))  # where the key starts, after any `- ` of its item
        indent = len(child) - len(child.lstrip(" "))
        dash = _DASH.match(child, indent)
        if indent < column or (indent == column and not dash):
            continue
        if dash:
            sequences[indent - column, dash.end() - column] += 1
        else:
            mappings[indent - column] += 1
    mapping = mappings.most_common(1)[0][0] if mappings else CANONICAL.mapping
    offset, sequence = sequences.most_common(1)[0][0] if sequences else (CANONICAL.offset, CANONICAL.sequence)
    if sequence < offset + 2:  # not a layout ruamel can write; keep the canonical one
        offset, sequence = CANONICAL.offset, CANONICAL.sequence
    return Layout(
        newline="\r\n" if crlf > text.count("\n") - crlf else "\n",
        bom=text.startswith(BOM),
        mapping=mapping,
        sequence=sequence,
        offset=offset,
    )


def _normal(text: str) -> str:
    """The text as YAML reads it: no BOM, every line ending in a bare newline."""
    return text.removeprefix(BOM).replace("\r\n", "\n")


def round_trip(style: Layout = CANONICAL) -> YAML:
    """The one YAML configuration for reading-to-edit and writing data files."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=style.mapping, sequence=style.sequence, offset=style.offset)
    yaml.width = 120
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    return yaml


def load_for_edit(text: str, shown: str) -> Any:
    """A round-trip document to edit; a file that does not parse fails with the strict reader's placed message."""
    from ruamel.yaml.error import YAMLError

    plain = _normal(text)
    try:
        return round_trip().load(plain)
    except (YAMLError, RecursionError):
        from aifx.dataset.yamlfile import parse

        parse(plain, shown)  # raises a DataError at the offending line
        raise


def mapping(items: dict[str, Any]) -> Any:
    """A new round-trip mapping (lists inside become block sequences), for records and claims added by edits."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    made = CommentedMap()
    for key, value in items.items():
        made[key] = CommentedSeq(value) if isinstance(value, list) else value
    return made


def sequence() -> Any:
    """A new, empty round-trip sequence."""
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def dump(document: Any, style: Layout = CANONICAL) -> str:
    """Text of a round-trip document, exactly as it will be written, in the conventions of ``style``."""
    out = io.StringIO()
    round_trip(style).dump(document, out)
    return _conventions(out.getvalue(), style)


def _conventions(text: str, style: Layout) -> str:
    """Text with bare newlines, in the line ends and BOM of ``style``."""
    return (BOM if style.bom else "") + (text.replace("\n", style.newline) if style.newline != "\n" else text)


def edit(text: str, change: Callable[[Any], object], *, shown: str) -> str:
    """``text`` once ``change`` has edited its round-trip document, in the file's own conventions."""
    style = layout(text)
    document = load_for_edit(text, shown)
    change(document)
    return dump(document, style)


def edit_item(
    text: str, data: Any, collection: str, index: int, change: Callable[[Any, int], object], *, shown: str
) -> str:
    """``text`` once ``change(items, at)`` has edited ``items[at]``, item ``index`` of the top-level ``collection``
    (or, given the last index, appended to ``items``), in the file's own conventions; ``data`` is the text as
    yamlfile.parse reads it.

    Only that item's lines go through the round trip, which reads a few hundred bytes where the whole file may be
    hundreds of kilobytes (ruamel's pure-Python round trip takes 3 µs a byte). The item's lines are cut out under
    their collection's key line only if they read and write back unchanged on their own, and put back only if the
    file then reads as before but for the edited item; otherwise the whole file goes through the round trip.
    """
    style = layout(text)
    plain = _normal(text)

    def whole(document: Any) -> object:
        return change(document[collection], index)

    piece = _cut(plain, collection, index)
    if piece is None:
        return edit(text, whole, shown=shown)
    header, start, end = piece
    lines = _LINES.findall(plain)
    yaml = round_trip(replace(style, newline="\n", bom=False))
    document = _load_alone(yaml, header + "".join(lines[start:end]))
    if document is None:
        return edit(text, whole, shown=shown)
    change(document[collection], 0)
    out = io.StringIO()
    yaml.dump(document, out)
    edited = out.getvalue()
    after = "".join(lines[:start]) + edited.removeprefix(header) + "".join(lines[end:])
    if not edited.startswith(header) or not _reads_as(after, data, collection, index, edited):
        return edit(text, whole, shown=shown)
    return _conventions(after, style)


def _load_alone(yaml: YAML, alone: str) -> Any:
    """The round-trip document of an item cut out under its key line; None unless it writes back unchanged."""
    try:
        document = yaml.load(alone)
        out = io.StringIO()
        yaml.dump(document, out)
    except Exception:  # whatever ruamel makes of a piece it cannot read alone: the whole file is read instead
        return None
    return document if out.getvalue() == alone else None


def _cut(plain: str, collection: str, index: int) -> tuple[str, int, int] | None:
    """The key line of a top-level block sequence, and the lines [start, end) of its item ``index`` (0-based),
    each item starting on its dash's line; None when the file is not laid out so."""
    from aifx.dataset.yamlfile import positions

    if any(c in plain for c in "\r\x85\u2028\u2029"):
        return None  # line breaks that YAML counts and the cut would not
    tree = positions(plain)
    if not isinstance(tree, dict) or collection not in tree:
        return None
    keys = list(tree)
    key_line, _, value_line, _, items = tree[collection]
    if not isinstance(items, list) or not 0 <= index < len(items) or value_line <= key_line:
        return None
    lines = _LINES.findall(plain)
    following = keys.index(collection) + 1
    end = items[index + 1][0] if index + 1 < len(items) else None
    if end is None:
        end = tree[keys[following]][0] if following < len(keys) else len(lines) + 1
    starts = [items[i] for i in (index, index + 1) if i < len(items)]
    if not all(_DASH_BEFORE.fullmatch(lines[line - 1][: column - 1]) for line, column, _ in starts):
        return None
    return lines[key_line - 1], items[index][0] - 1, end - 1


def _reads_as(after: str, data: Any, collection: str, index: int, edited: str) -> bool:
    """Whether ``after`` reads as ``data`` with item ``index`` of ``collection`` replaced by the item(s) ``edited``
    holds: the cut was right, and nothing else changed."""
    from aifx.dataset.yamlfile import parse

    if not isinstance(data, dict) or not isinstance(data.get(collection), list):
        return False
    items = data[collection]
    try:
        expected = {**data, collection: [*items[:index], *parse(edited, "")[collection], *items[index + 1 :]]}
        return bool(parse(after, "") == expected)
    except DataError:  # the pieces no longer read as YAML: the whole file's round trip will tell why
        return False


def keep_line_ends(before: str, after: str) -> str:
    """``after`` with each line kept from ``before`` ending as it did there, for files that mix CRLF and LF."""
    if before.count("\r\n") in (0, before.count("\n")):
        return after  # one convention throughout, which dump() already kept
    from difflib import SequenceMatcher

    old, new = _LINES.findall(before), _LINES.findall(after)
    bare = SequenceMatcher(None, [_text(x) for x in old], [_text(x) for x in new], autojunk=False)
    kept: list[str] = []
    for tag, i1, i2, j1, j2 in bare.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):  # the same lines, or lines edited in place
            pairs = zip(old[i1:i2], new[j1:j2], strict=True)
            kept += [_text(n) + o[len(_text(o)) :] if o[-1:] == n[-1:] == "\n" else n for o, n in pairs]
        else:
            kept += new[j1:j2]
    return "".join(kept)


def _text(line: str) -> str:
    """A line without its end."""
    return line.rstrip("\r\n")


def reproduces(text: str) -> bool:
    """Whether loading and dumping ``text`` gives it back byte for byte (so edits touch only their lines)."""
    return dump(round_trip().load(text)) == text

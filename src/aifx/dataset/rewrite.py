"""Writing YAML back, and only here: round-trip mode keeps comments, order, quoting and layout.

An edit also keeps the file's own conventions (line ends, a byte-order mark, indentation), so it changes only
its own lines; ``aifx data fmt`` is the one writer that brings a file to the canonical layout.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML

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
    text = out.getvalue()
    return (BOM if style.bom else "") + (text.replace("\n", style.newline) if style.newline != "\n" else text)


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

"""Writing YAML back, and only here: round-trip mode keeps comments, order, quoting and layout."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


def round_trip() -> YAML:
    """The one YAML configuration for reading-to-edit and writing data files."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 120
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    return yaml


def load_for_edit(text: str, shown: str) -> Any:
    """A round-trip document to edit; a file that does not parse fails with the strict reader's placed message."""
    from ruamel.yaml.error import YAMLError

    try:
        return round_trip().load(text)
    except (YAMLError, RecursionError):
        from aifx.yamlfile import parse

        parse(text, shown)  # raises a DataError at the offending line
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


def dump(document: Any) -> str:
    """Text of a round-trip document, exactly as it will be written."""
    out = io.StringIO()
    round_trip().dump(document, out)
    return out.getvalue()


def reproduces(text: str) -> bool:
    """Whether loading and dumping ``text`` gives it back byte for byte (so edits touch only their lines)."""
    return dump(round_trip().load(text)) == text

"""Writing YAML back: an edit of one item round-trips that item alone, and writes what the whole file's round trip would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aifx.dataset.rewrite import edit, edit_item
from aifx.dataset.yamlfile import parse
from conftest import DATA

Change = Callable[[Any, int], object]


def _set_note(items: Any, at: int) -> None:
    items[at]["note"] = "added by a test"  # a new key, written after the item's last one (and its comments)


def _append(items: Any, at: int) -> None:
    from aifx.dataset.rewrite import mapping

    items.append(mapping({"id": "added-by-a-test", "tags": ["a", "b"]}))


def _whole(text: str, edits: list[tuple[str, int, Change]]) -> str:
    """The text after ``edits``, all made in one round trip of the whole file (how every edit was made before)."""

    def change(document: Any) -> None:
        for collection, index, made in edits:
            made(document[collection], index)

    return edit(text, change, shown="test.yaml")


def _one_by_one(text: str, edits: list[tuple[str, int, Change]]) -> str:
    for collection, index, made in edits:
        text = edit_item(text, parse(text, ""), collection, index, made, shown="test.yaml")
    return text


@pytest.mark.parametrize("path", sorted(set(DATA.glob("*.yaml")) - {DATA / "dataset.yaml"}), ids=lambda p: p.name)
def test_editing_items_writes_what_the_whole_files_round_trip_writes(path: Path) -> None:
    """On every shipped file, the first, a middle and the last item edited alone (and one appended) give exactly the
    text that editing them in the whole file gives."""
    text = path.read_text(encoding="utf-8")
    data = parse(text, "")
    edits: list[tuple[str, int, Change]] = []
    for collection, items in data.items():
        if isinstance(items, list) and items:
            edits += [(collection, i, _set_note) for i in sorted({0, len(items) // 2, len(items) - 1})]
            edits.append((collection, len(items) - 1, _append))
    assert edits
    assert _one_by_one(text, edits) == _whole(text, edits)


ODD = {
    "a dash on its own line": "items:\n- id: a\n  n: 1\n-\n  id: b\n  n: 2\n- id: c\n",
    "a flow sequence": "items: [{id: a}, {id: b}, {id: c}]\n",
    "a comment before and after": "# top\nitems:\n# first\n- id: a  # a\n# between\n- id: b\n# after b\n- id: c\n# end\n",
    "another key after": "items:\n- id: a\n- id: b\n  # trailing\n- id: c\n  # trailing too\nother:\n  k: v\n",
    "spacing the round trip changes": "items:\n- id:   a\n- id: b\n- {id:  c}\n",
    "an indented sequence": "items:\n  - id: a\n    n: [1, 2]\n  - id: b\n  - id: c\n",
    "CRLF line ends": "items:\r\n- id: a\r\n- id: b\r\n- id: c\r\n",
    "a lone CR": "items:\n- id: a\r- id: b\n- id: c\n",
    "a byte-order mark": "\ufeffitems:\n- id: a\n- id: b\n- id: c\n",
    "a block scalar": "items:\n- id: a\n  text: |\n    - not an item\n    id: x\n- id: b\n- id: c\n",
}


@pytest.mark.parametrize("text", ODD.values(), ids=list(ODD))
@pytest.mark.parametrize("index", [0, 1, 2])
def test_items_laid_out_oddly_are_edited_as_the_whole_file_would_be(text: str, index: int) -> None:
    """Where an item cannot be cut out on its own lines, the whole file is round-tripped; either way the edited
    file reads as the old one with that item changed, and the rest of its lines are kept."""
    noted = edit_item(text, parse(text, ""), "items", index, _set_note, shown="test.yaml")
    assert parse(noted, "") == parse(_whole(text, [("items", index, _set_note)]), "")
    assert parse(noted, "")["items"][index]["note"] == "added by a test"
    appended = edit_item(text, parse(text, ""), "items", 2, _append, shown="test.yaml")  # after the last item
    assert parse(appended, "") == parse(_whole(text, [("items", 2, _append)]), "")
    assert parse(appended, "")["items"][-1]["id"] == "added-by-a-test"


def test_lines_outside_the_edited_item_are_kept_even_where_the_round_trip_would_change_them() -> None:
    """An item's edit leaves the other items' lines byte for byte, spacing the round trip would normalise included."""
    text = "items:\n- id:   a\n- id: b\n- {id:  c}\n"
    after = edit_item(text, parse(text, ""), "items", 1, _set_note, shown="test.yaml")
    assert after == "items:\n- id:   a\n- id: b\n  note: added by a test\n- {id:  c}\n"

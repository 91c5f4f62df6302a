"""The unsafe-character class is exactly Unicode's Cc (but tab and newline), Cf, Zl, Zp, Co and Cs."""

from __future__ import annotations

import json
import sys
import unicodedata

from aifx.text.characters import UNSAFE, escape_unsafe, first_unsafe, remove_unsafe

CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Co", "Cs"}


def test_the_class_matches_the_unicode_database_exactly() -> None:
    """Every code point of those categories is unsafe (tab and newline aside), and nothing else but code points
    this Python's Unicode database does not assign yet (newer Unicode made some of them format characters)."""
    wrong = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        expected = category in CATEGORIES and char not in "\t\n"
        if bool(UNSAFE.fullmatch(char)) != expected and not (category == "Cn" and UNSAFE.fullmatch(char)):
            wrong.append(f"U+{code:04X}")
    assert wrong == []


def test_removing_and_escaping_keep_the_rest_and_stay_valid_json() -> None:
    """Removal drops only unsafe characters; escaping yields JSON that reads back to the original text."""
    text = "a\x1b[2J\u202eb\u2028c\U000e0041d\u00ade"
    assert remove_unsafe(text) == "a[2Jbcde"
    assert json.loads('"' + escape_unsafe(text).replace("\x1b", "\\u001b") + '"') == text
    assert first_unsafe("ok\u2060") == "WORD JOINER at position 2"
    assert first_unsafe("plain text") is None

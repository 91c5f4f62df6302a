"""Characters that make text display as something other than what it is: one definition, for loading and output.

Unicode categories Cc (controls; tab and newline aside, which prose may hold), Cf (format characters: bidi
controls, zero-width characters, the soft hyphen, tags…), Zl and Zp (line and paragraph separators, which split
lines for ``str.splitlines``), Co (private use) and Cs (surrogates). tests/test_characters.py checks the ranges
against Python's Unicode database.
"""

from __future__ import annotations

import re
import unicodedata

_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f" + _FORMAT + "\u2028\u2029\ue000-\uf8ff\U000f0000-\U000ffffd"
    "\U00100000-\U0010fffd\ud800-\udfff]"
)


def first_unsafe(text: str) -> str | None:
    """A description of the first unsafe character in ``text`` and where it is, or None."""
    found = UNSAFE.search(text)
    if found is None:
        return None
    char = found.group()
    return f"{unicodedata.name(char, f'U+{ord(char):04X}')} at position {found.start()}"


def remove_unsafe(text: str) -> str:
    """``text`` without any unsafe character."""
    return UNSAFE.sub("", text)


def escape_unsafe(text: str) -> str:
    """Unsafe characters as JSON ``\\uXXXX`` escapes (surrogate pairs beyond the BMP); the rest untouched."""

    def escaped(match: re.Match[str]) -> str:
        code = ord(match.group())
        if code <= 0xFFFF:
            return f"\\u{code:04x}"
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"

    return UNSAFE.sub(escaped, text)

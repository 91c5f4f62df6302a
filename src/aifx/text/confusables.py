"""Unicode TR39 skeletons, so that names which only look alike (Cyrillic е for Latin e) count as the same name."""

from __future__ import annotations

import functools
import unicodedata
from importlib.resources import files


@functools.cache
def _table() -> dict[int, str]:
    """Each confusable code point's prototype, from the table shipped beside this module (Unicode data)."""
    table: dict[int, str] = {}
    for line in files("aifx.text").joinpath("confusables.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, target = line.split("\t")
            table[int(source, 16)] = "".join(chr(int(h, 16)) for h in target.split())
    return table


def skeleton(text: str) -> str:
    """TR39's skeleton: NFD, each character replaced by its prototype, NFD again; equal skeletons look alike."""
    return unicodedata.normalize("NFD", unicodedata.normalize("NFD", text).translate(_table()))

"""The result type of a search, apart from search.py so that showing results needs no rapidfuzz import."""

from __future__ import annotations

from dataclasses import dataclass

from aifx.catalog import Record


@dataclass(frozen=True)
class Hit:
    """A record that matched, how well (0-100, 101 for an exact id/name/alias), and on which text."""

    record: Record
    score: float
    matched: str
    field: str

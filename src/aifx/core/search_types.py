"""The result type of a search, apart from search.py so that showing results needs no rapidfuzz import."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """What matched (a record, system, chip, wave, source or event), how well (0-100, 101 for an exact id, name or
    alias), where and around what."""

    id: str
    name: str
    kind: str  # factory, antenna, initiative, system, chip, wave, source or event: aifx show opens each id
    verification: str  # a record's verification, or a source's kind (official, news, …)
    score: float
    field: str
    excerpt: str

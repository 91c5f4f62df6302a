"""Fuzzy matching, the only module that imports rapidfuzz: the one "did you mean", and search's word scores.

Every suggestion aifx makes (ids, names, fields, options' values, countries, towns, commands) is ranked by
``score`` and kept from ``CUTOFF`` up (and within ``MARGIN`` of the best), then printed by ``aifx.errors.did_you_mean``. Ids cited in data files are the one
exception, on purpose: ``one_typo`` offers only ids a single edit away, because a long structured source id that
merely resembles another (same publisher, same date) is more often a different source than a misspelling.

rapidfuzz is imported inside the functions: ``fold`` is on every command's path, and a listing never needs rapidfuzz.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

MARGIN = 10.0  # a suggestion this far behind the best one is noise beside it: Tartuu → Tartu, not also Atar
CUTOFF = 70.0  # 'hamer' ~ HammerHAI scores 72 and 'lsit' ~ list 75; unrelated words of similar length stay below
_NOT_WORD = re.compile(r"[\W_]+")
_SHORT = 2  # a query this short is a code: a piece of a longer name matches it only as that name's start


def fold(text: str) -> str:
    """Case- and accent-insensitive key: 'Jülich' and 'JULICH' fold alike; spaces collapsed, punctuation kept."""
    if text.isascii():  # the common case, and search folds every name of every record
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).split())


def key(text: str) -> str:
    """What names are compared by: folded, punctuation read as spaces ('Côte d’Ivoire' ~ 'cote d ivoire').

    The same as rapidfuzz's ``utils.default_process`` after ``fold`` (tests/test_suggest.py checks), written out so
    that exact lookups (a country's name, a record's) need no rapidfuzz import.
    """
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


def score(value: str, choice: str) -> float:
    """How much ``choice`` looks like ``value``, 0-100, both already ``key``-ed.

    rapidfuzz's WRatio (whole strings, a piece of a longer one, words in any order), except that one or two
    characters are a code, never a piece of a word: a short value matches a longer choice only at its start
    (SW ~ Sweden, but ES is not in INVESTAI), and a short choice matches only as a whole (Estonai is not AI).
    """
    from rapidfuzz import fuzz

    if value == choice:
        return 100.0
    if len(value) <= _SHORT or len(choice) <= _SHORT:
        return 90.0 if len(value) <= _SHORT and choice.startswith(value) else fuzz.ratio(value, choice)
    return fuzz.WRatio(value, choice)


def suggest(value: str, choices: Iterable[str] | Mapping[str, str], *, limit: int = 3) -> list[str]:
    """The choices closest to ``value``, best first, none under ``CUTOFF`` nor ``MARGIN`` behind the best; case and
    accents forgiven.

    A mapping is matched on its keys and answers with their values (names → ids), each value once. Ties go to the
    closer whole string, then to the earlier choice.
    """
    from rapidfuzz import fuzz, process

    pairs = choices.items() if isinstance(choices, Mapping) else ((c, c) for c in choices)
    keys: dict[str, str] = {}
    for text, answer in pairs:
        keys.setdefault(key(text), answer)  # the first of two choices that compare alike
    wanted = key(value)
    if not wanted or not keys:
        return []
    order = {t: i for i, t in enumerate(keys)}
    near: Iterable[str] = keys
    if len(wanted) > _SHORT:  # a fast pass in C (towns are 30,000); score is never above WRatio here
        rough = process.extract(wanted, list(keys), scorer=fuzz.WRatio, processor=None, limit=50, score_cutoff=CUTOFF)
        near = [t for t, _, _ in rough]
    ranked = sorted(near, key=lambda t: (-score(wanted, t), -fuzz.ratio(wanted, t), order[t]))
    found: list[str] = []
    floor = max(CUTOFF, score(wanted, ranked[0]) - MARGIN) if ranked else CUTOFF
    for text in ranked:
        if score(wanted, text) < floor:
            break
        if keys[text] not in found:
            found.append(keys[text])
    return found[:limit]


def one_typo(value: str, choices: Iterable[str], *, limit: int = 3) -> list[str]:
    """The choices one edit from ``value`` (a letter dropped, added, changed, or two swapped), sorted; exact case."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    found = process.extract(value, set(choices), scorer=OSA.distance, score_cutoff=1, limit=None)
    return sorted(c for c, distance, _ in found if distance == 1)[:limit]


# Search's word scores (aifx.core.search ranks with these; rapidfuzz stays in this module).


def edits(a: str, b: str) -> int:
    """The Levenshtein distance: letters added, dropped or changed to turn ``a`` into ``b``."""
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(a, b)


def ratio(a: str, b: str) -> float:
    """Whole-string similarity, 0-100 (rapidfuzz's ratio, no processing)."""
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b)


def containing(value: str, texts: Sequence[str], *, cutoff: float) -> list[int]:
    """Indexes of the texts that hold something like ``value`` (partial ratio ≥ ``cutoff``), all already folded."""
    from rapidfuzz import fuzz, process

    found = process.extract(value, texts, scorer=fuzz.partial_ratio, processor=None, limit=None, score_cutoff=cutoff)
    return [i for _, _, i in found]

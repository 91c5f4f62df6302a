"""Numbers written in text, read as values: '$2.3 billion', '2,3 mld', '€2.3bn' and '2300 million' are one amount.

Search matches numbers by what they are worth, not by how they are spelled: people remember the number, not the
currency sign, the separators or the scale word its source used. A currency next to a number is read past and
never compared. Scale words come in the dataset's languages; a separator that could be either a decimal mark or a
thousands separator (1,500 or 1.500) is read the way the scale word's language writes numbers, and both ways when
nothing tells (1,227 exaflops: Italian for 1.227, English for 1227).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

_POINT, _COMMA = ".", ","  # the decimal mark a scale word's languages write

# Scale words: the power of ten, the decimal mark of the languages that use them (None when several do), the words.
_TABLE = (
    (3, _POINT, "thousand thousands"),
    (3, _COMMA, "tausend tsd mil mila mille tys"),
    (6, _POINT, "million mn"),
    (6, None, "millions"),  # English and French
    (6, _COMMA, "millionen mio millones millón milioni milione miljoner miljon miljoen miljoenen miljoona miljoonaa "
     "millioner millió milijona milijonov milijoni milijuna milijun milijonai milijonų milionů miliony milion milionów "
     "miliona milioane milhões milhão mln εκατ εκατομμύρια εκατομμύριο милиони милиона милион млн"),
    (9, _POINT, "billion billions bn"),
    (9, _COMMA, "milliarden milliarde milliard milliards milliarder mrd mld mlrd miliardi miliardo miliard miliardy "
     "miliardów miliarde miljard miljarder miljarden miljardia miljardi milijarde milijard milijardi milijardų bilhões "
     "bilhão δισ δισεκατομμύρια милијарди милијарда милиарда млрд"),
    (12, _POINT, "trillion trillions tn"),
    (12, _COMMA, "billionen billones bilion biljoen biljon"),
)  # fmt: skip
_SCALES: dict[str, tuple[int, str | None]] = {word: (p, mark) for p, mark, words in _TABLE for word in words.split()}
# One letter right after the number (€10m, $2.3b, 50k), or before a currency sign (263 M€, 1,5 Md€).
_LETTERS: dict[str, tuple[int, str | None]] = {"k": (3, None), "m": (6, None), "b": (9, _POINT), "md": (9, _COMMA)}
_SIGNS = "€$£¥"
_CODES = "eur|usd|gbp|chf|sek|nok|dkk|isk|czk|pln|huf|ron|bgn|jpy|cny"
_CURRENCIES = (
    "euros?|evra|eura|eurų|euru|eur[oa]?|ευρώ|ευρω|евра|dollars?|pounds?|kronor|kroner|krona|krone|kr|złotych|zł|zloty|"
    "korun|crowns|francs?|lei|leva|forint"
)
_GROUP = ",.'’\u00a0\u202f\u2009"  # what may separate groups of three digits (not a plain space: "BF16 989")


def _either(words: Iterable[str]) -> str:
    """A regex alternation of words and their accent-free spellings, longest first."""
    spelled = {w for word in words for w in (word, _plain(word))}
    return "|".join(re.escape(w) for w in sorted(spelled, key=len, reverse=True))


def _plain(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


_WORDS = _either(_SCALES)
_LETTER = "|".join(_LETTERS)
_AMOUNT = re.compile(
    rf"""
    (?<![\w.,])
    (?:(?:[{_SIGNS}]|(?:{_CODES})(?![^\W\d_]))\s?)?                  # a currency before: $, €, DKK, EUR
    (?:(?P<grouped>\d{{1,3}}(?P<group>[{_GROUP}])\d{{3}}(?:(?P=group)\d{{3}})*)(?:(?!(?P=group))[.,](?P<fraction>\d+))?
      | (?P<plain>\d+(?:[.,]\d+)?))
    (?![.,]?\d)
    (?:
        [\s-]?(?:de\s)?(?P<word>{_WORDS})(?:\s(?P<word2>{_WORDS}))?(?![^\W\d_])\.?   # 2.3 billion, mil millones
      | (?P<letter>{_LETTER})(?![^\W\d_])                                         # €10m, $2.3b, 50k
      | \s?(?P<before>{_LETTER})(?=[{_SIGNS}])                                    # 263 M€
    )?
    (?:\s?(?:(?:de|di|of|d['’])\s?)?(?:[{_SIGNS}]|(?:{_CODES}|{_CURRENCIES})(?![^\W\d_])))?   # a currency after
    (?![^\W_])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_RANGE = re.compile(r"\s*(?:[-–—]|to|bis|à|a|al)\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """A number found in text: where it is, what it is worth, and the number as written before its scale."""

    start: int
    end: int
    values: frozenset[Decimal]  # worth, scale applied (2.3 billion: 2300000000); two where separators are ambiguous
    written: frozenset[Decimal]  # the number before its scale (2.3 billion: 2.3)
    scaled: bool  # a scale word followed it

    def finds(self, other: Amount) -> bool:
        """Whether this amount (a query's) is one ``other`` (a text's) states: a scaled amount must be worth the
        same (2.3 billion is not 2.3 million); a bare number may also be the number written before a scale (2.3)."""
        return bool(self.values & other.values) or (not self.scaled and bool(self.values & other.written))


def amounts(text: str) -> list[Amount]:
    """Every number in ``text`` with its scale; numbers inside words (H100, GH200) are not amounts."""
    found: list[Amount] = []
    for match in _AMOUNT.finditer(text):
        power, mark = _scale(match)
        written = _readings(match, mark)
        scale = Decimal(10) ** power
        amount = Amount(match.start(), match.end(), frozenset(w * scale for w in written), written, power > 0)
        if power and found and not found[-1].scaled and _RANGE.fullmatch(text, found[-1].end, match.start()):
            low = found[-1]  # the scale of a range's upper end is its lower end's too: 500–600 million
            found[-1] = Amount(low.start, low.end, low.values | {w * scale for w in low.written}, low.written, False)
        found.append(amount)
    return found


def significant(value: Decimal) -> str:
    """A value's digits without leading or trailing zeros, however it is written: 2.3 billion, 2,300 million: '23'."""
    return "".join(ch for ch in f"{value:f}" if ch.isdigit()).strip("0") or "0"


def without(text: str, found: list[Amount]) -> str:
    """``text`` with the amounts blanked out: what is left to match as words."""
    for a in reversed(found):
        text = text[: a.start] + " " + text[a.end :]
    return text


def _scale(match: re.Match[str]) -> tuple[int, str | None]:
    """The power of ten the scale word(s) after a number stand for (mil millones: 3 + 6), and their decimal mark."""
    if match["word"]:
        power, mark = _SCALES[_key(match["word"])]
        if match["word2"]:
            more, mark2 = _SCALES[_key(match["word2"])]
            power, mark = power + more, mark or mark2
        return power, mark
    letter = match["letter"] or match["before"]
    return _LETTERS[letter.lower()] if letter else (0, None)


def _key(word: str) -> str:
    """A scale word as the table spells it: lower case, accents as written there (or none)."""
    lower = word.lower()
    return lower if lower in _SCALES else next(w for w in _SCALES if _plain(w) == _plain(lower))


def _readings(match: re.Match[str], mark: str | None) -> frozenset[Decimal]:
    """The values a written number can have: 2,3 is 2.3 and 1,234,567.5 is 1234567.5; one group after one comma
    or point is read as its scale word's language writes numbers (1,500 million: 1500; 1.500 Millionen: 1500),
    and both ways when no scale word tells (1,227 exaflops)."""
    if match["plain"]:
        return frozenset({Decimal(match["plain"].replace(",", "."))})
    body, group, fraction = match["grouped"], match["group"], match["fraction"] or ""
    whole = Decimal("".join(ch for ch in body if ch.isdigit()) + ("." + fraction if fraction else ""))
    if fraction or body.count(group) > 1 or group not in ",.":
        return frozenset({whole})
    as_mark = Decimal(body.replace(",", "."))  # the one separator read as the decimal mark
    if body.startswith("0") or mark == group:
        return frozenset({as_mark})
    return frozenset({whole}) if mark is not None else frozenset({whole, as_mark})

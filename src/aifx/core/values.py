"""Values as fields hold them: unknown (None), not applicable (NA), and how each kind of field reads as text.

The core returns these; the presentation layer lays them out (``Cell`` says what kind of text a field holds, which
decides how its column behaves in a narrow terminal).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class NotApplicable:
    """A field that does not apply to a record (an antenna's wave): shown as '—', never as 'unknown'."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NA"


NA = NotApplicable()


class Quantity:
    """A typed amount that reads as text but filters, sorts and exports as numbers: money in euros, compute in
    H100-equivalents. Subclasses say what they are and how they were derived."""

    __slots__ = ()

    @property
    def text(self) -> str:
        """How a table cell shows it."""
        raise NotImplementedError

    @property
    def bounds(self) -> tuple[float, float]:
        """Where the true amount may lie (inf when open above): --where holds only when it holds for all of it."""
        raise NotImplementedError

    @property
    def key(self) -> float:
        """What it sorts by."""
        raise NotImplementedError

    def jsonable(self) -> Any:
        """The amount for JSON and exports: a number, or an object saying how it was derived."""
        raise NotImplementedError


@dataclass(frozen=True)
class Span(Quantity):
    """An amount known within bounds: a range where claims disagree, a lower bound where a part is unknown or a count
    is 'over' N, an upper bound for 'up to' N; ``approx`` where a claim is 'about'. It compares and sorts by its low end.
    """

    low: float | None  # None: no floor is known (an 'up to' figure)
    high: float | None  # None: no ceiling is known (a lower bound)
    approx: bool = False

    def __post_init__(self) -> None:
        if self.low is None and self.high is None:
            raise ValueError("a span knows at least one end; an unknown amount is None")

    @property
    def text(self) -> str:
        """As people write it: '~ 23,752–24,000', '≥ 8,000', '≤ 700', '4,611'."""
        if self.low is None:
            return f"≤ {_number(self.high or 0.0)}"
        if self.high is None:
            return f"≥ {_number(self.low)}"
        text = (
            _number(self.low)
            if _number(self.low) == _number(self.high)
            else f"{_number(self.low)}–{_number(self.high)}"
        )
        return f"~ {text}" if self.approx else text

    @property
    def bounds(self) -> tuple[float, float]:
        return (0.0 if self.low is None else self.low, math.inf if self.high is None else self.high)

    @property
    def key(self) -> float:
        return 0.0 if self.low is None else self.low

    def jsonable(self) -> float | None:
        """Its low end, so that a key holds one type (a number or null); the ``_high`` field holds the other end."""
        return self.low


def _number(v: float) -> str:
    """A derived amount as people read it: whole from 10 up ('4,611'), two significant digits below ('9.7')."""
    return f"{v:,.0f}" if abs(v) >= 10 else f"{v:.2g}"


Value = str | int | float | bool | dt.date | list[str] | Quantity | NotApplicable | None

# How a list reads in one flat cell (aifx list's CSV, the spreadsheet, GeoJSON properties): "; ", since an item
# may hold a comma (an alias, "NVIDIA, model unknown") but none holds a semicolon (tests/test_exports.py checks).
LIST_SEPARATOR = "; "


def joined(items: list[str]) -> str:
    """A list as one flat cell: its items joined with LIST_SEPARATOR, "" when empty."""
    return LIST_SEPARATOR.join(str(x) for x in items)


def as_text(v: Value | Any) -> str:
    """How a value reads in a cell: lists comma-joined, dates ISO, unknown as 'unknown', not applicable as '—'."""
    if v is None:
        return "unknown"
    if v is NA:
        return "—"
    if isinstance(v, Quantity):
        return v.text
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) if v else "—"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def jsonable(v: Value) -> Any:
    """A cell as JSON holds it: unknown and not applicable are both null, dates ISO strings, a quantity as it says
    (a span its low end, money an object with its euro value and how it was converted)."""
    if v is NA:
        return None
    if isinstance(v, Quantity):
        return v.jsonable()
    return v.isoformat() if isinstance(v, dt.date) else v


def comparable(v: Value) -> Value:
    """What plain --where and --sort compare: a span's low end (None when it has none), any other value as it is."""
    return v.low if isinstance(v, Span) else v


class Cell(StrEnum):
    """How a column behaves when the terminal is too narrow for it."""

    key = "key"  # what users type next (ids): never cut, never hidden
    code = "code"  # short codes and enums: never cut
    number = "number"  # right-aligned, never cut
    date = "date"  # never cut
    url = "url"  # never cut with an ellipsis; folds onto more lines if it must
    keys = "keys"  # a list of ids: never cut, one id per line if it must
    wrap = "wrap"  # text that wraps onto more lines at spaces (compare's values): never cut
    items = "items"  # items split by '; ' (count × model): one a line if it must, each cut at its end, never a number
    short = "short"  # short text (a city, a host's short name): cut with an ellipsis
    prose = "prose"  # long text (names, notes): cut with an ellipsis first

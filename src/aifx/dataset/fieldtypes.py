"""The constrained types of the models' fields: safe one-line text, ids, URLs, contacts, countries, numbers."""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator, AllowInfNan, BeforeValidator, Field, Strict, StringConstraints

from aifx.errors import did_you_mean
from aifx.text.characters import first_unsafe
from aifx.text.countries import COUNTRIES, suggest_country


def _safe_text(value: str) -> str:
    """Refuse control, format, separator and private-use characters, which could fool a terminal or a reader."""
    found = first_unsafe(value)
    if found:
        raise ValueError(f"contains an invisible, control or bidi character ({found})")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1), AfterValidator(_safe_text)]
Line = Annotated[Text, StringConstraints(max_length=300), AfterValidator(lambda v: _one_line(v))]
SourceId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
RecordId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9.+-]*$", max_length=40)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500), AfterValidator(_safe_text)]
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
# A published e-mail address or a contact form's URL; nothing else is a way to reach someone.
Contact = Annotated[
    str,
    StringConstraints(pattern=rf"^({_EMAIL}|https?://[^\s]+)$", max_length=500),
    AfterValidator(_safe_text),
]


def _one_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise ValueError("must be a single line without tabs")
    return value


def _country(value: str) -> str:
    if value not in COUNTRIES:
        hint = did_you_mean([code] if (code := suggest_country(value)) else [], quoted=True)
        raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code{hint}")
    return value


Country = Annotated[str, AfterValidator(_country)]


def _finite(value: object) -> object:
    """YAML reads ``true`` as 1, ``.nan``/``.inf`` and ``1e400`` as floats that no JSON can hold: refuse them all."""
    if isinstance(value, bool):
        raise ValueError("expected a number, not true or false")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("expected a finite number (NaN, infinity and values beyond ±1.8e308 are refused)")
    return value


def _whole(value: object) -> object:
    """``wave: true`` is not wave 1."""
    if isinstance(value, bool):
        raise ValueError("expected a whole number, not true or false")
    return value


# Every numeric field of the models is one of these two. Strict: a quoted "85" is text, not a number.
# (Constraints go before the validator, so that the JSON Schema keeps them as "minimum".)
Number = Annotated[float, Strict(), AllowInfNan(False), BeforeValidator(_finite)]
Ordinal = Annotated[int, Field(ge=1), Strict(), BeforeValidator(_whole)]

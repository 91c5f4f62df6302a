"""The named fields of a factory or antenna that commands list, filter, sort and compare."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aifx.catalog import Catalog, preferred
from aifx.countries import COUNTRIES
from aifx.models import Claim, Factory, Kind, Qualifier, Rank, Scope


class NotApplicable:
    """A field that does not apply to a record (an antenna's wave): shown as '—', never as 'unknown'."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NA"


NA = NotApplicable()
Value = str | int | float | bool | dt.date | list[str] | NotApplicable | None

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
_QUALIFIERS = {
    Qualifier.exact: "",
    Qualifier.about: "~",
    Qualifier.at_least: "≥",
    Qualifier.over: ">",
    Qualifier.up_to: "≤",
}


def money(claim: Claim | None) -> str:
    """A claim as people write it: '≥ €556 million', '€1.5 billion', 'unknown'."""
    if claim is None or claim.value is None:
        return "unknown"
    if claim.currency:
        text = amount(claim.value, claim.currency)
    else:
        text = f"{claim.value:g}" + (f" {claim.unit}" if claim.unit else "")
    mark = _QUALIFIERS[claim.qualifier]
    return f"{mark} {text}" if mark else text


def amount(millions: float, currency: str) -> str:
    """Millions of a currency as people write them: '€1.5 billion', 'CZK 550 million'."""
    words = f"{millions / 1000:,.4g} billion" if millions >= 1000 else f"{millions:,.4g} million"
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{words}" if symbol else f"{currency} {words}"


def country(code: str) -> str:
    """A country as people read it: 'Finland (FI)'."""
    return f"{COUNTRIES.get(code, code)} ({code})"


def eur_millions(claim: Claim | None) -> float | None:
    """The claim's amount in EUR million, or None when unknown or in another currency."""
    if claim is None or claim.value is None or claim.currency != "EUR":
        return None
    return claim.value


def disagreeing(claims: list[Claim]) -> bool:
    """Whether claims on the same scope and party state different amounts."""
    seen: dict[tuple[str, str | None], set[tuple[float | None, str | None, str]]] = {}
    for c in claims:
        if c.value is None:
            continue
        seen.setdefault((c.scope.value, c.party), set()).add((c.value, c.currency, c.qualifier.value))
    return any(len(v) > 1 for v in seen.values())


def _eu_share(f: Factory) -> Claim | None:
    shares = [c for c in f.budget if c.scope is Scope.eu_share and c.rank is not Rank.deprecated]
    return next((c for c in shares if c.rank is Rank.preferred), shares[0] if shares else None)


@dataclass(frozen=True)
class FieldSpec:
    """A field users can name in --columns, --where, --sort and compare."""

    name: str
    help: str
    get: Callable[[Factory, Catalog], Value]
    numeric: bool = False


def _selected(f: Factory, c: Catalog) -> dt.date | None:
    if f.selected is not None:
        return f.selected
    wave = c.waves.get(f.wave) if f.wave is not None else None
    return wave.announced if wave else None


FIELDS: dict[str, FieldSpec] = {
    spec.name: spec
    for spec in (
        FieldSpec("id", "the id to type", lambda f, c: f.id),
        FieldSpec("name", "official name", lambda f, c: f.name),
        FieldSpec("kind", "factory or antenna", lambda f, c: f.kind.value),
        FieldSpec(
            "wave", "selection wave (factories)", lambda f, c: f.wave if f.kind is Kind.factory else NA, numeric=True
        ),
        FieldSpec("selected", "date selected", _selected),
        FieldSpec("country", "host country code", lambda f, c: f.country),
        FieldSpec("country_name", "host country", lambda f, c: COUNTRIES[f.country]),
        FieldSpec("city", "host city", lambda f, c: f.city),
        FieldSpec("host", "hosting organisation", lambda f, c: f.host),
        FieldSpec("partners", "other consortium countries", lambda f, c: list(f.partners)),
        FieldSpec("linked", "factories an antenna links to", lambda f, c: list(f.linked_factories)),
        FieldSpec("supercomputer", "system name", lambda f, c: f.supercomputer.name if f.supercomputer else None),
        FieldSpec(
            "system",
            "new, upgrade, existing or none",
            lambda f, c: f.supercomputer.system.value if f.supercomputer else None,
        ),
        FieldSpec("budget", "preferred total, as stated", lambda f, c: money(preferred(list(f.budget)))),
        FieldSpec(
            "budget_eur_m",
            "preferred total in EUR million",
            lambda f, c: eur_millions(preferred(list(f.budget))),
            numeric=True,
        ),
        FieldSpec("eu_share", "EU contribution, as stated", lambda f, c: money(_eu_share(f)) if _eu_share(f) else None),
        FieldSpec("disputed", "sources disagree on the budget", lambda f, c: disagreeing(list(f.budget))),
        FieldSpec("sectors", "focus sectors", lambda f, c: [s.value for s in f.sectors]),
        FieldSpec("experimental", "has an experimental platform", lambda f, c: f.experimental_platform),
        FieldSpec("status", "selected, deploying, operational", lambda f, c: f.status),
        FieldSpec("verification", "confirmed, reported or unconfirmed", lambda f, c: f.verification.value),
        FieldSpec("website", "official website", lambda f, c: f.website),
        FieldSpec("lat", "latitude", lambda f, c: f.coordinates.lat if f.coordinates else None, numeric=True),
        FieldSpec("lon", "longitude", lambda f, c: f.coordinates.lon if f.coordinates else None, numeric=True),
        FieldSpec("sources", "number of sources cited", lambda f, c: len(f.sources), numeric=True),
    )
}

DEFAULT_COLUMNS = ("id", "name", "kind", "wave", "country", "city", "host", "system", "budget", "verification")


def value(field: str, record: Factory, catalog: Catalog) -> Value:
    """One field's value for one record."""
    return FIELDS[field].get(record, catalog)


def as_text(v: Value | Any) -> str:
    """How a value reads in a cell: lists comma-joined, dates ISO, unknown as 'unknown'."""
    if v is None:
        return "unknown"
    if v is NA:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return ", ".join(str(x) for x in v) if v else "—"
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)

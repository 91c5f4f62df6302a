"""Places: a town name or LAT,LON resolved offline (GeoNames' towns of 15,000+ people), and great-circle distances.

Names are looked up in the index that aifx ships (gazetteer.py), read only when a name must be resolved.
GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from aifx.core import gazetteer
from aifx.errors import NotFoundError, UsageError
from aifx.text.countries import COUNTRIES
from aifx.text.suggest import fold

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius (IUGG)
# Countries the dataset's records lie in, besides GeoNames' continent EU: a name found there is preferred.
_ALSO_EUROPE = frozenset({"CY", "TR", "GE", "AM", "AZ"})
_PUNCTUATION = re.compile(r"[-‐‑–'’.]")
_POINT = re.compile(r"\s*([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*[,;]\s*([+-]?\d+(?:\.\d*)?|[+-]?\.\d+)\s*")


@dataclass(frozen=True)
class Place:
    """A resolved point: a city from the gazetteer, or coordinates as typed (country and population None)."""

    name: str
    lat: float
    lon: float
    country: str | None = None
    population: int | None = None

    @property
    def label(self) -> str:
        """How the place reads in a title: 'Tartu (EE)', or '58.38, 26.72'."""
        return f"{self.name} ({self.country})" if self.country else self.name

    def dump(self) -> dict[str, Any]:
        """The place as JSON."""
        return {
            "name": self.name,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "population": self.population,
        }


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance by the haversine formula, in km, on a sphere of the mean Earth radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def point(text: str) -> Place | None:
    """``LAT,LON`` read and range-checked; None when the text is not shaped like coordinates."""
    found = _POINT.fullmatch(text)
    if found is None:
        return None
    lat, lon = float(found[1]), float(found[2])
    # The values as typed: 90.0000001 shown as {:g} would read "latitude 90 is out of range".
    if not -90 <= lat <= 90:
        raise UsageError(f"PLACE: latitude {found[1]} is out of range (-90 to 90) in {text.strip()!r}")
    if not -180 <= lon <= 180:
        raise UsageError(f"PLACE: longitude {found[2]} is out of range (-180 to 180) in {text.strip()!r}")
    return Place(f"{lat:g}, {lon:g}", lat, lon)


def resolve(text: str, *, country: str | None = None) -> Place:
    """A town name (any case, accents optional, GeoNames' alternate names too; 'Brest, FR') or LAT,LON, as a Place.

    Names found in Europe win over the same name elsewhere; an ambiguous name is a usage error listing the
    candidates, settled by ``country`` (an ISO code); an unknown one is a not-found error with suggestions.
    """
    if not text.strip():
        raise UsageError("PLACE: give a town name (Tartu, München) or coordinates as LAT,LON (58.38,26.72)")
    typed = point(text)
    if typed is not None:
        return typed
    if re.fullmatch(r"[\s\d.,;+-]+", text):
        raise UsageError(f"PLACE: {text.strip()!r} is neither a town name nor LAT,LON (e.g. 58.38,26.72)")
    suffix = re.fullmatch(r"(.*\S)\s*,\s*([A-Za-z]{2})\s*", text)  # 'Brest, FR' is --country FR
    if suffix is not None and suffix[2].upper() in COUNTRIES and country in (None, suffix[2].upper()):
        text, country = suffix[1], suffix[2].upper()
    found = candidates(text)
    if country is not None:
        found = [c for c in found if c.country == country]
    elif any(_european(c) for c in found):
        found = [c for c in found if _european(c)]
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        listed = "; ".join(f"{c.name} ({c.country}, {c.population:,} people)" for c in found[:8])
        more = f"; and {len(found) - 8} more" if len(found) > 8 else ""
        fix = "type the full name" if country is not None else "add --country CC or type the full name"
        raise UsageError(f"PLACE: {text.strip()!r} is ambiguous: {listed}{more}; {fix}")
    where = f" in {COUNTRIES.get(country, country)}" if country is not None else ""
    raise NotFoundError(f"town of 15,000+ people{where} named", text.strip(), suggestions(text, country=country))


def key(name: str) -> str:
    """How names compare: case, accents, hyphens and apostrophes ignored ('Cluj Napoca' is 'Cluj-Napoca')."""
    return " ".join(_PUNCTUATION.sub(" ", fold(name)).split())


def candidates(text: str) -> list[Place]:
    """Cities whose name is ``text`` (folded); if none, those with it among their alternate names; largest first."""
    bearers, known = gazetteer.named(key(text))
    places = [_place(town) for town in bearers or known]
    return sorted(places, key=lambda p: -(p.population or 0))


def suggestions(text: str, *, country: str | None = None) -> list[str]:
    """Up to three town names close to ``text`` (typos forgiven), each with its country code."""
    from aifx.text.suggest import suggest

    towns = [t for t in gazetteer.towns() if country is None or t.country == country]
    largest = sorted(towns, key=lambda t: -t.population)  # of two alike names, the larger town
    return suggest(text, {t.name: f"{t.name} ({t.country})" for t in largest})


def city_centre(name: str, country: str) -> Place | None:
    """The centre of a named city in a country, the most populous if several share the name; None if not listed."""
    found = [c for c in candidates(name) if c.country == country]
    return found[0] if found else None


def capital(country: str) -> Place | None:
    """The capital of a country as GeoNames lists it, or None when GeoNames names none or lacks its city."""
    info = gazetteer.countries().get(country)
    return city_centre(info.capital, country) if info and info.capital else None


def _european(place: Place) -> bool:
    return place.country in _europe()


@cache
def _europe() -> frozenset[str]:
    countries = gazetteer.countries()
    return frozenset(code for code, c in countries.items() if c.continent == "EU") | _ALSO_EUROPE


def _place(town: gazetteer.Town) -> Place:
    return Place(town.name, town.lat, town.lon, town.country, town.population)

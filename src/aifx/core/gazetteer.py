"""The town index shipped with aifx: GeoNames' towns by name, found without reading GeoNames' 17 MB of JSON.

scripts/gazetteer.py writes three files beside this module: towns.tsv (one town a line, in GeoNames' order),
town_names.tsv (every name's key, sorted bytewise, with the byte offsets in towns.tsv of the towns named so and
of those also known so) and countries.tsv. A name is found by binary search, so a lookup reads some twenty
blocks of a few megabytes. GeoNames data is CC BY 4.0 (https://www.geonames.org).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import cache
from io import BufferedReader
from pathlib import Path
from typing import NamedTuple

TOWNS = Path(__file__).with_name("towns.tsv")
NAMES = Path(__file__).with_name("town_names.tsv")
COUNTRIES = Path(__file__).with_name("countries.tsv")


class Town(NamedTuple):
    """One line of towns.tsv."""

    name: str
    country: str
    lat: float
    lon: float
    population: int


class Country(NamedTuple):
    """One line of countries.tsv; empty text where GeoNames gives none."""

    continent: str
    capital: str


def named(key: str) -> tuple[list[Town], list[Town]]:
    """The towns whose name folds to ``key``, and those with it among their alternate names, in GeoNames' order."""
    with NAMES.open("rb") as names:
        line = _search(names, key.encode())
    if line is None:
        return [], []
    bearers, known = line.split(b"\t")[1:]
    with TOWNS.open("rb") as towns:
        return _towns(towns, bearers), _towns(towns, known)


def towns() -> Iterator[Town]:
    """Every town, in GeoNames' order."""
    text = TOWNS.read_text(encoding="utf-8")
    for line in text.split("\n"):
        if line and not line.startswith("#"):
            yield _town(line)


@cache
def countries() -> dict[str, Country]:
    """GeoNames' countries by ISO code."""
    found = {}
    for line in COUNTRIES.read_text(encoding="utf-8").split("\n"):
        if line and not line.startswith("#"):
            code, continent, capital = line.split("\t")
            found[code] = Country(continent, capital)
    return found


def _towns(towns: BufferedReader, offsets: bytes) -> list[Town]:
    found = []
    for offset in offsets.split(b","):
        if offset:
            towns.seek(int(offset))
            found.append(_town(towns.readline().decode().rstrip("\n")))
    return found


def _town(line: str) -> Town:
    name, country, lat, lon, population = line.split("\t")
    return Town(name, country, float(lat), float(lon), int(population))


def _search(lines: BufferedReader, key: bytes) -> bytes | None:
    """The line of a file of sorted ``key<TAB>…`` lines (after '#' header lines) whose key is ``key``, without its end.

    A binary search by seek and read: memory-mapping the file instead would count every page the kernel maps
    around each probe (megabytes, with large page-cache folios) in the process's memory.
    """
    while lines.peek(1)[:1] == b"#":
        lines.readline()
    low, high = lines.tell(), os.fstat(lines.fileno()).st_size
    while low < high:  # the line sought, if any, starts in [low, high); both are lines' starts (or the end)
        middle = (low + high) // 2
        lines.seek(middle)
        if middle > low:
            lines.readline()  # to the next line's start
        start = lines.tell()
        if start >= high:
            start = low
            lines.seek(low)
        line = lines.readline()
        found = line[: line.find(b"\t")]
        if found == key:
            return line.rstrip(b"\n")
        if found < key:
            low = start + len(line)
        else:
            high = start
    return None

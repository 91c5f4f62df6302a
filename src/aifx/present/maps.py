"""Geography for the maps: the EPSG:3035 projection, Natural Earth's country outlines, the sites and the extent."""

from __future__ import annotations

import functools
import importlib.resources
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from aifx.dataset.models import Bid, Factory
from aifx.dataset.vocabulary import Kind

# EPSG:3035 (ETRS89-extended / LAEA Europe): GRS80 ellipsoid, centre 52°N 10°E, false easting and northing.
_A = 6378137.0
_E2 = 0.006694380022900787
_E = math.sqrt(_E2)
LAT0, LON0 = 52.0, 10.0
FALSE_EASTING, FALSE_NORTHING = 4321000.0, 3210000.0

OUTLINES = "Made with Natural Earth (public domain)"
SYMBOLS = "●■◆★✚"  # a factory's marker by wave (wave 1 first), so that waves differ without colour too
ANTENNA = "▲"
BID = "○"  # a gigafactory bid's site: hollow, a candidate, not a machine
PALETTE = ("#1f77b4", "#e6550d", "#2ca02c", "#9467bd", "#8c564b")  # by wave, for the SVG
ANTENNA_COLOUR = "#d62728"
BID_COLOUR = "#00838f"
BID_KIND = "bid"  # a Site's kind beside the records' kinds (factory, antenna)


def _q(phi: float) -> float:
    s = math.sin(phi)
    return (1 - _E2) * (s / (1 - _E2 * s * s) - math.log((1 - _E * s) / (1 + _E * s)) / (2 * _E))


_QP = _q(math.pi / 2)
_BETA0 = math.asin(_q(math.radians(LAT0)) / _QP)
_RQ = _A * math.sqrt(_QP / 2)
_D = (
    _A
    * math.cos(math.radians(LAT0))
    / math.sqrt(1 - _E2 * math.sin(math.radians(LAT0)) ** 2)
    / (_RQ * math.cos(_BETA0))
)


def laea(lon: float, lat: float) -> tuple[float, float]:
    """EPSG:3035 easting and northing in metres: Lambert azimuthal equal-area on GRS80 (IOGP 373-7-2, 1.3.11)."""
    beta = math.asin(_q(math.radians(lat)) / _QP)
    dlon = math.radians(lon - LON0)
    b = _RQ * math.sqrt(
        2 / (1 + math.sin(_BETA0) * math.sin(beta) + math.cos(_BETA0) * math.cos(beta) * math.cos(dlon))
    )
    east = FALSE_EASTING + b * _D * math.cos(beta) * math.sin(dlon)
    north = FALSE_NORTHING + (b / _D) * (
        math.cos(_BETA0) * math.sin(beta) - math.sin(_BETA0) * math.cos(beta) * math.cos(dlon)
    )
    return east, north


@dataclass(frozen=True)
class Outline:
    """One country: its rings (for filling) and its borders (the rings less the edges the clipping box made)."""

    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # projected, metres
    borders: tuple[tuple[tuple[float, float], ...], ...]


@functools.cache
def outlines() -> tuple[Outline, ...]:
    """The shipped outlines (see scripts/outlines.py), projected once per process."""
    text = importlib.resources.files("aifx.present").joinpath("outlines.json").read_text(encoding="utf-8")
    document = json.loads(text)
    scale, (west, south, east, north) = document["scale"], document["box"]
    found = []
    for country in document["countries"]:
        rings, borders = [], []
        for flat in country["rings"]:
            x = y = 0
            points = []
            for i in range(0, len(flat), 2):
                x, y = x + flat[i], y + flat[i + 1]
                points.append((x / scale, y / scale))
            rings.append(tuple(laea(*p) for p in points))
            run: list[tuple[float, float]] = []
            for a, b in zip(points, points[1:] + points[:1], strict=True):
                cut = any(a[k] == b[k] == edge for k, edge in ((0, west), (0, east), (1, south), (1, north)))
                if cut:
                    if len(run) > 1:
                        borders.append(tuple(run))
                    run = []
                    continue
                run = run or [laea(*a)]
                run.append(laea(*b))
            if len(run) > 1:
                borders.append(tuple(run))
        found.append(Outline(country["name"], tuple(rings), tuple(borders)))
    return tuple(found)


@dataclass(frozen=True)
class Site:
    """A place on a map: a record with coordinates, or one site of a gigafactory bid."""

    id: str  # what a label shows and a marker links to: the record's or the bid's id
    name: str
    kind: str  # factory, antenna or bid
    wave: int | None
    country: str
    city: str | None
    lon: float
    lat: float
    links: tuple[str, ...]  # the linked factories that are on the map too
    key: str = ""  # unique on the map where several sites share an id (a bid's sites); default: the id

    @property
    def uid(self) -> str:
        """The site's own key: its id, or the key that tells a bid's sites apart."""
        return self.key or self.id

    @property
    def xy(self) -> tuple[float, float]:
        return laea(self.lon, self.lat)

    @property
    def symbol(self) -> str:
        """The marker: a wave's shape for a factory, a triangle for an antenna, a ring for a bid's site."""
        if self.kind == BID_KIND:
            return BID
        if self.kind == Kind.antenna.value or self.wave is None:
            return ANTENNA
        return SYMBOLS[(self.wave - 1) % len(SYMBOLS)]

    @property
    def role(self) -> str:
        """What the marker's colour stands for: its wave, being an antenna, or a bid's site."""
        if self.kind == BID_KIND:
            return BID_KIND
        return "antenna" if self.kind == Kind.antenna.value or self.wave is None else f"wave-{self.wave}"

    @property
    def colour(self) -> str:
        """The SVG colour of the marker."""
        if self.kind == BID_KIND:
            return BID_COLOUR
        if self.kind == Kind.antenna.value or self.wave is None:
            return ANTENNA_COLOUR
        return PALETTE[(self.wave - 1) % len(PALETTE)]


def sites(records: Sequence[Factory]) -> tuple[list[Site], list[Factory]]:
    """The records a map can place, and those it cannot (no coordinates yet), in the order given."""
    placed = {r.id for r in records if r.coordinates is not None}
    shown = [
        Site(
            id=r.id,
            name=r.name,
            kind=r.kind.value,
            wave=r.wave,
            country=r.country,
            city=r.city,
            lon=r.coordinates.lon,
            lat=r.coordinates.lat,
            links=tuple(f for f in r.linked_factories if f in placed),
        )
        for r in records
        if r.coordinates is not None
    ]
    return shown, [r for r in records if r.coordinates is None]


def bid_sites(bids: Sequence[Bid], countries: Sequence[str] = ()) -> tuple[list[Site], list[str]]:
    """Each bid's sites with coordinates (in ``countries`` when given), and the bids and sites a map cannot place,
    named for its legend ('BID (CC)', 'BID: place')."""
    shown: list[Site] = []
    missing: list[str] = []
    for b in bids:
        picked = [s for s in b.sites if not countries or s.country in countries]
        located = [s for s in picked if s.coordinates is not None]
        shown += [
            Site(b.id, f"{b.name}: {s.place}", BID_KIND, None, s.country, s.place, s.coordinates.lon,
                 s.coordinates.lat, (), key=f"{b.id}@{n}")
            for n, s in enumerate(picked)
            if s.coordinates is not None
        ]  # fmt: skip
        if not located:
            missing.append(f"{b.id} ({'/'.join(countries or b.countries)})")
        else:
            missing += [f"{b.id}: {s.place}" for s in picked if s.coordinates is None]
    return shown, missing


def legend_roles(shown: Iterable[Site]) -> list[tuple[str, str, str]]:
    """The legend's entries for what is shown: (symbol, role, meaning), waves in order, antennas, then bids' sites."""
    shown = list(shown)
    waves = sorted({s.wave for s in shown if s.kind == Kind.factory.value and s.wave is not None})
    entries = [(SYMBOLS[(w - 1) % len(SYMBOLS)], f"wave-{w}", f"AI Factory, wave {w}") for w in waves]
    if any(s.kind == Kind.antenna.value for s in shown):
        entries.append((ANTENNA, "antenna", "AI Factory Antenna"))
    if any(s.kind == BID_KIND for s in shown):
        entries.append((BID, BID_KIND, "AI gigafactory bid site"))
    return entries


def missing_line(missing: Sequence[Factory], bids: Sequence[str] = ()) -> str | None:
    """The legend's line for records, bids and bids' sites without coordinates, if any."""
    names = [f"{r.id} ({r.country})" for r in missing] + list(bids)
    if not names:
        return None
    return "not on the map (no coordinates yet): " + ", ".join(names)


@dataclass(frozen=True)
class Extent:
    """The projected rectangle a map shows, in metres."""

    west: float
    south: float
    east: float
    north: float


SPAN = 700_000.0  # metres: the least a map shows around its sites (one city is not a map)


def fit(points: Sequence[tuple[float, float]], *, aspect: float, margin: float = 0.08) -> Extent:
    """The rectangle of ``aspect`` (width / height) around the points, with a margin; all of Europe if none."""
    if not points:
        points = [laea(-24.0, 63.0), laea(35.0, 34.0)]  # Iceland to Cyprus
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width = max(max(xs) - min(xs), SPAN) * (1 + 2 * margin)
    height = max(max(ys) - min(ys), SPAN) * (1 + 2 * margin)
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return Extent(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)

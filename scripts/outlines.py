"""Regenerate src/aifx/present/outlines.json, the country outlines behind `aifx map` and the SVG map.

    npm install world-atlas@2 topojson-client        # in any temporary directory (Natural Earth's TopoJSON)
    python scripts/outlines.py node_modules/world-atlas/countries-50m.json

It decodes the TopoJSON (quantised, delta-encoded arcs), simplifies each arc once with Douglas–Peucker (so that
neighbours keep one shared border), assembles each country's rings, clips them to Europe and its neighbours
(Sutherland–Hodgman against the box below,
after unwrapping rings that cross the antimeridian) and writes the rings as delta-encoded hundredths of a degree.
Natural Earth is in the public domain; the file carries the attribution "Made with Natural Earth".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "aifx" / "present" / "outlines.json"
BOX = (-40.0, 24.0, 62.0, 76.0)  # west, south, east, north: the models' bounds for coordinates and room around them
TOLERANCE = 0.02  # degrees: about 2 km, finer than a braille dot or an SVG pixel at the scales drawn
SCALE = 100  # stored as hundredths of a degree (about 1 km)
MIN_AREA = 0.004  # square degrees: rings smaller than this (islets) are left out

Point = tuple[float, float]


def arcs(topology: dict[str, object]) -> list[list[Point]]:
    """The topology's arcs in degrees (undoing quantisation and delta encoding)."""
    transform = topology["transform"]
    assert isinstance(transform, dict)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    decoded = []
    raw = topology["arcs"]
    assert isinstance(raw, list)
    for arc in raw:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas–Peucker, iteratively: the points that keep the line within ``tolerance`` of the original."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = -1.0, first
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                d = ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
            else:
                d = abs(dy * px - dx * py + x1 * y0 - y1 * x0) / norm
            if d > worst:
                worst, index = d, i
        if worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(indexes: list[int], simplified: list[list[Point]]) -> list[Point]:
    """One ring from its arcs (a negative index ~i is arc i reversed), each shared point once."""
    points: list[Point] = []
    for i in indexes:
        arc = simplified[i] if i >= 0 else simplified[~i][::-1]
        points += arc[1:] if points else arc
    return points


def unwrap(points: list[Point]) -> list[Point]:
    """The ring with no jump across the antimeridian (Russia's reaches 180°E): each longitude within 180° of the
    one before, so that clipping sees one continuous ring rather than a line across the whole box.
    """
    out: list[Point] = []
    for x, y in points:
        if out:
            while x - out[-1][0] > 180:
                x -= 360
            while out[-1][0] - x > 180:
                x += 360
        out.append((x, y))
    return out


def clip(points: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland–Hodgman: the ring cut to the box, its cut edges running along the box."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    ]
    for inside, cross in edges:
        if not points:
            break
        out: list[Point] = []
        for j, current in enumerate(points):
            previous = points[j - 1]
            if inside(current):
                if not inside(previous):
                    out.append(cross(previous, current))
                out.append(current)
            elif inside(previous):
                out.append(cross(previous, current))
        points = out
    return points


def _at_x(a: Point, b: Point, x: float) -> Point:
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def area(points: list[Point]) -> float:
    """The ring's area in square degrees (shoelace)."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True))) / 2


def encode(points: list[Point]) -> list[int]:
    """x0, y0, dx1, dy1, …: hundredths of a degree, each after the first as the step from the one before."""
    flat: list[int] = []
    px = py = 0
    for x, y in points:
        qx, qy = round(x * SCALE), round(y * SCALE)
        if flat and (qx, qy) == (px, py):
            continue
        flat += [qx - px, qy - py]
        px, py = qx, qy
    return flat


def convert(topology: dict[str, object]) -> dict[str, object]:
    """The outlines document: attribution, box, scale and each country's clipped, simplified rings."""
    simplified = [simplify(a, TOLERANCE) for a in arcs(topology)]
    objects = topology["objects"]
    assert isinstance(objects, dict)
    countries = []
    for geometry in objects["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rings = []
        for polygon in polygons:
            for indexes in polygon:
                clipped = clip(unwrap(ring(indexes, simplified)), BOX)
                if len(clipped) >= 3 and area(clipped) >= MIN_AREA:
                    rings.append(encode(clipped))
        if rings:
            countries.append({"name": geometry["properties"]["name"], "rings": rings})
    return {
        "attribution": "Made with Natural Earth (public domain), via the world-atlas 2 TopoJSON (countries-50m)",
        "box": list(BOX),
        "scale": SCALE,
        "countries": sorted(countries, key=lambda c: str(c["name"])),
    }


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    document = convert(json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")))
    OUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) // 2 for c in document["countries"] for r in c["rings"])  # type: ignore[attr-defined]
    sys.stdout.write(f"{OUT}: {len(document['countries'])} countries, {points} points, {OUT.stat().st_size} bytes\n")  # type: ignore[arg-type]

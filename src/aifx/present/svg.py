"""The map as a standalone SVG in EPSG:3035 (Lambert azimuthal equal-area): outlines, links, markers, labels
placed without overlaps, legend, title, data date and attribution. Every data string is XML-escaped; styling is
by presentation attributes only, so the same SVG can sit inline in a page whose CSP forbids inline styles.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from html import escape

from aifx.present.maps import OUTLINES, Extent, Site, fit, legend_roles, outlines

WIDTH = 960.0
FONT = 12.0
CHAR = 0.62 * FONT  # a generous average width of a character of a sans-serif label
SEA, LAND, BORDER, LINK, INK = "#dcebf5", "#f4f1e8", "#a39e92", "#7a6a3a", "#222222"
Box = tuple[float, float, float, float]  # left, top, right, bottom


def _e(text: object) -> str:
    """Text or an attribute value as XML: & < > " ' escaped."""
    return escape(str(text), quote=True)


def _shape(symbol: str, colour: str) -> str:
    """A marker centred on 0,0: the terminal's symbol as a shape (circle, square, diamond, star, triangle)."""
    ring = ' stroke="#ffffff" stroke-width="1.2"'
    if symbol == "■":
        return f'<rect x="-5" y="-5" width="10" height="10" fill="{colour}"{ring}/>'
    if symbol == "◆":
        return f'<path d="M0,-7L7,0L0,7L-7,0Z" fill="{colour}"{ring}/>'
    if symbol == "▲":
        return f'<path d="M0,-7L6.5,5L-6.5,5Z" fill="{colour}"{ring}/>'
    if symbol == "○":
        return f'<circle r="5.5" fill="#ffffff" stroke="{colour}" stroke-width="3"/>'
    if symbol == "★":
        points = [
            f"{r * math.sin(i * math.pi / 5):.1f},{-r * math.cos(i * math.pi / 5):.1f}"
            for i, r in zip(range(10), [7, 3] * 5, strict=True)
        ]
        return f'<path d="M{"L".join(points)}Z" fill="{colour}"{ring}/>'
    return f'<circle r="6" fill="{colour}"{ring}/>'


class _Frame:
    """Projected metres to SVG pixels inside the map area."""

    def __init__(self, extent: Extent, top: float, height: float) -> None:
        self.extent, self.top = extent, top
        self.scale = WIDTH / (extent.east - extent.west)
        self.height = height

    def __call__(self, point: tuple[float, float]) -> tuple[float, float]:
        return (point[0] - self.extent.west) * self.scale, self.top + (self.extent.north - point[1]) * self.scale

    def path(self, points: Sequence[tuple[float, float]]) -> str:
        """A closed path in whole pixels, each step relative, repeated points dropped; none if off the map."""
        kept: list[tuple[int, int]] = []
        for p in points:
            x, y = self(p)
            spot = (round(x), round(y))
            if not kept or spot != kept[-1]:
                kept.append(spot)
        xs, ys = [x for x, _ in kept], [y for _, y in kept]
        if len(kept) < 3 or max(xs) < 0 or min(xs) > WIDTH or max(ys) < self.top or min(ys) > self.top + self.height:
            return ""  # too small to see, or off the map
        steps = " ".join(f"{b[0] - a[0]},{b[1] - a[1]}" for a, b in itertools.pairwise(kept))
        return f"M{kept[0][0]},{kept[0][1]}l{steps}z"


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _labels(shown: Sequence[Site], spots: dict[str, tuple[float, float]], area: Box) -> list[str]:
    """Labels placed greedily beside their markers (nearer spots first, then further ones with a leader line)
    where they overlap no marker, no other label and stay inside the map; a label with no room is left out.
    """
    taken: list[Box] = [(x - 8, y - 8, x + 8, y + 8) for x, y in spots.values()]
    out = []
    labelled: set[str] = set()  # a bid's id once, at the first of its sites with room
    for site in shown:
        if site.id in labelled:
            continue
        x, y = spots[site.uid]
        w, h = len(site.id) * CHAR, FONT
        for d in (0.0, 14.0, 28.0):
            candidates = [
                (x + 10 + d, y - h / 2),
                (x - 10 - d - w, y - h / 2),
                (x - w / 2, y - 10 - d - h),
                (x - w / 2, y + 10 + d),
                (x + 7 + d, y - 7 - d - h),
                (x + 7 + d, y + 7 + d),
                (x - 7 - d - w, y - 7 - d - h),
                (x - 7 - d - w, y + 7 + d),
            ]
            box = next(
                (
                    (left, top, left + w, top + h)
                    for left, top in candidates
                    if area[0] <= left
                    and left + w <= area[2]
                    and area[1] <= top
                    and top + h <= area[3]
                    and not any(_overlaps((left - 2, top - 2, left + w + 2, top + h + 2), t) for t in taken)
                ),
                None,
            )
            if box is not None:
                taken.append(box)
                if d:
                    cx, cy = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
                    out.append(
                        f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{cx:.1f}" y2="{cy:.1f}" stroke="{INK}" stroke-width="0.6"/>'
                    )
                labelled.add(site.id)
                out.append(
                    f'<text class="label" x="{box[0]:.1f}" y="{box[3] - 2:.1f}" font-size="{FONT:g}" fill="{INK}" '
                    f'stroke="#ffffff" stroke-width="3" paint-order="stroke" stroke-linejoin="round">{_e(site.id)}</text>'
                )
                break
    return out


def svg(
    shown: Sequence[Site],
    *,
    title: str,
    about: str,
    missing: str | None,
    links: bool = True,
    labels: bool = True,
    declaration: bool = True,
) -> str:
    """The SVG document; ``about`` is the data date and attribution line, ``missing`` the records not placed."""
    points = [s.xy for s in shown]
    if points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        aspect = min(max((max(xs) - min(xs) + 1) / (max(ys) - min(ys) + 1), 0.8), 1.6)
    else:
        aspect = 1.0
    extent = fit(points, aspect=aspect, margin=0.1)
    top, height = 56.0, WIDTH / aspect
    frame = _Frame(extent, top, height)
    keys = legend_roles(shown)
    lines_below = 2 + (1 if missing else 0)
    total = top + height + 16 + 22 * lines_below + 8
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>' if declaration else "",
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {total:.0f}" width="{WIDTH:g}" '
        f'height="{total:.0f}" font-family="sans-serif" role="img" aria-labelledby="map-title">',
        f'<title id="map-title">{_e(title)}</title>',
        f'<rect width="{WIDTH:g}" height="{total:.0f}" fill="#ffffff"/>',
        f'<text x="12" y="26" font-size="20" font-weight="bold" fill="{INK}">{_e(title)}</text>',
        f'<text x="12" y="46" font-size="12" fill="#555555">{_e(about)}</text>',
        f'<defs><clipPath id="map-area"><rect x="0" y="{top:g}" width="{WIDTH:g}" height="{height:.1f}"/></clipPath></defs>',
        f'<rect x="0" y="{top:g}" width="{WIDTH:g}" height="{height:.1f}" fill="{SEA}"/>',
        '<g clip-path="url(#map-area)">',
    ]
    for country in outlines():
        # The outlines reach well beyond any extent drawn here, so the edges their clipping made stay out of view.
        land = "".join(frame.path(r) for r in country.rings)
        if land:
            out.append(
                f'<path d="{land}" fill="{LAND}" stroke="{BORDER}" stroke-width="0.7" stroke-linejoin="round">'
                f"<title>{_e(country.name)}</title></path>"
            )
    spots = {s.uid: frame(s.xy) for s in shown}
    if links:
        for site in shown:
            for target in site.links:
                (x0, y0), (x1, y1) = spots[site.uid], spots[target]
                out.append(
                    f'<line class="link" x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{LINK}" '
                    f'stroke-width="1" stroke-dasharray="4 3" data-from="{_e(site.id)}" data-to="{_e(target)}"/>'
                )
    for site in shown:
        x, y = spots[site.uid]
        place = ", ".join(p for p in (site.city, site.country) if p)
        out.append(
            f'<g class="marker" data-id="{_e(site.id)}" data-kind="{_e(site.kind)}" data-lon="{site.lon:g}" '
            f'data-lat="{site.lat:g}" transform="translate({x:.1f},{y:.1f})">'
            f"<title>{_e(f'{site.id} — {site.name} ({place})')}</title>{_shape(site.symbol, site.colour)}</g>"
        )
    if labels:
        out += _labels(shown, spots, (4.0, top + 4, WIDTH - 4, top + height - 4))
    out.append("</g>")
    y = top + height + 24
    x = 12.0
    colours = {s.role: s.colour for s in shown}
    for symbol, role, meaning in keys:
        out.append(f'<g transform="translate({x + 6:.0f},{y - 4:.0f})">{_shape(symbol, colours[role])}</g>')
        out.append(f'<text x="{x + 18:.0f}" y="{y:.0f}" font-size="13" fill="{INK}">{_e(meaning)}</text>')
        x += 30 + len(meaning) * 7.2
    if links and any(s.links for s in shown):
        out.append(
            f'<line x1="{x:.0f}" y1="{y - 4:.0f}" x2="{x + 24:.0f}" y2="{y - 4:.0f}" stroke="{LINK}" stroke-dasharray="4 3"/>'
        )
        out.append(
            f'<text x="{x + 30:.0f}" y="{y:.0f}" font-size="13" fill="{INK}">antenna to its linked factories</text>'
        )
    if missing:
        y += 22
        out.append(f'<text class="missing" x="12" y="{y:.0f}" font-size="12" fill="{INK}">{_e(missing)}</text>')
    y += 22
    out.append(
        f'<text x="12" y="{y:.0f}" font-size="11" fill="#555555">Outlines: {_e(OUTLINES)}. '
        "Projection: Lambert azimuthal equal-area, EPSG:3035 (52°N, 10°E).</text>"
    )
    out.append("</svg>")
    return "\n".join(line for line in out if line) + "\n"

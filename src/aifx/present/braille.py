"""The terminal map: outlines and links drawn in braille dots, markers and labels on top, then the legend.

Each character cell holds 2 × 4 braille dots; a cell is about twice as tall as wide, so dots are square and the
equal-area projection keeps its shape. The result is text with a role per run; output.py gives roles colours.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from aifx.present.maps import OUTLINES, Extent, Site, fit, legend_roles, outlines

Run = tuple[str, str]  # text and its role: land, link, wave-N, antenna, label, legend, title
_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [row][column] of a braille cell
LINK = "⠒⠒"  # how the legend shows a link (links are dashed)


@dataclass(frozen=True)
class Picture:
    """A drawing as lines of runs; notes go to stderr."""

    lines: list[list[Run]]
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        """The drawing as plain text, trailing spaces trimmed."""
        return "".join("".join(t for t, _ in line).rstrip() + "\n" for line in self.lines)


class Canvas:
    """A grid of character cells, each 2 × 4 dots, for land and for links, with characters laid over them."""

    def __init__(self, columns: int, rows: int, extent: Extent) -> None:
        self.columns, self.rows, self.extent = columns, rows, extent
        self.land = [[0] * columns for _ in range(rows)]
        self.links = [[0] * columns for _ in range(rows)]
        self.over: dict[tuple[int, int], Run] = {}
        self.scale = (extent.east - extent.west) / (2 * columns)  # metres per dot

    def dot(self, point: tuple[float, float]) -> tuple[float, float]:
        """A projected point in dot coordinates (x right, y down)."""
        return (point[0] - self.extent.west) / self.scale, (self.extent.north - point[1]) / self.scale

    def cell(self, point: tuple[float, float]) -> tuple[int, int]:
        x, y = self.dot(point)
        return int(x // 2), int(y // 4)

    def line(self, a: tuple[float, float], b: tuple[float, float], *, layer: list[list[int]], dash: int = 0) -> None:
        """Set the dots along a segment (every other pair of dots when dashed), skipping those off the canvas."""
        (x0, y0), (x1, y1) = self.dot(a), self.dot(b)
        width, height = 2 * self.columns, 4 * self.rows
        if max(x0, x1) < 0 or min(x0, x1) >= width or max(y0, y1) < 0 or min(y0, y1) >= height:
            return
        steps = max(int(max(abs(x1 - x0), abs(y1 - y0))), 1)
        for i in range(steps + 1):
            if dash and (i // dash) % 2:
                continue
            x, y = int(x0 + (x1 - x0) * i / steps), int(y0 + (y1 - y0) * i / steps)
            if 0 <= x < width and 0 <= y < height:
                layer[y // 4][x // 2] |= _BITS[y % 4][x % 2]

    def free(self, column: int, row: int) -> bool:
        return 0 <= column < self.columns and 0 <= row < self.rows and (column, row) not in self.over

    def put(self, column: int, row: int, text: str, role: str) -> None:
        for i, ch in enumerate(text):
            self.over[(column + i, row)] = (ch, role)

    def lines(self) -> list[list[Run]]:
        """The grid as runs: laid-over characters first, then links, then land, else a space."""
        out = []
        for row in range(self.rows):
            runs: list[Run] = []
            for column in range(self.columns):
                if (column, row) in self.over:
                    ch, role = self.over[(column, row)]
                elif self.links[row][column]:
                    ch, role = chr(0x2800 + (self.links[row][column] | self.land[row][column])), "link"
                elif self.land[row][column]:
                    ch, role = chr(0x2800 + self.land[row][column]), "land"
                else:
                    ch, role = " ", "land"
                if runs and runs[-1][1] == role:
                    runs[-1] = (runs[-1][0] + ch, role)
                else:
                    runs.append((ch, role))
            out.append(runs)
        return out


def _nearest_free(canvas: Canvas, column: int, row: int) -> tuple[int, int] | None:
    """The free cell closest to one, so that two sites in one cell both keep a marker."""
    for radius in range(4):
        ring = [
            (column + dc, row + dr)
            for dr in range(-radius, radius + 1)
            for dc in range(-radius, radius + 1)
            if max(abs(dc), abs(dr)) == radius
        ]
        for c, r in sorted(ring, key=lambda p: (abs(p[0] - column) + abs(p[1] - row), p[1], p[0])):
            if canvas.free(c, r):
                return c, r
    return None


def _label(canvas: Canvas, column: int, row: int, text: str) -> bool:
    """Place a label beside its marker where it overlaps no marker or label (one cell apart); False if nowhere."""
    n = len(text)
    for c, r in ((column + 2, row), (column - n - 1, row), (column - n // 2, row - 1), (column - n // 2, row + 1)):
        inside = c >= 0 and c + n <= canvas.columns
        if inside and all(canvas.free(c + i, r) for i in range(n)) and {(c - 1, r), (c + n, r)}.isdisjoint(canvas.over):
            canvas.put(c, r, text, "label")
            return True
    return False


def _wrapped(items: Sequence[list[Run]], width: int) -> list[list[Run]]:
    """Legend items packed into lines no wider than ``width``, two spaces apart."""
    lines: list[list[Run]] = [[]]
    used = 0
    for item in items:
        size = sum(len(t) for t, _ in item)
        if lines[-1] and used + 2 + size > width:
            lines.append([])
            used = 0
        if lines[-1]:
            lines[-1].append(("  ", "legend"))
            used += 2
        lines[-1] += item
        used += size
    return lines


def legend(shown: Sequence[Site], missing: str | None, *, width: int, links: bool) -> list[list[Run]]:
    """The legend lines: one item per symbol shown, the links, the outlines' source, then what is missing."""
    items = [[(symbol, role), (" " + meaning, "legend")] for symbol, role, meaning in legend_roles(shown)]
    if links and any(s.links for s in shown):
        items.append([(LINK, "link"), (" antenna to its factories", "legend")])
    items.append([(f"outlines: {OUTLINES}", "legend")])
    lines = _wrapped(items, width)
    return lines + [[(line, "legend")] for line in textwrap.wrap(missing or "", width, break_on_hyphens=False)]


MAX_WIDTH, MAX_HEIGHT = 400, 200  # cells: more detail than the outlines hold, and a few MB at most


def draw(
    shown: Sequence[Site],
    *,
    title: str,
    missing: str | None,
    width: int,
    height: int,
    labels: bool = False,
    links: bool = True,
) -> Picture:
    """The map of ``shown`` in ``width`` × ``height`` cells, title and legend included; at most MAX_WIDTH ×
    MAX_HEIGHT, which says so in a note (COLUMNS=100000 would otherwise build a canvas of billions of dots)."""
    asked = (width, height)
    width, height = min(max(width, 40), MAX_WIDTH), min(max(height, 12), MAX_HEIGHT)
    keys = legend(shown, missing, width=width, links=links)
    rows = max(height - len(keys) - 2, 6)  # the title above, the shell's prompt below
    extent = fit([s.xy for s in shown], aspect=(2 * width) / (4 * rows))
    canvas = Canvas(width, rows, extent)
    for country in outlines():
        for border in country.borders:
            for a, b in itertools.pairwise(border):
                canvas.line(a, b, layer=canvas.land)
    by_id = {s.uid: s for s in shown}
    if links:
        for site in shown:
            for target in site.links:
                canvas.line(site.xy, by_id[target].xy, layer=canvas.links, dash=2)
    cells: dict[str, tuple[int, int]] = {}
    crowded = []
    order = {"factory": 0, "antenna": 1}  # factories get their own cell first, bids' sites last
    for site in sorted(shown, key=lambda s: order.get(s.kind, 2)):
        spot = _nearest_free(canvas, *canvas.cell(site.xy))
        if spot is None:
            crowded.append(site.id)
            continue
        canvas.put(*spot, site.symbol, site.role)
        cells[site.uid] = spot
    crowded = list(dict.fromkeys(crowded))
    notes = [f"no room for the markers of {', '.join(crowded)} at this size"] if crowded else []
    if asked[0] > width or asked[1] > height:
        notes.append(f"the terminal is {asked[0]}×{asked[1]}; the map is drawn at most {MAX_WIDTH}×{MAX_HEIGHT}")
    if labels:
        labelled: set[str] = set()  # a bid's id once, at the first of its sites with room
        unlabelled = []
        for s in shown:
            if s.uid not in cells or s.id in labelled:
                continue
            if _label(canvas, *cells[s.uid], s.id):
                labelled.add(s.id)
            elif s.key == "":
                unlabelled.append(s.id)
        unlabelled += [s.id for s in shown if s.key and s.id not in labelled]
        if unlabelled:
            notes.append(f"no room at {width}×{height} for the labels of {', '.join(dict.fromkeys(unlabelled))}")
    return Picture([[(title[:width], "title")], *canvas.lines(), *keys], notes)

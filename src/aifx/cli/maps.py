"""The map command: factories and antennas on a map of Europe, in the terminal or as SVG."""

from __future__ import annotations

import enum
import shutil
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from aifx.cli.common import CountryOpt, DataOpt, catalog, choices, codes, color, completer, say, whole_numbers
from aifx.cli.filters import WaveOpt

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog


class MapFormat(enum.StrEnum):
    text = "text"
    svg = "svg"


class MapKind(enum.StrEnum):
    """What a map can show: the records' kinds, and the sites of AI gigafactory bids."""

    factory = "factory"
    antenna = "antenna"
    bid = "bid"


MapKindOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--kind",
        "-k",
        metavar="KIND",
        help="factory, antenna or bid (AI gigafactory bids' sites); repeat or comma-separate (OR). Default: "
        "factories and antennas.",
        autocompletion=completer(MapKind),
    ),
]


def about_line(data: Catalog) -> str:
    """The data date and attribution a map carries."""
    meta = data.dataset
    if meta is None:
        return "aifx dataset"
    return f"aifx dataset {meta.version}, as of {meta.as_of.isoformat()} ({meta.licence})"


def _size() -> tuple[int, int]:
    """The terminal's columns and lines; piped, $COLUMNS (else 80) and a height that suits the width."""
    columns, lines = shutil.get_terminal_size((80, 0))
    return columns, lines or max(24, round(columns * 0.42))


def map_(
    kind: MapKindOpt = None,
    wave: WaveOpt = None,
    country: CountryOpt = None,
    labels: Annotated[
        bool, typer.Option("--labels", help="Label each marker with its id, where there is room.")
    ] = False,
    links: Annotated[
        bool, typer.Option("--links/--no-links", help="Lines from each antenna to its linked factories.")
    ] = True,
    fmt: Annotated[
        MapFormat,
        typer.Option("--format", "-f", help="text: drawn in the terminal; svg: a standalone SVG document."),
    ] = MapFormat.text,
    data: DataOpt = None,
) -> None:
    """A map of Europe with the AI Factories and Antennas, and with --kind bid the AI gigafactory bids' sites.

    In the terminal it is drawn in braille dots sized to the window (colour by wave; shapes tell waves, antennas and
    bids' sites apart without colour too); --format svg writes an equal-area (EPSG:3035) SVG with labels, legend and
    attribution. --wave applies to factories; --country to records' host countries and to bids' sites.

    [bold]Examples[/]

      aifx map

      aifx map --wave 1 --labels

      aifx map --kind antenna --no-links

      aifx map --kind factory,bid --labels

      aifx map --format svg > map.svg
    """
    from aifx.core.query import Filters, empty_hint, select
    from aifx.present.braille import draw
    from aifx.present.maps import bid_sites, missing_line, sites
    from aifx.present.output import picture
    from aifx.present.svg import svg

    asked = choices(kind, MapKind, option="--kind") or [MapKind.factory, MapKind.antenna]
    countries = codes(country, option="--country")
    kinds = [k.value for k in asked if k is not MapKind.bid]
    filters = Filters(waves=whole_numbers(wave, option="--wave"), countries=countries, kinds=kinds)
    data_ = catalog()
    records = list(select(data_, filters).records) if kinds else []
    bids = list(data_.bids.values()) if MapKind.bid in asked else []
    if bids and countries:
        bids = [b for b in bids if set(countries) & {s.country for s in b.sites}]
    if not records and not bids:
        say(empty_hint(data_, filters) if kinds else "no gigafactory bid has a site in these countries")
    shown, missing = sites(records)
    placed, unplaced = bid_sites(bids, countries)
    shown += placed
    what = " and ".join(
        p for p in (f"{len(records)} records" if kinds else "", f"{len(bids)} gigafactory bids" if bids else "") if p
    )
    title = (
        f"AI Factories and Antennas: {len(shown)} of {len(records)} on the map"
        if not bids
        else f"{len(shown)} sites of {what} on the map"
    )
    legend = missing_line(missing, unplaced)
    if fmt is MapFormat.svg:
        sys.stdout.write(svg(shown, title=title, about=about_line(data_), missing=legend, links=links, labels=True))
        return
    width, height = _size()
    drawing = draw(
        shown,
        title=f"{title} · data as of {data_.dataset.as_of.isoformat()}" if data_.dataset else title,
        missing=legend,
        width=width,
        height=height,
        labels=labels,
        links=links,
    )
    picture(drawing, out=sys.stdout, color=color())
    for note in drawing.notes:
        say(note)

"""The map command: factories and antennas on a map of Europe, in the terminal or as SVG."""

from __future__ import annotations

import enum
import shutil
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from aifx.cli.common import CountryOpt, DataOpt, catalog, choices, codes, color, say, whole_numbers
from aifx.cli.filters import KindOpt, WaveOpt
from aifx.dataset.vocabulary import Kind

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog


class MapFormat(enum.StrEnum):
    text = "text"
    svg = "svg"


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
    kind: KindOpt = None,
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
    """A map of Europe with the AI Factories and Antennas: markers by wave, links, legend.

    In the terminal it is drawn in braille dots sized to the window (colour by wave; shapes tell waves apart
    without colour too); --format svg writes an equal-area (EPSG:3035) SVG with labels, legend and attribution.

    [bold]Examples[/]

      aifx map

      aifx map --wave 1 --labels

      aifx map --kind antenna --no-links

      aifx map --format svg > map.svg
    """
    from aifx.core.query import Filters, empty_hint, select
    from aifx.present.braille import draw
    from aifx.present.maps import missing_line, sites
    from aifx.present.output import picture
    from aifx.present.svg import svg

    filters = Filters(
        waves=whole_numbers(wave, option="--wave"),
        countries=codes(country, option="--country"),
        kinds=[k.value for k in choices(kind, Kind, option="--kind")],
    )
    data_ = catalog()
    records = list(select(data_, filters).records)
    if not records:
        say(empty_hint(data_, filters))
    shown, missing = sites(records)
    title = f"AI Factories and Antennas: {len(shown)} of {len(records)} on the map"
    if fmt is MapFormat.svg:
        sys.stdout.write(
            svg(shown, title=title, about=about_line(data_), missing=missing_line(missing), links=links, labels=True)
        )
        return
    width, height = _size()
    drawing = draw(
        shown,
        title=f"{title} · data as of {data_.dataset.as_of.isoformat()}" if data_.dataset else title,
        missing=missing_line(missing),
        width=width,
        height=height,
        labels=labels,
        links=links,
    )
    picture(drawing, out=sys.stdout, color=color())
    for note in drawing.notes:
        say(note)

"""Factories and antennas as an RFC 7946 FeatureCollection for QGIS, geojson.io and web maps.

Properties are flat and of one type each whatever the features: a list is one text value, its items joined with
"; " as in the CSV and the spreadsheet. GDAL (QGIS, ogr2ogr) infers a field's type from the features as it meets
them, and an empty array first made a list field text while the next order made it a string list; a text value
reads the same in every order and for every filter.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Any, TextIO

from aifx.core.values import joined
from aifx.exports.columns import Plain
from aifx.exports.tables import factories
from aifx.text.characters import escape_unsafe

if TYPE_CHECKING:
    from aifx.exports import Request


def collection(request: Request) -> dict[str, Any]:
    """One Feature per chosen record: a [lon, lat] Point, or a null geometry for a record without coordinates.

    Properties are the factories table's columns, flat: lists as "; "-joined text ("" when empty), dates ISO text.
    """
    table = factories(request.catalog)
    chosen = {f.id for f in request.factories}
    names = [c.name for c in table.columns]
    features = []
    for row in table.rows:
        properties = {n: _flat(v) for n, v in zip(names, row, strict=True)}
        if properties["id"] not in chosen:
            continue
        lat, lon = properties.pop("lat"), properties.pop("lon")
        point = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
        features.append({"type": "Feature", "id": properties["id"], "geometry": point, "properties": properties})
    order = {f.id: i for i, f in enumerate(request.factories)}
    features.sort(key=lambda f: order[str(f["id"])])
    return {"type": "FeatureCollection", "features": features}


def _flat(value: Plain) -> str | int | float | bool | None:
    """A property as GIS reads it in any feature order: a list as joined text, a date as ISO text."""
    if isinstance(value, list):
        return joined(value)
    return value.isoformat() if isinstance(value, dt.date) else value


def write(request: Request, out: TextIO) -> None:
    """The FeatureCollection as UTF-8 JSON (ASCII where ``out`` cannot hold Unicode), invisible characters escaped."""
    unicode = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").startswith("utf")
    out.write(escape_unsafe(json.dumps(collection(request), ensure_ascii=not unicode, indent=2)) + "\n")

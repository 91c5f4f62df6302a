"""Records ranked by great-circle distance from a place, with a ``distance_km`` column for any listing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aifx.core.fields import FACTORIES, FieldSpec, Registry, Type
from aifx.core.places import Place, distance_km
from aifx.dataset.models import Factory


@dataclass(frozen=True)
class Near:
    """Records in order of distance from one place; records without coordinates are left out (and counted)."""

    place: Place
    ranked: list[tuple[Factory, float]]
    unplaced: list[str]

    @property
    def km(self) -> dict[str, float]:
        """Each ranked record's distance, by id."""
        return {f.id: d for f, d in self.ranked}


def rank(records: Sequence[Factory], place: Place, *, within: float | None = None) -> Near:
    """The records nearest first (ties by id), only those within ``within`` km when given."""
    found = [
        (f, distance_km(place.lat, place.lon, f.coordinates.lat, f.coordinates.lon))
        for f in records
        if f.coordinates is not None
    ]
    found = [(f, d) for f, d in found if within is None or d <= within]
    return Near(place, sorted(found, key=lambda x: (x[1], x[0].id)), [f.id for f in records if f.coordinates is None])


# Where a record is matters more here than its wave or system: the city is kept longest after the name.
DEFAULT = ("id", "distance_km", "name", "kind", "country", "city", "budget", "verification")
PRIORITY = ("id", "distance_km", "city", "name", "country", "kind", "budget", "verification")


def registry(near: Near) -> Registry[Factory]:
    """The listing's fields plus ``distance_km`` from this place; the default columns say where each record is."""
    km = near.km
    spec = FieldSpec[Factory](
        "distance_km",
        f"great-circle km from {near.place.label}",
        lambda f, c: round(km[f.id]) if f.id in km else None,
        type=Type.number,
        dump=lambda f, c: round(km[f.id], 1) if f.id in km else None,  # to 100 m in JSON, as the full record has it
    )
    return Registry({**FACTORIES.fields, "distance_km": spec}, DEFAULT, PRIORITY)

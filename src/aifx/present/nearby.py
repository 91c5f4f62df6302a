"""Records by distance from a place as a listing, with a ``distance_km`` column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from aifx.core.money import record_json
from aifx.core.nearby import Near, registry
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Factory
from aifx.present import tables
from aifx.present.views import TableView


def listing(near: Near, catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """The ranked records as rows; JSON carries every field and the distance unless columns were chosen."""
    km = near.km

    def dump(f: Factory) -> dict[str, Any]:
        return {**record_json(f, catalog.sources), "distance_km": round(km[f.id], 1)}

    records = [f for f, _ in near.ranked]
    n = len(records)
    view = tables.table(
        registry(near),
        records,
        catalog,
        columns,
        title=f"{n} record{'s' if n != 1 else ''} by distance from {near.place.label}",
        dump=dump if full_json else None,
    )
    notes = [f"{len(near.unplaced)} without coordinates left out: {', '.join(near.unplaced)}"] if near.unplaced else []
    return replace(view, notes=[*view.notes, *notes])

"""The dataset as related tables: one flattening that the SQLite, data-package, spreadsheet and GeoJSON exports share.

Every value is plain: text, a whole number, a number, a yes/no, a date, a list (of ids, codes or names) or None.
Plain model fields become columns by themselves (exports/columns.py); only computed columns are written here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aifx.core.bids import count, leads
from aifx.core.equivalents import DERIVED, RULES, Basis, estimate
from aifx.core.money import stated
from aifx.dataset.catalog import COLLECTIONS, preferred
from aifx.dataset.models import CHIPS, MW, Bid, Chip, Claim, Event, Factory, Initiative, Source, System, Wave
from aifx.exports.columns import ForeignKey, Spec, Table, Type, computed, euro_columns, model_columns, table
from aifx.exports.relations import bid_members, bid_sites, citations, claims, figures, junctions, top500
from aifx.exports.totals import compute_accelerators, compute_performance

if TYPE_CHECKING:
    from aifx.dataset.catalog import Catalog

# The one list of model fields that no table holds, each with the reason; tests/test_fields.py fails when a model
# field is neither in a column (its origin) nor here.
UNEXPORTED = {
    "DataFile.dataset": "the dataset's metadata, not a table: see Dataset's fields",
    **dict.fromkeys(
        ("Dataset.version", "Dataset.as_of", "Dataset.licence", "Dataset.attribution", "Dataset.maintainers"),
        "metadata about the whole dataset, not rows: datapackage.json, Datasette's metadata and the spreadsheet's "
        "About sheet carry it",
    ),
}


def _stated(claims: list[Claim]) -> str | None:
    """The preferred total as people write it, or None when there is none or it is unknown."""
    return stated(preferred(claims))


def _budget(model: type[Factory] | type[Initiative], catalog: Catalog) -> list[Spec]:
    origin = (f"{model.__name__}.budget",)
    return [
        computed("budget", Type.string, "The preferred total budget claim as its source states it; every claim is in "
                 "the claims table.", lambda r: _stated(list(r.budget)), origin=origin),
        *euro_columns("budget", lambda r: preferred(list(r.budget)), catalog.sources, origin=origin),
    ]  # fmt: skip


def factories(catalog: Catalog) -> Table:
    """AI Factories and Antennas, one row each; coordinates as lat and lon."""
    where, system = ("Factory.coordinates", "Factory.supercomputer")
    specs = model_columns(
        Factory,
        {
            "selected": [
                computed("selected", Type.date, "Selection date: the wave's announcement for factories, its own for "
                         "antennas.", lambda f: f.selected or _wave_date(catalog, f.wave), origin=["Factory.selected"]),
            ],
            "supercomputer": [
                computed("system", Type.string, "Its supercomputer: new, upgrade, existing or none.",
                         lambda f: f.supercomputer.system if f.supercomputer else None,
                         origin=[system, "Supercomputer.system"]),
                computed("supercomputer", Type.string, "The supercomputer's name; empty when none is known yet.",
                         lambda f: f.supercomputer.name if f.supercomputer else None,
                         origin=[system, "Supercomputer.name"]),
                computed("systems", Type.array, "Ids of the systems (systems table) it runs on or will run on, "
                         "named on either side: its supercomputer's systems or the system's factories.",
                         lambda f: [s.id for s in catalog.systems_of(f.id)],
                         origin=[system, "Supercomputer.systems", "System.factories"]),
                computed("supercomputer_notes", Type.string, "Caveats and context about its supercomputer.",
                         lambda f: f.supercomputer.notes if f.supercomputer else None,
                         origin=[system, "Supercomputer.notes"]),
            ],
            "budget": _budget(Factory, catalog),
            "coordinates": [
                computed("lat", Type.number, "Latitude of the host site (WGS 84, city level).",
                         lambda f: f.coordinates.lat if f.coordinates else None, origin=[where, "Coordinates.lat"]),
                computed("lon", Type.number, "Longitude of the host site (WGS 84, city level).",
                         lambda f: f.coordinates.lon if f.coordinates else None, origin=[where, "Coordinates.lon"]),
            ],
        },
    )  # fmt: skip
    return table(
        "factories",
        Factory,
        specs,
        catalog.factories.values(),
        key=("id",),
        description="EuroHPC AI Factories and AI Factory Antennas, one row each.",
        foreign=(ForeignKey("wave", "waves", "number"),),
        label="name",
        facets=("kind", "wave", "country", "array:sectors", "verification"),
        search=("name", "summary", "notes"),
    )


def _wave_date(catalog: Catalog, number: int | None) -> dt.date | None:
    wave = catalog.waves.get(number) if number is not None else None
    return wave.announced if wave else None


def initiatives(catalog: Catalog) -> Table:
    """Sovereign-AI initiatives and the EU gigafactory programme."""
    return table(
        "initiatives",
        Initiative,
        model_columns(Initiative, {"budget": _budget(Initiative, catalog)}),
        catalog.initiatives.values(),
        key=("id",),
        label="name",
        facets=("kind", "country", "status", "verification"),
        search=("name", "summary", "notes"),
    )


def waves(catalog: Catalog) -> Table:
    """The selection waves."""
    origin = ["Wave.totals"]
    specs = model_columns(
        Wave,
        {
            "number": [
                "number",
                computed("name", Type.string, "How the wave reads where a factory refers to it: 'wave 1'.",
                         lambda w: f"wave {w.number}", origin=["Wave.number"]),
            ],
            "totals": [
                computed("total", Type.string, "The preferred stated investment total; every claim is in the claims "
                         "table.", lambda w: _stated(list(w.totals)), origin=origin),
                *euro_columns("total", lambda w: preferred(list(w.totals)), catalog.sources, origin=origin),
            ],
        },
    )  # fmt: skip
    return table("waves", Wave, specs, catalog.waves.values(), key=("number",), label="name")


def sources(catalog: Catalog) -> Table:
    """Every source the records cite."""
    return table(
        "sources",
        Source,
        model_columns(Source, {"kind": ["kind", "official"]}),
        catalog.sources.values(),
        key=("id",),
        label="title",
        facets=("kind", "publisher"),
        search=("title", "notes"),
    )


def _models(s: System) -> list[str]:
    return [a.model for a in s.accelerators]


_ENDS = {
    "": "The low end; empty when unknown or bounded only above (a count 'up to' N).",
    "_high": "The high end; empty when unknown or a lower bound (a part unknown, a count 'over' N).",
}


def _h100e(catalog: Catalog) -> list[Spec]:
    """H100-equivalents in the state each system is in, the low and the high end on each basis, described as derived
    with their rule."""
    counted = ["System.accelerators", "System.status", "Accelerator.count", "Accelerator.chip", "Chip.bf16_tflops"]
    rates = {Basis.bf16: [], Basis.fp8: ["Chip.fp8_tflops", "Chip.int8_tops"]}
    specs = []
    for basis in Basis:
        rule = (
            f"H100-equivalents, derived ({DERIVED}): {RULES[basis]}; in the state the system is in (planned "
            "unless operational or retired); counts for one module left out; disagreeing counts give the low and the "
            "high end."
        )
        for end, about in _ENDS.items():
            get = _end(catalog, basis, high=bool(end))
            name = f"h100e_{basis.value}{end}"
            specs.append(computed(name, Type.number, f"{rule} {about}", get, origin=[*counted, *rates[basis]]))
    return specs


def _end(catalog: Catalog, basis: Basis, *, high: bool) -> Callable[[System], float | None]:
    def get(s: System) -> float | None:
        amount = estimate(s, catalog, basis).amount
        return None if amount is None else amount.high if high else amount.low

    return get


def systems(catalog: Catalog) -> Table:
    """The supercomputers; their figures are in the figures and top500 tables."""
    about = "Accelerator models; their counts are in the figures table."
    models = computed("accelerators", Type.array, about, _models, origin=["System.accelerators", "Accelerator.model"])
    served = computed("factories", Type.array, "Ids of the factories and antennas (factories table) it serves, named "
                      "on either side: its factories or their supercomputer's systems.",
                      lambda s: [f.id for f in catalog.factories_of(s.id)],
                      origin=["System.factories", "Supercomputer.systems"])  # fmt: skip
    return table(
        "systems",
        System,
        model_columns(System, {"accelerators": [models, *_h100e(catalog)], "factories": [served]}),
        catalog.systems.values(),
        key=("id",),
        label="name",
        facets=("country", "status", "vendor", "array:accelerators"),
        search=("name", "summary", "notes"),
    )


def events(catalog: Catalog) -> Table:
    """Dated, sourced events (selections are derived from waves and antennas, so not stored here)."""
    return table(
        "events",
        Event,
        model_columns(Event),
        catalog.events.values(),
        key=("id",),
        label="title",
        facets=("kind", "array:countries", "verification"),
        search=("title", "note"),
    )


def chips(catalog: Catalog) -> Table:
    """The accelerator models and their per-package datasheet rates, which H100-equivalents are computed from."""
    return table(
        "chips",
        Chip,
        model_columns(Chip),
        catalog.chips.values(),
        key=("id",),
        label="name",
        facets=("vendor",),
        search=("name", "notes"),
    )


def bids(catalog: Catalog) -> Table:
    """AI gigafactory bids; their sites and members are in the bid_sites and bid_members tables, their size claims
    in the claims table."""
    size = ("Bid.size",)
    place = {
        "sites": [
            computed(
                "sites",
                Type.array,
                "Its sites as 'place (CC)'; each with its coordinates in bid_sites.",
                lambda b: [f"{s.place} ({s.country})" for s in b.sites],
                origin=["Bid.sites", "Site.place"],
            )
        ],
        "members": [
            computed(
                "lead",
                Type.array,
                "The members that lead it; every member is in bid_members.",
                leads,
                origin=["Bid.members", "Member.role"],
            )
        ],
        "size": [
            computed(
                "investment",
                Type.string,
                "The preferred total money claim as its source states it; every claim is in the claims table.",
                lambda b: _stated([c for c in b.size if c.currency]),
                origin=size,
            ),
            *euro_columns(
                "investment", lambda b: preferred([c for c in b.size if c.currency]), catalog.sources, origin=size
            ),
            *_span_columns("chips", "announced AI accelerators", lambda b: count(b, CHIPS)),
            *_span_columns("mw", "announced power in MW", lambda b: count(b, MW)),
        ],
    }
    return table(
        "bids",
        Bid,
        model_columns(Bid, place),
        catalog.bids.values(),
        key=("id",),
        label="name",
        facets=("stage", "array:countries", "verification"),
        search=("name", "summary", "notes"),
    )  # fmt: skip


def _span_columns(name: str, what: str, get: Callable[[Bid], Any]) -> list[Spec]:
    """A count the claims give as a span: its low and its high end (empty where open), each a number."""
    origin = ["Bid.size", "Claim.unit"]
    return [
        computed(name, Type.number, f"{what[0].upper()}{what[1:]}: the low end where claims differ; empty when "
                 "unknown or bounded only above.", lambda b: s.low if (s := get(b)) else None, origin=origin),
        computed(f"{name}_high", Type.number, f"{what[0].upper()}{what[1:]}: the high end; empty when unknown or a "
                 "lower bound ('over' N).", lambda b: s.high if (s := get(b)) else None, origin=origin),
    ]  # fmt: skip


# Each collection's table, by collection name (COLLECTIONS gives their order); a new collection adds its own here.
RECORDS: dict[str, Callable[[Catalog], Table]] = {
    "sources": sources,
    "waves": waves,
    "factories": factories,
    "initiatives": initiatives,
    "events": events,
    "systems": systems,
    "chips": chips,
    "bids": bids,
}


def tables(catalog: Catalog) -> list[Table]:
    """Every table: each collection's, in the collections' order, then the tables that relate them, the
    whole-system figures compute adds up, and the junction tables (each array of ids, codes or names as rows)."""
    return [
        *(RECORDS[c.name](catalog) for c in COLLECTIONS),
        *(b(catalog) for b in (claims, citations, figures, top500, bid_sites, bid_members)),
        *(b(catalog) for b in (compute_accelerators, compute_performance)),
        *junctions(catalog),
    ]

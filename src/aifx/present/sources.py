"""Sources for reading: every source and what cites it, one item's numbered sources, one source's card, stale
sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from aifx.core.money import claim_json
from aifx.core.sourcing import SOURCES, Citation, Cites, citations, cited
from aifx.core.values import Cell
from aifx.dataset.catalog import Catalog
from aifx.dataset.models import Claim, Figure, Member, Site, Source, Top500
from aifx.present import tables
from aifx.present.views import CardView, Line, TableView
from aifx.text.suggest import key


def sources(picked: Sequence[Source], catalog: Catalog, columns: Sequence[str], *, full_json: bool) -> TableView:
    """Sources and what cites them; JSON carries every field unless columns were chosen."""

    def dump(s: Source) -> dict[str, object]:
        return {**s.model_dump(mode="json"), "cited_by": catalog.citing(s.id)}

    return tables.table(SOURCES, picked, catalog, columns, title="Sources", dump=dump if full_json else None)


def source_list(item: Cites, catalog: Catalog, name: str) -> TableView:
    """An item's sources, numbered, for ``show ID --sources`` and ``sources ID``; ``name`` is the id that opens it."""
    picked = cited(item, catalog)
    columns = ["n", "id", "kind", "published", "retrieved", "publisher", "title", "url"]
    rows = [
        [i + 1, s.id, s.kind.value, s.published, s.retrieved, s.publisher, s.title, s.url] for i, s in enumerate(picked)
    ]
    cells = {c: SOURCES.fields[c].shape for c in columns[1:]} | {"n": Cell.number}
    priority = ["n", "id", "url", "published", "kind", "publisher", "title", "retrieved"]
    return TableView(
        f"Sources of {name}",
        columns,
        rows,  # type: ignore[arg-type]
        [s.model_dump(mode="json") for s in picked],
        cells=cells,
        priority=priority,
        more="--wide, -f plain",
    )


def stale(catalog: Catalog, before: dt.date) -> TableView:
    """Sources last retrieved before ``before``, oldest first, with what cites them."""
    old = sorted((s for s in catalog.sources.values() if s.retrieved < before), key=lambda s: (s.retrieved, s.id))
    columns = ["id", "retrieved", "kind", "publisher", "url", "cited_by"]
    notes = [f"{len(old)} of {len(catalog.sources)} sources last checked before {before}"]
    return tables.table(
        SOURCES, old, catalog, columns, title="Stale sources", dump=lambda s: s.model_dump(mode="json"), notes=notes
    )


def source_card(source: Source, catalog: Catalog) -> CardView:
    """One source: what it is, its dates and notes, and every record, claim, figure, chip and event citing it."""
    found = citations(source.id, catalog)
    lines = [
        Line("id", source.id),
        Line("title", source.title),
        Line("publisher", source.publisher),
        Line("kind", source.kind.value if source.official else f"{source.kind.value} (not official)"),
        Line("url", source.url),
        Line("published", source.published.isoformat() if source.published else "undated"),
        Line("retrieved", source.retrieved.isoformat()),
    ]
    if source.notes:
        lines.append(Line("notes", " ".join(source.notes.split())))
    items = len({(c.kind, c.id) for c in found})
    lines.append(Line(f"Cited by {items} item{'s' if items != 1 else ''}", "", style="section"))
    lines += [_cited(c, catalog) for c in found] or [Line("cited by", "nothing in the dataset")]
    record: dict[str, Any] = source.model_dump(mode="json")
    record["cited_by"] = catalog.citing(source.id)
    record["citations"] = [
        {"kind": c.kind, "id": c.id, "name": c.name, "part": c.part, "fact": _fact_json(c, catalog)} for c in found
    ]
    return CardView(f"{source.id} — {source.publisher}", lines, [], record)


def _cited(c: Citation, catalog: Catalog) -> Line:
    """One citation: the item and its name where the item as a whole cites the source, else the part and its fact."""
    if c.fact is None:  # the item as a whole: its name, where it says more than its id (not 'Wave 1' for wave-1)
        return Line(c.kind, c.id if key(c.name) == key(c.id) else f"{c.id} ({c.name})")
    weak = "weak" if isinstance(c.fact, Claim) and c.fact.rank.value == "deprecated" else ""
    return Line(c.kind, f"{c.id}, {c.part}: {_fact(c, catalog)}", style=weak)


def _fact(c: Citation, catalog: Catalog) -> str:
    from aifx.core.systems import (
        figure,  # the card's helpers, imported here: a listing of sources needs none
        top500_text,
    )
    from aifx.present.cards import claim_text, figure_text

    fact = c.fact
    if isinstance(fact, Claim):
        return claim_text(fact, catalog)
    if isinstance(fact, Figure):
        return figure_text(fact, figure(fact) + (" MW" if c.part == "power" else ""))
    if isinstance(fact, Top500):
        return top500_text(fact)
    if isinstance(fact, Site):
        return f"{fact.place} ({fact.country})"
    if isinstance(fact, Member):
        return f"{fact.name} ({fact.role.value})"
    return f"{fact.name or 'unknown'} ({fact.system.value})" if fact is not None else c.name


def _fact_json(c: Citation, catalog: Catalog) -> dict[str, Any] | None:
    if isinstance(c.fact, Claim):
        return claim_json(c.fact, catalog.sources)
    return c.fact.model_dump(mode="json") if c.fact is not None else None

"""Advice on a valid dataset that is not an error: unused sources, weakly supported records."""

from __future__ import annotations

from aifx.dataset.catalog import Catalog, cited_by


def unused_sources(catalog: Catalog) -> list[str]:
    """Sources nothing cites."""
    return [s for s in catalog.sources if not catalog.citing(s)]


def warnings(catalog: Catalog) -> list[str]:
    """Every piece of advice, one line each."""
    found = [f"source {s!r} is cited by nothing" for s in unused_sources(catalog)]
    for record in catalog.records():
        if not any(catalog.sources[s].official for s in cited_by(record)):
            found.append(f"{record.id} has no official source ({record.verification.value})")
    return found

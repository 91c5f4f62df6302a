"""Advice on a valid dataset that is not an error: unused sources, weakly supported records."""

from __future__ import annotations

from aifx.dataset.catalog import Catalog, Record, cited_by, preferred
from aifx.dataset.vocabulary import Rank, Scope


def unused_sources(catalog: Catalog) -> list[str]:
    """Sources nothing cites."""
    return [s for s in catalog.sources if not catalog.citing(s)]


def warnings(catalog: Catalog) -> list[str]:
    """Every piece of advice, one line each."""
    found = [f"source {s!r} is cited by nothing" for s in unused_sources(catalog)]
    for record in catalog.records():
        if not any(catalog.sources[s].official for s in cited_by(record)):
            found.append(f"{record.id} has no official source ({record.verification.value})")
        found += _headline(record, catalog)
    for bid in catalog.bids.values():
        if not any(catalog.sources[s].official for s in cited_by(bid) if s in catalog.sources):
            found.append(f"{bid.id} has no official source ({bid.verification.value})")
    return found


def _headline(record: Record, catalog: Catalog) -> list[str]:
    """The headline total should be an official euro figure where one exists (the rule README's 'Money in euros'
    states): say so when another currency or an unofficial figure is preferred over one."""
    headline = preferred(list(record.budget))
    if headline is None or headline.value is None or headline.rank is not Rank.preferred:
        return []  # none preferred: the curator found no figure to put first, and the card says so
    official_eur = [
        c
        for c in record.budget
        if c.scope is Scope.total
        and c.rank is not Rank.deprecated
        and c.currency == "EUR"
        and c.value is not None
        and any(catalog.sources[s].official for s in c.sources if s in catalog.sources)
    ]
    headline_official = any(catalog.sources[s].official for s in headline.sources if s in catalog.sources)
    if official_eur and headline not in official_eur and (headline.currency != "EUR" or not headline_official):
        return [f"{record.id}'s headline total is not its official euro figure; mark that claim preferred"]
    return []

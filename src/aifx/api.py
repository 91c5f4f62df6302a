"""The Python API for scripts and notebooks: ``aifx.load()`` returns the validated Catalog, ``aifx.search`` ranks it,
``aifx.table(name)`` gives one export table's flat rows (``pd.DataFrame(aifx.table("factories"))``)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aifx.core.search_types import Hit
    from aifx.dataset.catalog import Catalog
    from aifx.dataset.plain import Plain


def load(
    data: str | os.PathLike[str] | None = None, *, as_of: str | dt.date | None = None, cache: bool = True
) -> Catalog:
    """The validated dataset: the shipped data (or ``data``, a directory), as known on ``as_of`` when given.

    Raises aifx.errors.DataError (every problem, each with file and line) when the data does not validate.
    """
    from aifx.dataset.loader import load as read

    catalog = read(None if data is None else Path(data), cache=cache)
    if as_of is None:
        return catalog
    from aifx.core.history import as_of as rewind

    return rewind(catalog, as_of if isinstance(as_of, dt.date) else dt.date.fromisoformat(as_of))


def search(catalog: Catalog, text: str, *, limit: int = 10) -> list[Hit]:
    """Records, systems, chips, waves, sources and events ranked by how well they match ``text``, typos forgiven
    and numbers matched by value (as aifx search)."""
    from aifx.core.search import search as ranked

    return ranked(catalog, text, limit=limit)


def table(name: str, catalog: Catalog | None = None) -> list[dict[str, Plain]]:
    """The rows of one table of the SQLite and CSV exports, named as there (factories, initiatives, waves, systems,
    chips, sources, events, claims, citations, figures, top500, …; any case), one dict per row with the same
    columns, of ``catalog`` (the shipped data by default).

    Values are plain Python: text, numbers, True/False, ``datetime.date``, lists of text, None for unknown, so
    ``pandas.DataFrame(aifx.table("factories"))`` is the table, and no DataFrame library is needed here. Raises
    aifx.errors.NotFoundError, naming the tables and the closest ones, for a table that does not exist.
    """
    from aifx.errors import NotFoundError
    from aifx.exports.tables import tables
    from aifx.text.suggest import suggest

    built = {t.name: t for t in tables(load() if catalog is None else catalog)}
    found = built.get(name.strip().lower())
    if found is None:
        raise NotFoundError("table", name, suggest(name, list(built)), among=list(built))
    names = [c.name for c in found.columns]
    return [dict(zip(names, row, strict=True)) for row in found.rows]

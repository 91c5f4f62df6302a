"""The Python API for scripts and notebooks: ``aifx.load()`` returns the validated Catalog, ``aifx.search`` ranks it."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aifx.core.search_types import Hit
    from aifx.dataset.catalog import Catalog


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

"""The dataset as one self-contained, offline HTML page (built by aifx.present.page)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from aifx.exports import Request


def write(request: Request, out: TextIO) -> None:
    """The page: map, sortable and filterable table, a card per record, conflicts and timeline."""
    from aifx.present.page import page

    out.write(page(request.catalog, as_of=request.as_of))

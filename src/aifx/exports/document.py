"""The whole dataset as JSON: one document, or one typed object per line."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from aifx.present.output import Format, emit
from aifx.present.reports import export

if TYPE_CHECKING:
    from aifx.exports import Request


def json(request: Request, out: TextIO) -> None:
    """One document: dataset, sources, waves, factories, initiatives, events, systems, chips, bids."""
    emit(export(request.catalog, lines=False), Format.json, out=out)


def jsonl(request: Request, out: TextIO) -> None:
    """One object per record, each with its ``type``."""
    emit(export(request.catalog, lines=True), Format.jsonl, out=out)

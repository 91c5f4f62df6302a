"""The neutral shapes every command returns; output.py renders them in any format."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aifx.fields import Value


@dataclass(frozen=True)
class TableView:
    """Rows under named columns, plus complete records for JSON and notes for stderr."""

    title: str
    columns: list[str]
    rows: list[list[Value]]
    records: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    numeric: frozenset[str] = frozenset()
    highlight: frozenset[int] = frozenset()  # row indexes to emphasise (compare: values differ)
    bar: str | None = None  # numeric column drawn as a bar in terminal tables
    document: Any = None  # for json: one document instead of the list of records
    lazy_records: Callable[[], list[dict[str, Any]]] | None = None  # built only if a JSON format asks

    def json_records(self) -> list[dict[str, Any]]:
        """The complete records for json/jsonl, built on demand (they cost more than the table)."""
        return self.lazy_records() if self.lazy_records is not None else self.records


@dataclass(frozen=True)
class Line:
    """One labelled line of a record card; ``refs`` are source footnote numbers."""

    label: str
    text: str
    refs: tuple[int, ...] = ()
    style: str = ""  # "", "weak" (deprecated or unconfirmed), "warn" (disagreement), "section"


@dataclass(frozen=True)
class CardView:
    """One record for reading: labelled lines and numbered source footnotes."""

    title: str
    lines: list[Line]
    footnotes: list[tuple[int, str]]
    record: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def as_table(self) -> TableView:
        """The card as field/value rows, for plain, csv and the like."""
        rows: list[list[Value]] = []
        for line in self.lines:
            refs = "".join(f"[{n}]" for n in line.refs)
            rows.append([line.label, f"{line.text} {refs}".strip()])
        rows += [[f"[{n}]", text] for n, text in self.footnotes]
        return TableView(self.title, ["field", "value"], rows, [self.record], self.notes)


View = TableView | CardView

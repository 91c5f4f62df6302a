"""The neutral shapes every command returns; output.py renders them in any format."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from aifx.core.values import Cell, Value, jsonable

RIGID = frozenset({Cell.key, Cell.code, Cell.number, Cell.date})  # never cut, whatever the width


@dataclass(frozen=True)
class TableView:
    """Rows under named columns, plus complete records for JSON and notes for stderr.

    ``cells`` says how each column behaves in a narrow terminal (default: short text); ``priority``
    lists the columns to keep longest, most important first (default: display order).
    """

    title: str
    columns: list[str]
    rows: list[list[Value]]
    records: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)
    cells: Mapping[str, Cell] = field(default_factory=dict)
    priority: Sequence[str] = ()
    highlight: frozenset[int] = frozenset()  # row indexes to emphasise (compare: values differ)
    bar: str | None = None  # numeric column drawn as a bar in terminal tables
    bar_label: str = "bar"
    bar_scale: str | None = None  # rows with the same value in this column share one bar scale (one unit each)
    more: str = "--wide, --columns"  # the options that show hidden columns
    document: Any = None  # for json: one document instead of the list of records
    lazy_records: Callable[[], list[dict[str, Any]]] | None = None  # built only if a JSON format asks
    reading: CardView | None = None  # the same rows arranged for reading on a terminal (grouped, sources numbered)

    def cell(self, column: str) -> Cell:
        """How ``column`` behaves when space is short."""
        return self.cells.get(column, Cell.short)

    @property
    def numeric(self) -> frozenset[str]:
        """Columns that hold numbers (right-aligned)."""
        return frozenset(c for c in self.columns if self.cell(c) is Cell.number)

    def json_records(self) -> list[dict[str, Any]]:
        """The complete records for json/jsonl, built on demand (they cost more than the table)."""
        return self.lazy_records() if self.lazy_records is not None else self.records

    def keep(self, columns: Sequence[str]) -> TableView:
        """Only these columns, in this order; JSON then carries exactly those columns too, each as the full record
        (one per row, where there is one) holds it under that name, so that a key means one thing either way."""
        index = [self.columns.index(c) for c in columns]
        rows = [[row[i] for i in index] for row in self.rows]
        whole = self.json_records()
        if len(whole) != len(self.rows):  # records grouped otherwise than the rows: the cells alone
            whole = [{} for _ in self.rows]
        records = [
            {c: full[c] if c in full else jsonable(row[i]) for c, i in zip(columns, index, strict=True)}
            for row, full in zip(self.rows, whole, strict=True)
        ]
        return replace(
            self,
            columns=list(columns),
            rows=rows,
            records=records,
            lazy_records=None,
            document=None,
            priority=[c for c in self.priority if c in columns],
            bar=self.bar if self.bar in columns else None,
            bar_scale=self.bar_scale if self.bar_scale in columns else None,
            reading=None,
        )


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
        return TableView(
            self.title,
            ["field", "value"],
            rows,
            [self.record],
            self.notes,
            cells={"field": Cell.key, "value": Cell.prose},
        )


View = TableView | CardView

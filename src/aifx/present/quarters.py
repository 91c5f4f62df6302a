"""The timeline counted per quarter, for ``aifx timeline --chart``: the same bars as ``aifx budgets``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from aifx.core.history import Entry
from aifx.core.values import Cell, Value
from aifx.dataset.vocabulary import Precision
from aifx.present.views import TableView


def _quarter(entry: Entry) -> tuple[int, int]:
    return entry.date.year, (entry.date.month - 1) // 3 + 1


def per_quarter(entries: Sequence[Entry]) -> TableView:
    """One row per quarter from the first event's to the last's (empty quarters too, so gaps show), with a bar;
    events dated only to a year belong to no quarter and are counted in a note instead.
    """
    dated = [e for e in entries if e.precision is not Precision.year]
    counts = Counter(_quarter(e) for e in dated)
    kinds: dict[tuple[int, int], Counter[str]] = {}
    for e in dated:
        kinds.setdefault(_quarter(e), Counter())[e.kind] += 1
    rows: list[list[Value]] = []
    if counts:
        (year, q), last = min(counts), max(counts)
        while (year, q) <= last:
            mix = kinds.get((year, q), Counter())
            rows.append([f"{year} Q{q}", counts[(year, q)], ", ".join(f"{k} {n}" for k, n in mix.most_common()) or "—"])
            year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    undated = len(entries) - len(dated)
    notes = [f"{len(dated)} events in {len(rows)} quarters"]
    if undated:
        notes.append(f"{undated} event{'s' if undated != 1 else ''} dated only to the year, not in a quarter")
    columns = ["quarter", "events", "kinds"]
    records = [{"quarter": r[0], "events": r[1], "kinds": dict(kinds.get(_key(str(r[0])), {}))} for r in rows]
    return TableView(
        "Events per quarter",
        columns,
        rows,
        records,
        notes=notes,
        cells={"quarter": Cell.key, "events": Cell.number, "kinds": Cell.prose},
        priority=["quarter", "events", "kinds"],
        bar="events",
        bar_label="chart",
    )


def _key(quarter: str) -> tuple[int, int]:
    year, q = quarter.split(" Q")
    return int(year), int(q)

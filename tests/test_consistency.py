"""A past that holds together: every --as-of date gives a whole catalog, and every command and export reads it."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from functools import cache
from pathlib import Path

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aifx.core.history import as_of, known
from aifx.dataset.catalog import COLLECTIONS, Catalog, cited_by
from aifx.dataset.checks import check
from aifx.dataset.consistency import dangling
from aifx.dataset.loader import load
from aifx.dataset.models import DataFile
from aifx.dataset.vocabulary import Verification
from conftest import DATA, aifx


@cache
def _today() -> Catalog:
    """The shipped dataset, read once for this module (tests never change it)."""
    return load(DATA, cache=False)


def _first() -> dt.date:
    return min(w.announced for w in _today().waves.values())


def _last() -> dt.date:
    meta = _today().dataset
    return max(dt.date.today(), meta.as_of if meta else dt.date.today())


def _grid(n: int = 40) -> list[dt.date]:
    """n dates from the first wave's announcement to today: the days things start, their eves, the rest evenly."""
    first, last = _first(), _last()
    starts = {w.announced for w in _today().waves.values()}
    starts |= {f.selected for f in _today().factories.values() if f.selected is not None}
    edges = starts | {d - dt.timedelta(days=1) for d in starts if d > first} | {first, last}
    for k in range(n - len(edges), n + 1):
        dates = edges | {first + (last - first) * i // (k - 1) for i in range(k)}
        if len(dates) >= n:
            return sorted(dates)
    return sorted(dates)


DATES = _grid()


def test_the_shipped_dataset_has_nothing_dangling() -> None:
    """The checker finds nothing in today's catalog: what the loader accepts holds together."""
    assert dangling(_today()) == []


def test_the_checker_finds_a_citation_of_a_source_left_out() -> None:
    """A catalog missing a cited source, or a record an event names, is reported by path and id."""
    today = _today()
    record = next(iter(today.factories.values()))
    assert any(record.id in e.records for e in today.events.values())
    items = {c.name: today.items(c) for c in COLLECTIONS}
    items["sources"] = [s for s in today.sources.values() if s.id != record.sources[0]]
    assert any(record.sources[0] in line for line in dangling(Catalog.build(today.dataset, items)))
    items = {c.name: today.items(c) for c in COLLECTIONS}
    items["factories"] = [f for f in today.factories.values() if f.id != record.id]
    problems = dangling(Catalog.build(today.dataset, items))
    assert any(line.startswith("events.") and record.id in line for line in problems)


def test_the_checker_finds_a_record_left_with_no_source() -> None:
    """A copied record with no source left breaks its model's rule; the checker says so (copies skip validation)."""
    today = _today()
    items = {c.name: today.items(c) for c in COLLECTIONS}
    first, *rest = today.factories.values()
    items["factories"] = [first.model_copy(update={"sources": []}), *rest]
    assert any(line.startswith("factories.0.sources") for line in dangling(Catalog.build(today.dataset, items)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_any_date_rewinds_to_a_whole_catalog(day: dt.date) -> None:
    """On any date, before the programme and after the data included, the rewound catalog has nothing dangling."""
    assert dangling(as_of(_today(), day)) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(day=st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2026, 12, 31)))
def test_a_rewound_catalog_cites_only_what_was_public_or_vouches_for_a_date(day: dt.date) -> None:
    """Claims, figures and systems cite public sources only; a later source is there only for what its date needs."""
    past = as_of(_today(), day)

    def public(ids: list[str]) -> bool:
        return all(known(past.sources[s], day) for s in ids)

    for record in past.records():
        assert all(public(c.sources) for c in record.budget)
        if record.verification is Verification.confirmed:
            assert any(known(past.sources[s], day) and past.sources[s].official for s in record.sources)
    for system in past.systems.values():
        assert cited_by(system) and all(known(past.sources[s], day) for s in cited_by(system))
        assert set(system.factories) | set(system.initiatives) <= set(past.factories) | set(past.initiatives)
    for bid in past.bids.values():  # a bid is dated by its bid event: its size, sites and members cite public sources
        assert all(public(p.sources) for p in (*bid.size, *bid.sites, *bid.members))
    dated = [*past.events.values(), *past.waves.values(), *past.records(), *past.bids.values()]
    early = {s.id for s in past.sources.values() if not known(s, day)}
    assert early <= {s for item in dated for s in item.sources}


def _commands(past: Catalog, out: Path) -> list[list[str]]:
    """The commands each date is read by: listings, cards, sources, time, money, compute, bids, places and exports."""
    record = list(past.records())[-1].id if past.factories or past.initiatives else "LUMI-AF"
    system = next(iter(past.systems), "LUMI-AI")
    day = past.dataset.as_of if past.dataset else dt.date.today()
    bid = list(past.bids)[-1] if past.bids else "BALTIC-AIGF"
    return [
        ["list"],
        ["show", record],
        ["show", record, "--sources"],
        ["show", "LUMI-AF", "--sources", "--format", "json"],
        ["sources"],
        ["sources", record],
        ["timeline"],
        ["changes", "--since", (day - dt.timedelta(days=180)).isoformat()],
        ["changes", "--since", day.isoformat(), "--format", "json"],
        ["conflicts"],
        ["budgets"],
        ["systems"],
        ["systems", system],
        ["compute"],
        ["waves"],
        ["gigafactories"],
        ["show", bid],
        ["country", "EE"],
        ["near", "Tartu"],
        ["export", "--format", "json", "--output", str(out / "all.json")],
        ["export", "--format", "sqlite", "--output", str(out / "all.sqlite")],
        ["export", "--format", "datapackage", "--output", str(out / "package")],
        ["export", "--format", "atom", "--output", str(out / "feed.atom")],
    ]


COMMANDS = len(_commands(_today(), Path()))
PAIRS = len(DATES) * COMMANDS  # every date × every command


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One cache for the module: each run reads the catalog warm, as a user's second command would."""
    return str(tmp_path_factory.mktemp("cache"))


@pytest.mark.parametrize("day", DATES, ids=str)
def test_every_command_reads_the_past_cleanly(day: dt.date, tmp_path: Path, shared_cache: str) -> None:
    """Each command as of each date exits 0 or with one clean line, and every export's references resolve."""
    from frictionless import validate

    past = as_of(_today(), day)
    assert dangling(past) == []
    env = {"AIFX_AS_OF": day.isoformat(), "XDG_CACHE_HOME": shared_cache}
    for command in _commands(past, tmp_path):
        run = aifx(*command, env=env)
        shown = f"--as-of {day} {' '.join(command)}"
        assert run.code == 0 or (run.code == 1 and run.err.count("\n") == 1 and run.err.startswith("aifx: ")), (
            shown,
            run.code,
            run.err,
        )
        assert "Traceback" not in run.err, shown
    document = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    for source in document["sources"]:
        source.pop("official")  # computed from kind, not data
    for item in (*document["factories"], *document["initiatives"], *document["waves"], *document["bids"]):
        for claim in item.get("budget", item.get("totals", item.get("size", []))):
            claim.pop("eur")  # the claim in euros: derived, not data
    read_back = DataFile.model_validate({k: v for k, v in document.items() if k != "dataset"})
    assert list(check([("all.json", read_back)], today=dt.date.max)) == []
    assert len(read_back.factories) == len(past.factories) and len(read_back.systems) == len(past.systems)
    with sqlite3.connect(tmp_path / "all.sqlite") as db:
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    report = validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]
    feed = feedparser.parse((tmp_path / "feed.atom").read_text(encoding="utf-8"))
    assert not feed.bozo and all(e.updated[:10] <= day.isoformat() for e in feed.entries)


def test_the_grid_covers_the_whole_span_and_every_start() -> None:
    """The dates run from the first wave's announcement to today and include each wave's and antennas' first day."""
    assert len(DATES) >= 40 and PAIRS >= 40 * COMMANDS
    assert DATES[0] == _first() and DATES[-1] == _last() >= dt.date.today()
    assert {w.announced for w in _today().waves.values()} <= set(DATES)


def test_a_record_not_there_yet_is_a_clean_not_found() -> None:
    """`--as-of` before a record's selection: `show ID` is one line naming it, exit 1, no traceback."""
    latest = max(_today().factories.values(), key=lambda f: f.selected or dt.date.min)
    assert latest.selected is not None
    run = aifx("--as-of", (latest.selected - dt.timedelta(days=1)).isoformat(), "show", latest.id, "--sources")
    assert run.code == 1
    assert run.err.count("\n") == 1 and latest.id in run.err

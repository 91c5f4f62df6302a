"""`aifx changes`: what the data learned between two dates, by --as-of's rule, on a fixture whose every change is
known (tests/fixtures/changes/README.md) and on the shipped data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aifx.core.changes import CHANGES, Change, changes, daily
from aifx.core.differences import REMOVED, diff
from aifx.core.history import as_of
from aifx.dataset.catalog import COLLECTIONS, Catalog
from aifx.dataset.loader import load
from conftest import FIXTURES, aifx

HERE = FIXTURES / "changes"
SINCE, UNTIL = dt.date(2025, 6, 1), dt.date(2025, 12, 31)
WINDOW = ["--since", "2025-06-01", "--until", "2025-12-31"]


@cache
def _fixture() -> Catalog:
    return load(HERE, cache=False)


def _learned(since: dt.date = SINCE, until: dt.date = UNTIL) -> list[Change]:
    return changes(_fixture(), since, until)


def _row(c: Change) -> tuple[str, str, str, str | None, str | None, str | None]:
    return (c.date.isoformat(), c.record, c.change, c.field, c.old, c.new)


def _run(*args: str) -> tuple[int, str, str]:
    run = aifx("--data", str(HERE), "changes", *args)
    return run.code, run.out, run.err


def test_changes_list_what_the_data_learned_in_the_window_and_nothing_else() -> None:
    """Every change of the fixture's window, each on the day it became known; nothing known before is repeated."""
    shown = {_row(c) for c in _learned() if c.kind != "source"}
    assert shown == {
        ("2025-06-10", "SYS-X", "added", None, None, "System X"),
        ("2025-06-10", "SYS-X", "claim", "performance (FP64-HPL, planned)", None, "50 PFLOPS FP64-HPL (planned)"),
        ("2025-06-10", "FAC-A", "changed", "supercomputer.systems", None, "SYS-X"),
        ("2025-06-12", "FAC-A", "claim", "budget (national share, CZ)", None, "CZK 500 million (≈ €20.2 million)"),
        ("2025-06-15", "FAC-A", "claim", "budget", "€100 million", "€120 million"),
        ("2025-06-15", "FAC-A", "changed", "verification", "reported", "confirmed"),
        ("2025-06-15", "FAC-A", "cited", "sources", None, None),
        ("2025-06-15", "FAC-A", "cited", "supercomputer", None, None),
        ("2025-06-20", "FAC-A", "status", "status", "selected", "operational"),
        ("2025-06-20", "fac-a-operational", "added", None, None, "Alpha AI Factory opens"),
        ("2025-07-01", "ANT-B", "added", None, None, "Beta Antenna"),
        ("2025-08-01", "FAC-A", "cited", "budget", None, "€90 million"),
        ("2025-09-01", "INIT-C", "added", None, None, "Gamma Initiative"),
    }
    assert not any(c.record in ("wave-1", "fac-a-contract") for c in _learned())  # known before the window


def test_a_changed_claim_reads_old_to_new_with_the_sources_that_changed_it() -> None:
    """The preferred €120 million replaces the €100 million headline, because of the official source alone."""
    (claim,) = [c for c in _learned() if c.change == "claim" and c.field == "budget"]
    assert (claim.old, claim.new, claim.sources) == ("€100 million", "€120 million", ("official-alpha",))
    assert claim.old_value["value"] == 100 and claim.new_value["rank"] == "preferred"


def test_money_in_another_currency_is_shown_in_euros_too() -> None:
    """A claim in koruna carries its euro value, converted at the ECB rate of its source's date, text and data."""
    (claim,) = [c for c in _learned() if c.field == "budget (national share, CZ)"]
    assert claim.new is not None and claim.new.startswith("CZK 500 million (≈ €")
    eur = claim.new_value["eur"]
    assert eur["converted"] and eur["rate_date"] <= "2025-06-12" and 15 < eur["eur_m"] < 25


def test_a_status_change_names_the_event_that_set_it() -> None:
    """FAC-A goes from 'selected' (no status event yet) to 'operational' with the event's date and sources."""
    (status,) = [c for c in _learned() if c.change == "status"]
    assert (status.old, status.new, status.event, status.sources) == (
        "selected",
        "operational",
        "fac-a-operational",
        ("news-event",),
    )


def test_new_sources_are_changes_too_with_the_items_they_concern() -> None:
    """Every source first public in the window is a new source, concerning the items that cite it."""
    sources = {c.record: c for c in _learned() if c.kind == "source"}
    assert set(sources) == {
        "vendor-sys",
        "czech-daily",
        "official-alpha",
        "news-event",
        "eurohpc-antennas",
        "news-later",
        "blog-init",
    }
    assert set(sources["official-alpha"].about) == {"official-alpha", "FAC-A"}
    assert sources["eurohpc-antennas"].countries == ("EE",)


def test_both_ends_of_the_window_are_included() -> None:
    """A change on --since or on --until is in the window; the day after --until or before --since is not."""
    day = dt.date(2025, 6, 20)
    assert "status" in {c.change for c in _learned(day, day)}
    assert "status" not in {c.change for c in _learned(day + dt.timedelta(days=1), UNTIL)}
    assert "status" not in {c.change for c in _learned(SINCE, day - dt.timedelta(days=1))}


def test_changes_are_the_difference_of_the_catalog_as_known_on_each_date() -> None:
    """The rule is --as-of's, literally: the catalog the day before --since compared with it on --until."""
    eve = SINCE - dt.timedelta(days=1)
    assert _learned() == diff(as_of(_fixture(), eve), as_of(_fixture(), UNTIL), then=eve, on=UNTIL)


def test_keys_are_unique_and_the_same_on_every_run() -> None:
    """Each change has its own key, and a second run gives the same keys."""
    keys = [c.key for c in _learned()]
    assert len(set(keys)) == len(keys) and keys == [c.key for c in _learned()]


def test_diff_reports_an_item_and_a_fact_gone() -> None:
    """Compared the other way round, the later catalog's new items and claims read as removed."""
    gone = diff(as_of(_fixture(), UNTIL), as_of(_fixture(), SINCE), then=UNTIL, on=SINCE)
    removed = {(c.record, c.field) for c in gone if c.change == REMOVED}
    assert {("ANT-B", None), ("SYS-X", None), ("FAC-A", "budget")} <= removed


@cache
def _shipped() -> Catalog:
    from conftest import DATA

    return load(DATA, cache=False)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    since=st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)),
    days=st.integers(min_value=0, max_value=900),
)
def test_between_two_dates_nothing_known_is_ever_removed(since: dt.date, days: int) -> None:
    """Property on the shipped data: a later date only adds (a contradicted claim stays, deprecated), and every
    change is dated inside its window."""
    until = since + dt.timedelta(days=days)
    found = changes(_shipped(), since, until)
    assert not [c for c in found if c.change == REMOVED]
    assert all(since <= c.date <= until for c in found), [c for c in found if not since <= c.date <= until][:3]


def test_every_item_of_every_collection_is_new_when_counted_from_nothing() -> None:
    """From the start, each item of each collection is one 'added' change (records, systems, chips, events…)."""
    found = changes(_fixture(), None, UNTIL)
    added = sum(1 for c in found if c.change == "added")
    assert added == sum(len(getattr(_fixture(), c.name)) for c in COLLECTIONS)


def test_day_by_day_each_change_reads_against_the_day_before() -> None:
    """From nothing, one window has only the €120 million; day by day, it replaces the €100 million of February."""
    whole = [_row(c) for c in changes(_fixture(), None, UNTIL) if c.field == "budget" and c.change == "claim"]
    assert ("2025-06-15", "FAC-A", "claim", "budget", None, "€120 million") in whole
    days = [_row(c) for c in daily(_fixture(), None, UNTIL)]
    assert ("2025-06-15", "FAC-A", "claim", "budget", "€100 million", "€120 million") in days
    assert ("2025-06-20", "FAC-A", "status", "status", "selected", "operational") in days


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(since=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 12, 31)))
def test_day_by_day_adds_the_same_items_as_one_window(since: dt.date) -> None:
    """Property on the shipped data: the days of a window add exactly the items the window adds, each on its day."""
    until = _shipped().dataset.as_of if _shipped().dataset else since
    until = max(until, since)

    def added(found: list[Change]) -> set[tuple[str, str, dt.date]]:
        return {(c.kind, c.record, c.date) for c in found if c.change == "added"}

    assert added(daily(_shipped(), since, until)) == added(changes(_shipped(), since, until))


# --- what a user sees ------------------------------------------------------------------------------------------


def test_json_holds_every_change_whole() -> None:
    """One JSON object per change, with date, record, kind, change, field, old, new, sources and the values as data."""
    code, out, err = _run(*WINDOW, "--format", "json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    assert len(rows) == len(_learned())
    keys = {"id", "date", "record", "kind", "change", "field", "old", "new", "sources", "event", "old_value"}
    assert all(keys <= set(r) for r in rows)
    (claim,) = [r for r in rows if r["field"] == "budget" and r["change"] == "claim"]
    assert (claim["old"], claim["new"], claim["sources"]) == ("€100 million", "€120 million", ["official-alpha"])
    assert claim["new_value"]["eur"]["eur_m"] == 120


def test_csv_has_one_row_per_change() -> None:
    """CSV parses back to one row per change under the documented columns."""
    code, out, _ = _run(*WINDOW, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(_learned())
    assert list(rows[0]) == list(CHANGES.default)
    assert {"status", "claim", "added", "cited", "changed"} == {r["change"] for r in rows}


def test_a_terminal_groups_changes_by_record_with_numbered_sources() -> None:
    """Each record a heading with its name, its changes dated beneath, new events together, sources counted."""
    code, out, _ = _run(*WINDOW, "--format", "table")
    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Changes from 2025-06-01 to 2025-12-31: 20 changes"
    heading = next(i for i, line in enumerate(lines) if line.startswith("FAC-A ") and "Alpha AI Factory" in line)
    assert lines[heading + 1].split() == ["2025-06-10", "supercomputer.systems:", "—", "→", "SYS-X"]
    assert any(line.endswith("budget: €100 million → €120 million [2]") for line in lines)
    assert any("status: selected → operational (fac-a-operational)" in line for line in lines)
    assert "Events" in lines and "7 new sources" in out
    assert "Alpha AI Factory budget confirmed — Alpha Host Centre (official, 2025-06-15" in out


@pytest.mark.parametrize(
    ("options", "records"),
    [
        (["--record", "FAC-A"], {"FAC-A", "fac-a-operational", "czech-daily", "official-alpha", "news-later"}),
        (["--record", "alpha ai factory", "--kind", "factory"], {"FAC-A"}),
        (["--kind", "antenna,initiative"], {"ANT-B", "INIT-C"}),
        (["--change", "status"], {"FAC-A"}),
        (["--country", "EE"], {"ANT-B", "eurohpc-antennas"}),
        (["--country", "Germany", "--kind", "initiative"], {"INIT-C"}),
        (["--record", "SYS-X", "--change", "claim"], {"SYS-X"}),
    ],
)
def test_filters_choose_records_kinds_changes_and_countries(options: list[str], records: set[str]) -> None:
    """--record (any id or name, events and sources about it too), --kind, --change and --country, combined (AND)."""
    code, out, _ = _run(*WINDOW, *options, "--format", "json")
    assert code == 0
    assert {r["record"] for r in json.loads(out)} == records


def test_nothing_in_the_window_says_so_on_stderr() -> None:
    """An empty window prints no rows, and says why on stderr."""
    code, out, err = _run("--since", "2025-10-01", "--until", "2025-11-30", "--format", "plain")
    assert (code, out) == (0, "")
    assert err == "nothing changed from 2025-10-01 to 2025-11-30\n"


def test_until_defaults_to_the_as_of_date() -> None:
    """With --as-of and no --until, the window ends on the --as-of date: the antenna of July is not known yet."""
    run = aifx("--data", str(HERE), "--as-of", "2025-06-30", "changes", "--since", "2025-06", "--format", "json")
    assert run.code == 0
    assert {"SYS-X", "FAC-A"} <= {r["record"] for r in json.loads(run.out)}
    assert "ANT-B" not in run.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--since", "2025-13-01"],
            "aifx: --since: expected a date like 2025-03-12, 2025-03 or 2025, got '2025-13-01'",
        ),
        (["--since", "June"], "aifx: --since: expected a date like 2025-03-12, 2025-03 or 2025, got 'June'"),
        (["--since", "2025-07", "--until", "2025-06"], "aifx: --since 2025-07 is after --until 2025-06"),
        (["--since", "2025-06", "--until", "2025-06-31"], "aifx: --until: expected a date like"),
        (["--since", "2025-06", "--kind", "factry"], "aifx: --kind: 'factry' is not one of wave, factory"),
        (["--since", "2025-06", "--change", "moved"], "aifx: --change: 'moved' is not one of added, claim"),
        ([], "aifx changes: missing option '--since'"),
    ],
)
def test_bad_dates_and_values_are_one_line_usage_errors(args: list[str], message: str) -> None:
    """A date that is none, a window backwards or an unknown kind: exit 2, one line, nothing on stdout."""
    code, out, err = _run(*args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(message), err


def test_since_after_the_last_day_the_data_knows_is_a_usage_error() -> None:
    """Without --until, a --since after the --as-of date cannot be a window."""
    run = aifx("--data", str(HERE), "--as-of", "2025-06-30", "changes", "--since", "2025-07-01")
    assert (run.code, run.out) == (2, "")
    assert run.err == "aifx: --since 2025-07-01 is after 2025-06-30, the last day the data knows (--until)\n"


def test_changes_know_the_gigafactory_bids_and_name_their_members() -> None:
    """Bids are items like any other: their size claims are facts, their members and sites read by name."""
    run = aifx("changes", "--since", "2025-01-01", "--kind", "bid", "--format", "json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert rows and {r["kind"] for r in rows} == {"bid"}
    assert any(r["field"] and r["field"].startswith("size") for r in rows)
    assert not any("kind=<" in json.dumps(r) for r in rows)  # no model's repr in a cell

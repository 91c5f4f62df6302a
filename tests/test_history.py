"""Time: stored and derived events, their rules, `aifx timeline`, and the dataset as known on a date (--as-of)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from aifx.core.history import as_of, derived, status_on, timeline
from aifx.dataset.catalog import Catalog
from conftest import DATA, aifx


def _with_event(tmp_path: Path, block: str) -> Path:
    """A copy of the shipped data with one more event appended to events.yaml."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    events = data / "events.yaml"
    events.write_text(events.read_text(encoding="utf-8") + block, encoding="utf-8")
    return data


def _event(**fields: str) -> str:
    base = {
        "id": "test-event",
        "date": "2025-05-05",
        "precision": "day",
        "kind": "other",
        "title": "A test event",
        "records": "[MIMER]",
        "verification": "reported",
        "sources": "[naiss-2024-12-10-sweden-wins]",
    } | fields
    return "- " + "\n  ".join(f"{k}: {v}" for k, v in base.items()) + "\n"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"records": "[MIMR]"}, "'MIMR' is not a record id, system id or wave-N"),
        ({"records": "[mimer]"}, "(write it as 'MIMER')"),
        ({"records": "[wave-9]"}, "there is no wave 9"),
        ({"sources": "[naiss-2024-12-10-sweden-win]"}, "did you mean"),
        ({"date": "2099-01-01"}, "is in the future"),
        ({"date": "2025-03-12", "precision": "month"}, "month-precision date is written as the 1st"),
        ({"date": "2025-03-01", "precision": "year"}, "year-precision date is written as 1 January"),
        ({"kind": "selection"}, "selection events come from waves' 'announced'"),
        ({"kind": "calling"}, "kind"),
        ({"id": "gefion-announced"}, "duplicate event id 'gefion-announced'"),
        ({"id": "wave-1-selected"}, "duplicate event id 'wave-1-selected' (ids of derived events included)"),
        ({"status": "closed"}, "MIMER's latest status event says 'closed' but the record says"),
        ({"verification": "confirmed", "sources": "[gixtools-2024-12-sweden-mimer]"}, "needs at least one official"),
    ],
)
def test_an_event_that_breaks_a_rule_is_refused_at_its_line(
    tmp_path: Path, fields: dict[str, str], message: str
) -> None:
    """Unknown records and sources, future dates, precision, stored selections, ids and status are all checked."""
    data = _with_event(tmp_path, _event(**fields))
    run = aifx("--data", str(data), "data", "validate")
    assert run.code == 1
    assert message in run.err
    assert "events.yaml:" in run.err


def test_an_event_restating_a_records_own_date_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    """One source of truth: a launch on an initiative's 'announced' date repeats what the timeline derives."""
    initiative = next(r for r in catalog.initiatives.values() if r.announced is not None)
    block = _event(kind="launch", date=initiative.announced.isoformat(), records=f"[{initiative.id}]")  # type: ignore[union-attr]
    run = aifx("--data", str(_with_event(tmp_path, block)), "data", "validate")
    assert run.code == 1
    assert f"repeats {initiative.id}'s 'announced' date" in run.err


def test_derived_events_come_from_the_records_dates(catalog: Catalog) -> None:
    """Each wave's announcement, each antenna selection day and each dated initiative appears exactly once."""
    entries = list(derived(catalog))
    waves = [e for e in entries if e.id.startswith("wave-")]
    assert [(e.date, e.records[0]) for e in waves] == [(w.announced, f"wave-{n}") for n, w in catalog.waves.items()]
    antennas = {f.id for f in catalog.factories.values() if f.kind.value == "antenna"}
    assert {r for e in entries if e.id.startswith("antennas-") for r in e.records} == antennas
    dated = {r.id for r in catalog.initiatives.values() if r.announced}
    assert {e.records[0] for e in entries if e.id.endswith("-announced")} == dated


def test_the_timeline_is_in_date_order_and_every_event_has_a_source(catalog: Catalog) -> None:
    """Stored and derived events are merged oldest first, each citing sources that exist."""
    entries = timeline(catalog)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert all(e.sources and all(s in catalog.sources for s in e.sources) for e in entries)


@pytest.mark.parametrize(("date", "count"), [("2025-01-01", 7), ("2025-06-01", 13)])
def test_as_of_a_date_lists_what_was_selected_by_then(date: str, count: int) -> None:
    """`--as-of 2025-01-01 list` shows the 7 first-wave factories; on 2025-06-01, 13 (waves 1 and 2)."""
    run = aifx("--as-of", date, "list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert run.code == 0
    assert len(rows) == count
    assert {r["kind"] for r in rows} == {"factory"}


def test_as_of_the_day_before_the_antennas_were_chosen_lists_none() -> None:
    """`--as-of 2025-10-12 list --kind antenna` finds no antenna; the next day all of them exist."""
    before = aifx("--as-of", "2025-10-12", "list", "--kind", "antenna", "--format", "json")
    after = aifx("--as-of", "2025-10-13", "list", "--kind", "antenna", "--format", "json")
    assert json.loads(before.out) == []
    assert len(json.loads(after.out)) == 13


def test_as_of_also_reads_the_environment() -> None:
    """AIFX_AS_OF works like --as-of."""
    run = aifx("list", "--format", "json", env={"AIFX_AS_OF": "2025-01-01"})
    assert len(json.loads(run.out)) == 7


def test_as_of_keeps_only_claims_a_public_source_supported(catalog: Catalog) -> None:
    """A claim counts on a date only when one of its sources was published by then (undated: when retrieved)."""
    on = as_of(catalog, __import__("datetime").date(2025, 1, 1))
    for record in on.factories.values():
        for claim in record.budget:
            if claim.sources:
                assert claim.sources
                assert all(s in on.sources for s in claim.sources)
                assert all(
                    (catalog.sources[s].published or catalog.sources[s].retrieved).isoformat() <= "2025-01-01"
                    for s in claim.sources
                )
    assert all(e.date.isoformat() <= "2025-01-01" for e in on.events.values())


def test_a_status_is_the_latest_status_event_by_then(catalog: Catalog) -> None:
    """IT4LIA turned operational at its launch: selected the day before, operational that day."""
    launch = next(e for e in catalog.events.values() if e.status == "operational" and "IT4LIA" in e.records)
    record = catalog.factories["IT4LIA"]
    assert status_on(record, catalog, launch.date) == "operational"
    assert status_on(record, catalog, launch.date.replace(day=launch.date.day - 1)) == "selected"


def test_a_bad_as_of_date_is_a_usage_error() -> None:
    """An impossible --as-of is exit 2 with one line naming the option."""
    run = aifx("--as-of", "2025-13-01", "list")
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert "--as-of" in run.err


def test_about_as_of_states_the_rule_for_undated_sources() -> None:
    """`aifx --as-of DATE about` says how undated sources count."""
    run = aifx("--as-of", "2025-06-01", "about", "--format", "json")
    rule = json.loads(run.out)["as_of_rule"]
    assert "no publication date counts from the day it was retrieved" in rule


def test_timeline_filters_by_window_kind_record_and_country(catalog: Catalog) -> None:
    """--since/--until bound the dates, --kind, --record and --country narrow the events."""
    run = aifx("timeline", "--since", "2025-03", "--until", "2025-10", "--format", "json")
    entries = json.loads(run.out)
    assert entries
    assert all("2025-03-01" <= e["date"] <= "2025-10-31" for e in entries)
    assert any(e["kind"] == "claim" for e in entries)  # figures first published in the window are news
    regulation = json.loads(aifx("timeline", "--kind", "regulation", "--format", "json").out)
    assert regulation
    assert {e["kind"] for e in regulation} == {"regulation"}
    lumi = json.loads(aifx("timeline", "--record", "lumi-af", "--format", "json").out)
    assert lumi
    assert all("LUMI-AF" in e["records"] for e in lumi)
    spain = json.loads(aifx("timeline", "--country", "Spain", "--format", "json").out)
    assert spain
    assert all("ES" in e["countries"] for e in spain)
    wave = json.loads(aifx("timeline", "--record", "wave 2", "--format", "json").out)
    assert [e["id"] for e in wave if e["derived_from"]] == ["wave-2-selected"]


def test_timeline_json_is_complete_and_csv_parses(catalog: Catalog) -> None:
    """Every event and derived event is in the JSON with all its fields; CSV has one row per event."""
    entries = json.loads(aifx("timeline", "--format", "json").out)
    assert len(entries) == len(timeline(catalog))
    assert set(entries[0]) >= {"id", "date", "precision", "kind", "title", "records", "sources", "derived_from"}
    rows = list(csv.DictReader(io.StringIO(aifx("timeline", "--format", "csv").out)))
    assert len(rows) == len(entries)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--since", "2025-10", "--until", "2025-03"], "is after --until"),
        (["--kind", "launches"], "did you mean launch"),
        (["--record", "LUMI-XX"], "no record 'LUMI-XX'"),
        (["--record", "wave 7"], "there is no wave 7"),
        (["--since", "yesterday"], "--since: expected a date"),
    ],
)
def test_timeline_bad_options_are_usage_errors(args: list[str], message: str) -> None:
    """A wrong window, kind, record or date is one line on stderr and a non-zero exit."""
    run = aifx("timeline", *args)
    assert run.code in (1, 2)
    assert message in run.err
    assert run.out == ""


def test_show_has_a_timeline_section_oldest_first(catalog: Catalog) -> None:
    """`aifx show LUMI-AF` lists the record's events in date order, with their sources numbered."""
    run = aifx("show", "LUMI-AF", "--format", "json")
    events = json.loads(run.out)["timeline"]
    assert [e["id"] for e in events] == [e.id for e in timeline(catalog) if "LUMI-AF" in e.records]
    assert events[0]["date"] <= events[-1]["date"]
    text = aifx("show", "LUMI-AF", "--format", "plain").out
    assert "\nTimeline\n" in text


def test_search_finds_event_titles() -> None:
    """`aifx search` covers event titles: the Grand Challenge is found as an event."""
    hits = json.loads(aifx("search", "grand challenge", "--kind", "event", "--format", "json").out)
    assert hits
    assert all(h["kind"] == "event" for h in hits)


@pytest.mark.parametrize("width", [80, 120])
def test_a_terminal_timeline_is_grouped_by_month_and_fits(width: int) -> None:
    """On a terminal the timeline reads by month, each event with numbered sources, no line wider than the screen."""
    run = aifx("timeline", "--since", "2025-03", "--until", "2025-05", "--format", "table", env={"COLUMNS": str(width)})
    lines = run.out.splitlines()
    assert {"March 2025", "April 2025", "May 2025"} <= {line.strip() for line in lines}
    assert all(len(line) <= width for line in lines)
    stripped = [line.strip() for line in lines]
    assert "Sources" in stripped
    assert any(line.startswith("[1] ") for line in stripped)

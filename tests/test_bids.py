"""The AI gigafactory race: a bid's rules, its listing and card, its sites on the map, its chips in compute (never
added to anything), its country's card, and its stages through time."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from aifx.core.bids import BIDS, count, headline, planned
from aifx.core.equivalents import Basis
from aifx.core.history import as_of, status_on
from aifx.dataset.catalog import Catalog
from aifx.dataset.loader import load
from aifx.dataset.models import CHIPS, Bid, Event
from aifx.present.maps import BID, bid_sites
from conftest import DATA, aifx

SOURCE = "eunews-2025-06-30-gigafactories-interest"  # shipped, news, published 2025-06-30
# Two bids in Malta, where no real bid is: one endorsed with a named chip, one merged into it.
FIXTURE = f"""\
bids:
- id: TEST-BID
  name: Test gigafactory bid
  countries: [MT]
  sites:
  - place: Valletta
    country: MT
    coordinates: {{lat: 35.9, lon: 14.51}}
    sources: [{SOURCE}]
  - place: Gozo
    country: MT
    sources: [{SOURCE}]
  members:
  - {{name: Test Telecom, kind: company, role: lead, country: MT, sources: [{SOURCE}]}}
  - {{name: Government of Malta, kind: government, role: supporter, country: MT, sources: [{SOURCE}]}}
  size:
  - {{value: 2000, currency: EUR, qualifier: about, rank: preferred, sources: [{SOURCE}]}}
  - {{value: 50000, unit: chips, rank: preferred, sources: [{SOURCE}]}}
  - {{value: 120, unit: MW, sources: [{SOURCE}]}}
  accelerator: NVIDIA H100 SXM
  chip: H100-SXM
  stage: endorsed
  verification: reported
  sources: [{SOURCE}]
- id: TEST-BID-TWO
  name: Second test gigafactory bid
  countries: [MT]
  size:
  - {{value: 30000, unit: chips, sources: [{SOURCE}]}}
  stage: merged
  merged_into: TEST-BID
  verification: reported
  sources: [{SOURCE}]
events:
- id: test-bids-eoi
  date: 2025-07-01
  kind: bid
  title: Both test bids file expressions of interest
  records: [TEST-BID, TEST-BID-TWO]
  status: eoi-submitted
  verification: reported
  sources: [{SOURCE}]
- id: test-bid-endorsed
  date: 2025-09-01
  kind: bid
  title: Malta backs the test bid
  records: [TEST-BID]
  status: endorsed
  verification: reported
  sources: [{SOURCE}]
- id: test-bid-two-merged
  date: 2025-10-01
  kind: bid
  title: The second test bid joins the first
  records: [TEST-BID-TWO]
  status: merged
  verification: reported
  sources: [{SOURCE}]
"""


def _data(tmp_path: Path, text: str = FIXTURE) -> Path:
    """The shipped data plus the test bids and their events, in a file of their own."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    (data / "test-bids.yaml").write_text(text, encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def fixture_catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The shipped data with the test bids, loaded once."""
    return load(_data(tmp_path_factory.mktemp("bids")))


def _bid(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": "X-BID",
        "name": "A bid",
        "countries": ["MT"],
        "stage": "announced",
        "verification": "reported",
        "sources": [SOURCE],
    }
    return base | changes


# --- the model's rules -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sites": [{"place": "Rome", "country": "IT", "sources": [SOURCE]}]}, "lies in a country the bid does not"),
        ({"countries": ["MT", "MT"]}, "listed twice"),
        ({"size": [{"value": 5, "sources": [SOURCE]}]}, "no currency or unit"),
        ({"size": [{"value": 5, "unit": "GPUs", "sources": [SOURCE]}]}, "unit 'GPUs'"),
        ({"size": [{"value": 5, "unit": "chips", "scope": "eu_share", "sources": [SOURCE]}]}, "scope total or other"),
        ({"chip": "H100-SXM"}, "give accelerator first"),
        ({"stage": "merged"}, "names the bid it joined"),
        ({"merged_into": "OTHER"}, "only a merged one"),
        ({"stage": "merged", "merged_into": "X-BID"}, "merged into itself"),
        ({"members": [{"name": "A", "kind": "company", "role": "lead", "sources": []}]}, "at least 1 item"),
        ({"stage": "shortlisted"}, "stage"),
    ],
)
def test_a_bid_that_breaks_a_rule_is_refused(changes: dict[str, Any], message: str) -> None:
    """Sites lie in the bid's countries, size counts money, chips or MW, a chip needs its model, merged names a bid."""
    with pytest.raises(ValidationError, match=message):
        Bid.model_validate(_bid(**changes))


def test_a_valid_bid_holds_its_parts() -> None:
    """Money, chips and MW claims, a named chip and a merge target are all a bid may carry."""
    bid = Bid.model_validate(
        _bid(
            size=[
                {"value": 3, "high": 5, "currency": "EUR", "sources": [SOURCE]},
                {"value": 100000, "unit": "chips", "qualifier": "over", "sources": [SOURCE]},
                {"value": 150, "unit": "MW", "sources": [SOURCE]},
            ],
            accelerator="NVIDIA H100",
            chip="H100-SXM",
            stage="merged",
            merged_into="OTHER-BID",
        )
    )
    assert [c.unit or c.currency for c in bid.size] == ["EUR", "chips", "MW"]


def test_a_bid_event_names_the_stage_reached() -> None:
    """An event of kind bid carries a stage in status; anything else is refused."""
    event = {"id": "e", "date": "2025-07-01", "kind": "bid", "title": "t", "records": ["X"], "verification":
             "reported", "sources": [SOURCE]}  # fmt: skip
    with pytest.raises(ValidationError, match="names the stage reached"):
        Event.model_validate(event)
    with pytest.raises(ValidationError, match="names the stage reached"):
        Event.model_validate(event | {"status": "operational"})
    assert Event.model_validate(event | {"status": "endorsed"}).status == "endorsed"


# --- rules across records ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  stage: endorsed\n", "  stage: consortium\n", "TEST-BID's latest bid event says 'endorsed'"),
        ("  merged_into: TEST-BID\n", "  merged_into: TEST-BIDD\n", "'TEST-BIDD' is not a bid id"),
        ("  chip: H100-SXM\n", "  chip: H100-SMX\n", "'H100-SMX' is not a chip id"),
        ("  name: Second test gigafactory bid", "  name: HammerHAI", "'HammerHAI' is already used by HAMMERHAI"),
        ("  sources: [eunews-2025-06-30-gigafactories-interest]\n- id: TEST-BID-TWO",
         "  sources: [nope-source]\n- id: TEST-BID-TWO", "unknown source 'nope-source'"),
        ("  kind: bid\n  title: Malta backs", "  kind: funding\n  title: Malta backs",
         "TEST-BID is a bid: its stage changes in an event of kind bid"),
        ("  records: [TEST-BID-TWO]\n  status: merged", "  records: [HAMMERHAI]\n  status: merged",
         "a bid event names the bid"),
        ("  - {value: 120, unit: MW,", "  - {value: 2100, currency: EUR, rank: preferred,",
         "a second preferred total money claim"),
    ],
)  # fmt: skip
def test_a_bid_that_breaks_a_rule_across_records_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    """A bid's stage is its latest bid event's; references, ids, sources and preferred claims are checked."""
    assert old in FIXTURE
    run = aifx("--data", str(_data(tmp_path, FIXTURE.replace(old, new, 1))), "data", "validate")
    assert run.code == 1
    assert message in run.err, run.err


def test_a_bid_with_no_bid_event_is_refused(tmp_path: Path) -> None:
    """Every stage is dated: a bid no bid event names is an error saying what to add."""
    text = FIXTURE.replace("  records: [TEST-BID-TWO]\n  status: merged", "  records: [TEST-BID]\n  status: merged")
    text = text.replace("  records: [TEST-BID, TEST-BID-TWO]", "  records: [TEST-BID]")
    run = aifx("--data", str(_data(tmp_path, text)), "data", "validate")
    assert run.code == 1
    assert "no bid event dates TEST-BID-TWO's stage" in run.err


def test_the_shipped_data_validates_with_the_fixture(fixture_catalog: Catalog) -> None:
    """The fixture is valid: both bids load, with their stages."""
    assert {b: fixture_catalog.bids[b].stage.value for b in ("TEST-BID", "TEST-BID-TWO")} == {
        "TEST-BID": "endorsed",
        "TEST-BID-TWO": "merged",
    }


# --- sizes, stages and the listing -------------------------------------------------------------------------------


def test_sizes_read_as_euros_and_spans(fixture_catalog: Catalog) -> None:
    """The headline is the preferred money claim in euros; chips and MW are spans, alternatives never summed."""
    bid = fixture_catalog.bids["TEST-BID"]
    money = headline(bid, fixture_catalog)
    assert money is not None and money.low == 2000 and money.text == "~ €2 billion"
    chips = count(bid, CHIPS)
    assert chips is not None and (chips.low, chips.high) == (50000, 50000)
    assert planned(bid, fixture_catalog, Basis.bf16).h100e == chips  # an H100 is one H100-equivalent


def test_a_converted_size_shows_its_rate(catalog: Catalog) -> None:
    """A bid stated in crowns reads in euros, converted at the ECB rate of its source's date, marked ≈."""
    money = headline(catalog.bids["CZ-AIGF"], catalog)
    assert money is not None and money.converted and money.text.startswith("≈ €")
    card = aifx("show", "CZ-AIGF").out
    assert "CZK 90 billion at the ECB rate of" in card


def test_gigafactories_lists_every_bid_with_its_stage() -> None:
    """The default listing: one row per bid, its countries, investment, chips and stage."""
    run = aifx("gigafactories", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert run.code == 0 and len(rows) >= 15
    assert list(rows[0]) == list(BIDS.default)
    baltic = next(r for r in rows if r["id"] == "BALTIC-AIGF")
    assert baltic["countries"] == "PL; LT; LV; EE; CZ" and baltic["stage"] == "consortium"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--country", "CZ"], {"CZ-AIGF", "BALTIC-AIGF"}),  # a bid in several countries counts for each
        (["--country", "PT", "--stage", "announced"], {"IBERDROLA-AIGF"}),
        (["--stage", "consortium,endorsed", "--country", "ES,PT"], {"ES-AIGF", "PT-AIGF"}),
        (["--verification", "confirmed", "--country", "DE"], {"DE-IONOS", "DE-SCHWARZ", "SOVEREIGN-AI-GRID"}),
        (["--where", "chips >= 100000", "--country", "DE"], {"DE-TELEKOM", "DE-IONOS", "BLUE-SWAN"}),
        (["--where", "investment > 9000"], {"AION"}),  # €8–10 billion is not certainly over 9,000
    ],
)
def test_gigafactories_filters_combine(args: list[str], expected: set[str]) -> None:
    """--country, --stage, --verification and --where each narrow the list; JSON gives whole bids."""
    run = aifx("gigafactories", *args, "--format", "json")
    assert run.code == 0, run.err
    found = json.loads(run.out)
    assert {b["id"] for b in found} == expected
    assert all("members" in b and "sites" in b and "size" in b for b in found)


def test_gigafactories_sorts_limits_and_chooses_columns() -> None:
    """--sort orders money by its euro value, --limit cuts, --columns chooses; JSON keys follow the columns."""
    run = aifx("gigafactories", "--sort", "investment:desc", "--limit", "2", "--columns", "id,investment",
               "--format", "json")  # fmt: skip
    rows = json.loads(run.out)
    assert [r["id"] for r in rows] == ["AION", "DE-TELEKOM"]
    assert set(rows[0]) == {"id", "investment"}  # and investment holds every size claim, as in the full JSON
    assert next(c["eur"]["eur_m"] for c in rows[0]["investment"] if c["currency"]) == 10000


def test_gigafactories_refuses_what_it_does_not_know() -> None:
    """An unknown stage or column is a usage error (exit 2); a filter that finds nothing says so on stderr."""
    bad = aifx("gigafactories", "--stage", "shortlisted")
    assert bad.code == 2 and "--stage" in bad.err
    assert aifx("gigafactories", "--columns", "id,budget").code == 2
    none = aifx("gigafactories", "--country", "MT")
    assert none.code == 0 and none.out == "" and "no gigafactory bids match" in none.err


# --- the card ----------------------------------------------------------------------------------------------------


def test_the_card_shows_members_sites_size_stages_and_sources() -> None:
    """`aifx show ES-AIGF`: members by role, sites, money in euros, stages as a timeline, numbered sources."""
    run = aifx("show", "ES-AIGF")
    assert run.code == 0
    text = run.out
    for part in (
        "lead: Telefónica",
        "San Fernando de Henares: Spain (ES)",
        "headline: > €4 billion",
        "stage eoi-submitted: Spain files",
        "stage consortium: Spain and Portugal",
        "[1] ",
    ):
        assert part in text, part  # fmt: skip
    assert aifx("gigafactories", "ES-AIGF").out == text  # the same card either way


def test_the_card_json_carries_stages_and_the_derived_chips(tmp_path: Path) -> None:
    """The card's JSON has every field, the dated stages, and H100e marked derived where the chip is named."""
    card = json.loads(aifx("--data", str(_data(tmp_path)), "show", "bid:test-bid", "-f", "json").out)
    assert [s["stage"] for s in card["stages"]] == ["eoi-submitted", "endorsed"]
    assert card["h100e_detail"]["derived"] is True and card["h100e_detail"]["bf16"]["low"] == 50000
    assert card["size"][0]["eur"]["eur_m"] == 2000


def test_an_unknown_bid_gets_a_did_you_mean() -> None:
    """A mistyped bid id is a clean error (exit 1) naming the closest bid."""
    run = aifx("gigafactories", "BALTIC-AIGG")
    assert run.code == 1 and "BALTIC-AIGF" in run.err


def test_search_finds_a_bid_by_its_members_and_sites() -> None:
    """A member's or a site's name finds the bid, which aifx show opens."""
    hits = json.loads(aifx("search", "Telefonica", "--kind", "bid", "-f", "json").out)
    assert hits[0]["id"] == "ES-AIGF" and hits[0]["field"] == "member"
    assert json.loads(aifx("search", "Schweinfurt", "-f", "json").out)[0]["id"] == "BLUE-SWAN"


# --- the map, compute and the country card -----------------------------------------------------------------------


def test_a_bids_sites_are_placed_and_the_rest_named(fixture_catalog: Catalog) -> None:
    """Located sites become markers (one key each), sites without coordinates and bids with none are named."""
    test_bids = [fixture_catalog.bids["TEST-BID"], fixture_catalog.bids["TEST-BID-TWO"]]
    shown, missing = bid_sites(test_bids)
    assert [(s.id, s.city, s.symbol) for s in shown] == [("TEST-BID", "Valletta", BID)]
    assert missing == ["TEST-BID: Gozo", "TEST-BID-TWO (MT)"]


def test_the_map_draws_bids_as_a_layer_of_their_own(tmp_path: Path) -> None:
    """`aifx map --kind bid` draws rings with their legend; SVG markers say kind bid; each bid is labelled once."""
    text = aifx("--data", str(_data(tmp_path)), "map", "--kind", "bid", "--labels", env={"COLUMNS": "120"}).out
    assert BID in text and "AI gigafactory bid site" in text and "TEST-BID-TWO (MT)" in text
    assert "●" not in text  # no factory unless asked for
    svg = aifx("map", "--kind", "factory,bid", "--format", "svg").out
    assert 'data-kind="bid"' in svg and 'data-kind="factory"' in svg
    assert svg.count(">BALTIC-AIGF</text>") == 1


def test_compute_keeps_each_bids_chips_apart(tmp_path: Path) -> None:
    """Each bid's chips are a row of their own, state bid, never added to another bid or to systems; in H100e
    where the chip is named; left out when only systems are asked about."""
    data = str(_data(tmp_path))
    rows = json.loads(aifx("--data", data, "compute", "--country", "MT", "-f", "json").out)
    bids = [r for r in rows if r["state"] == "bid"]
    assert sorted((r["measure"], r["low"]) for r in bids) == [
        ("TEST-BID-TWO", 30000), ("TEST-BID: NVIDIA H100 SXM", 50000)
    ]  # fmt: skip
    h100e = json.loads(aifx("--data", data, "compute", "--unit", "h100e", "-c", "MT", "-f", "json").out)
    assert [(r["measure"], r["low"]) for r in h100e if r["state"] == "bid"] == [("TEST-BID: H100e bf16", 50000)]
    for leave_out in (["--status", "planned"], ["--no-bids"], ["--kind", "other"]):
        rows = json.loads(aifx("--data", data, "compute", "-c", "MT", *leave_out, "-f", "json").out)
        assert not any(r["state"] == "bid" for r in rows), leave_out


def test_the_country_card_lists_its_bids() -> None:
    """`aifx country DE` lists the German bids with their stages; JSON names them."""
    text = aifx("country", "DE", "-f", "plain").out
    assert "Gigafactory bids" in text and "BLUE-SWAN: Blue Swan" in text and "stage eoi-submitted" in text
    card = json.loads(aifx("country", "CZ", "-f", "json").out)
    assert {"CZ-AIGF", "BALTIC-AIGF"} <= set(card["bids"])


# --- through time ------------------------------------------------------------------------------------------------


def test_a_bid_rewinds_to_the_stage_it_had(fixture_catalog: Catalog) -> None:
    """Before its first bid event a bid is not there; then it has the stage of its latest event by that day."""
    assert "TEST-BID" not in as_of(fixture_catalog, dt.date(2025, 6, 30)).bids
    july = as_of(fixture_catalog, dt.date(2025, 7, 15))
    assert july.bids["TEST-BID"].stage.value == "eoi-submitted"
    assert july.bids["TEST-BID-TWO"].stage.value == "eoi-submitted" and july.bids["TEST-BID-TWO"].merged_into is None
    autumn = as_of(fixture_catalog, dt.date(2025, 10, 2))
    assert autumn.bids["TEST-BID-TWO"].merged_into == "TEST-BID"


def test_a_bid_events_status_is_never_another_records_status(catalog: Catalog) -> None:
    """The Finnish bid's 'endorsed' event also names AIGF-EOI; the programme's status is not 'endorsed' for it."""
    event = catalog.events["fi-backs-nokia-gigafactory-bid"]
    assert "AIGF-EOI" in event.records and event.status == "endorsed"
    assert status_on(catalog.initiatives["AIGF-EOI"], catalog, dt.date(2025, 7, 5)) != "endorsed"


def test_as_of_rewinds_the_listing() -> None:
    """`aifx --as-of 2025-07-01 gigafactories` shows the race as it stood: the Baltic bid at its first stage."""
    rows = json.loads(aifx("--as-of", "2025-07-01", "gigafactories", "-f", "json").out)
    stages = {r["id"]: r["stage"] for r in rows}
    assert stages["BALTIC-AIGF"] == "eoi-submitted" and "SOVEREIGN-AI-GRID" not in stages


def test_curators_add_and_change_a_bids_size_claims(tmp_path: Path) -> None:
    """`aifx data add-claim BID --unit chips` appends a size claim; set-claim counts a bid's size claims."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    before = len(load(data).bids["BALTIC-AIGF"].size)
    added = aifx("data", "add-claim", "BALTIC-AIGF", "--value", "100000", "--unit", "chips", "--qualifier", "up_to",
                 "--source", "bebeez-2025-08-14-baltic-gigafactory", "--data", str(data))  # fmt: skip
    assert added.code == 0, added.err
    claims = load(data).bids["BALTIC-AIGF"].size
    assert len(claims) == before + 1 and (claims[-1].unit, claims[-1].currency) == ("chips", None)
    wrong = aifx("data", "set-claim", "BALTIC-AIGF", "99", "--note", "x", "--data", str(data))
    assert wrong.code == 2 and f"has {before + 1} size claims" in wrong.err


def test_a_bid_is_no_longer_an_initiative() -> None:
    """Bids moved out of the initiatives: an initiative of kind gigafactory-bid is refused, pointing to bids."""
    from aifx.dataset.models import Initiative

    initiative = {"id": "X", "name": "X", "kind": "gigafactory-bid", "country": "PL", "lead": None, "announced": None,
                  "hardware": None, "status": "announced", "verification": "reported", "sources": [SOURCE]}  # fmt: skip
    with pytest.raises(ValidationError, match="a record of bids"):
        Initiative.model_validate(initiative)

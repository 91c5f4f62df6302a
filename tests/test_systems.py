"""Supercomputers as sourced data: their rules, `aifx systems`, system cards, search by accelerator, `aifx compute`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import DATA, aifx

SOURCE = "eurohpc-2024-12-10-first-seven"  # a real official source of the shipped data

FIXTURE = f"""systems:
- id: TEST-ALPHA
  name: Test Alpha
  host: A test host
  country: MT
  status: operational
  accelerators:
  - model: NVIDIA GH200
    count:
    - {{value: 100, sources: [{SOURCE}]}}
    - {{value: 120, qualifier: about, sources: [{SOURCE}]}}
  performance:
  - {{value: 2, unit: EFLOPS, precision: FP8, sources: [{SOURCE}]}}
  - {{value: 9, unit: PFLOPS, precision: FP8, part: CPU module, sources: [{SOURCE}]}}
  factories: [HAMMERHAI]
  verification: confirmed
  sources: [{SOURCE}]
- id: TEST-BETA
  name: Test Beta
  host: Another host
  country: MT
  status: operational
  accelerators:
  - model: NVIDIA GH200
    count:
    - {{value: null, note: No source gives the count.}}
  performance:
  - {{value: 500, unit: PFLOPS, precision: FP8, sources: [{SOURCE}]}}
  verification: confirmed
  sources: [{SOURCE}]
- id: TEST-GAMMA
  name: Test Gamma
  host: A third host
  country: MT
  status: installing
  accelerators:
  - model: NVIDIA H100
    count:
    - {{value: 50, planned: true, sources: [{SOURCE}]}}
  verification: confirmed
  sources: [{SOURCE}]
"""


def _data(tmp_path: Path, systems: str = FIXTURE) -> Path:
    """The shipped data plus the test systems, in a file of their own (in Malta, where no real system is)."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    (data / "test-systems.yaml").write_text(systems, encoding="utf-8")
    return data


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("    - {value: 100, sources", "    - {value: 2.5, sources", "a count is a whole number"),
        ("    - {value: 100, sources", "    - {value: -1, sources", "must not be negative"),
        ("unit: EFLOPS, precision: FP8, ", "", "names its unit"),
        ("id: TEST-BETA", "id: MIMER", "'MIMER' is already used by MIMER"),
        ("factories: [HAMMERHAI]", "factories: [HAMERHAI]", "'HAMERHAI' is not a record id"),
        (
            f"  sources: [{SOURCE}]\n- id: TEST-BETA",
            "  sources: [nope-source]\n- id: TEST-BETA",
            "unknown source 'nope-source'",
        ),
        ("status: installing", "status: building", "status"),
    ],
)
def test_a_system_that_breaks_a_rule_is_refused(tmp_path: Path, old: str, new: str, message: str) -> None:
    """Counts are whole and non-negative, performance has unit and precision, references and ids are real."""
    assert old in FIXTURE
    run = aifx("--data", str(_data(tmp_path, FIXTURE.replace(old, new, 1))), "data", "validate")
    assert run.code == 1
    assert message in run.err
    assert "systems.yaml:" in run.err


def test_a_factory_names_only_systems_that_exist(tmp_path: Path) -> None:
    """A factory's supercomputer.systems must be ids in systems.yaml."""
    data = _data(tmp_path)
    factories = data / "factories.yaml"
    text = factories.read_text(encoding="utf-8")
    marker = "systems: [LUMI, LUMI-AI]"
    assert marker in text
    factories.write_text(text.replace(marker, "systems: [NO-SUCH-SYSTEM]", 1), encoding="utf-8")
    run = aifx("--data", str(data), "data", "validate")
    assert run.code == 1
    assert "'NO-SUCH-SYSTEM' is not a system id" in run.err


def test_compute_keeps_models_apart_counts_unknowns_and_shows_ranges(tmp_path: Path) -> None:
    """GH200s sum as a range (100–120, one system unknown), planned H100s apart, FP8 summed in PFLOPS only."""
    data = _data(tmp_path)
    rows = json.loads(aifx("--data", str(data), "compute", "--by", "country", "-c", "MT", "-f", "json").out)
    test_rows = [r for r in rows if r["group"] == "MT"]
    gh200 = next(r for r in test_rows if r["measure"] == "NVIDIA GH200")
    assert (gh200["low"], gh200["high"], gh200["amount"]) == (100, 120, "~ 100–120")  # "about 120" keeps its ~
    assert gh200["state"] == "in service"
    assert gh200["unknown"] == 1  # TEST-BETA has GH200s of unknown number: never counted as zero
    h100 = next(r for r in test_rows if r["measure"] == "NVIDIA H100")
    assert (h100["state"], h100["low"]) == ("planned", 50)
    fp8 = next(r for r in test_rows if r["measure"] == "FP8 PFLOPS" and r["state"] == "in service")
    assert (fp8["low"], fp8["high"], fp8["unit"]) == (2500, 2500, "PFLOPS")  # 2 EFLOPS + 500 PFLOPS, in one unit
    assert fp8["amount"] == "2,500"  # exact claims, no qualifier
    assert not any(r["measure"] == "NVIDIA GH200" and r["low"] > 120 for r in test_rows)


def test_compute_by_accelerator_counts_each_model_alone(tmp_path: Path) -> None:
    """By accelerator, every row is one model; no row adds two models."""
    rows = json.loads(aifx("--data", str(_data(tmp_path)), "compute", "--by", "accelerator", "-f", "json").out)
    assert rows
    assert all(r["group"] == "all" and r["unit"] == "accelerators" for r in rows)
    h100 = [r for r in rows if r["measure"] == "NVIDIA H100"]
    planned = [(r["low"], r["system_ids"]) for r in h100 if r["state"] == "planned"]
    assert planned == [(50, ["TEST-GAMMA"])]  # in service, the real H100 systems; planned, the test's alone


def test_search_finds_systems_by_accelerator_model(tmp_path: Path) -> None:
    """`aifx search GH200` finds the systems that have them."""
    hits = json.loads(aifx("--data", str(_data(tmp_path)), "search", "GH200", "--kind", "system", "-f", "json").out)
    assert {"TEST-ALPHA", "TEST-BETA"} <= {h["id"] for h in hits}


def test_show_a_system_and_a_factorys_system_line(tmp_path: Path) -> None:
    """`aifx show TEST-ALPHA` is the system's card; HammerHAI's card shows its system's key figures."""
    data = _data(tmp_path)
    card = json.loads(aifx("--data", str(data), "show", "test-alpha", "-f", "json").out)
    assert card["id"] == "TEST-ALPHA"
    assert card["accelerators"][0]["model"] == "NVIDIA GH200"
    factories = data / "factories.yaml"
    text = factories.read_text(encoding="utf-8")
    assert "systems: [HAMMERHAI-SYSTEM]" in text
    factories.write_text(text.replace("systems: [HAMMERHAI-SYSTEM]", "systems: [TEST-ALPHA]", 1), encoding="utf-8")
    plain = aifx("--data", str(data), "show", "HAMMERHAI", "-f", "plain").out
    assert (
        "system TEST-ALPHA: 100 / ~ 120 × NVIDIA GH200; 2 EFLOPS FP8; 9 PFLOPS FP8 (CPU module) — operational" in plain
    )


def test_systems_lists_filters_and_rejects_unknown_ids(tmp_path: Path) -> None:
    """`aifx systems` filters by status; an unknown system id is exit 1 with suggestions."""
    data = _data(tmp_path)
    rows = json.loads(aifx("--data", str(data), "systems", "--status", "installing", "-f", "json").out)
    assert "TEST-GAMMA" in {r["id"] for r in rows}
    assert all(r["status"] == "installing" for r in rows)
    run = aifx("--data", str(data), "systems", "TEST-ALPH")
    assert run.code == 1
    assert "TEST-ALPHA" in run.err


def test_a_modules_figure_is_shown_but_never_added_to_the_systems_total(tmp_path: Path) -> None:
    """TEST-ALPHA's 9 PFLOPS of its CPU module stays out of the FP8 total, and the note says which system had one."""
    run = aifx("--data", str(_data(tmp_path)), "compute", "--by", "country", "-c", "MT", "-f", "json")
    fp8 = next(r for r in json.loads(run.out) if r["measure"] == "FP8 PFLOPS" and r["state"] == "in service")
    assert fp8["high"] == 2500
    assert "one module or partition only are left out" in run.err and "TEST-ALPHA" in run.err


def test_an_initiatives_hardware_text_gives_way_to_its_linked_system(tmp_path: Path) -> None:
    """An initiative that a system in systems.yaml describes keeps no free hardware text beside it."""
    data = _data(tmp_path)
    initiatives = data / "initiatives.yaml"
    text = initiatives.read_text(encoding="utf-8")
    start = text.index("- id: GEFION")
    marker = text.index("  hardware:", start)
    initiatives.write_text(text[:marker] + "  hardware: 1,528 H100 GPUs." + text[marker + len("  hardware:") :])
    run = aifx("--data", str(data), "data", "validate")
    assert run.code == 1
    assert "GEFION's hardware is described by its system" in run.err
    assert "initiatives.yaml:" in run.err


def test_a_systems_dates_are_events_on_its_card_and_in_the_timeline() -> None:
    """LUMI's contract and inauguration are events: on its card, and `timeline --record LUMI` lists only LUMI's."""
    card = json.loads(aifx("show", "LUMI", "-f", "json").out)
    kinds = {e["kind"] for e in card["timeline"]}
    assert {"contract", "inauguration"} <= kinds
    rows = json.loads(aifx("timeline", "--record", "LUMI", "-f", "json").out)
    assert rows and all("LUMI" in r["records"] for r in rows)
    assert not any(r["records"] == ["LUMI-AF"] for r in rows)  # the system, not the factory of a similar name


def test_an_event_about_an_unknown_system_is_refused(tmp_path: Path) -> None:
    """An event's records are ids of records, systems or waves: a misspelt system is refused at its line."""
    data = _data(tmp_path)
    events = data / "events.yaml"
    text = events.read_text(encoding="utf-8")
    assert "records: [LUMI]\n" in text
    events.write_text(text.replace("records: [LUMI]\n", "records: [LUMMI]\n", 1), encoding="utf-8")
    run = aifx("--data", str(data), "data", "validate")
    assert run.code == 1
    assert "'LUMMI' is not a record id, system id or wave-N" in run.err

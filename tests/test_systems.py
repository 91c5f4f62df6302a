"""Supercomputers as sourced data: their rules, `aifx systems`, system cards, search by accelerator, `aifx compute`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aifx.dataset.catalog import Catalog
from aifx.dataset.loader import load
from aifx.exports.columns import Table
from aifx.exports.tables import factories
from aifx.exports.tables import systems as systems_table
from conftest import DATA, FIXTURES, aifx

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
- id: TEST-DELTA
  name: Test Delta
  host: A fourth host
  country: MT
  status: operational
  accelerators:
  - model: Test NPU
    count:
    - {{value: null, note: No source gives the count.}}
  performance:
  - {{value: 3, unit: EFLOPS, precision: FP16, planned: true, sources: [{SOURCE}]}}
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
    systems = [r for r in rows if r["state"] != "bid"]  # a gigafactory bid's announced chips: a row of its own
    assert all(r["group"] == "all" and r["unit"] == "accelerators" for r in systems)
    assert all(len(r["system_ids"]) + len(r["unknown_ids"]) == 1 for r in rows if r["state"] == "bid")
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


def test_two_preferred_figures_of_one_quantity_are_refused(tmp_path: Path) -> None:
    """Rank says which figure to use where sources disagree: one preferred count per model, not two."""
    one = FIXTURE.replace("    - {value: 100, sources", "    - {value: 100, rank: preferred, sources", 1)
    assert aifx("--data", str(_data(tmp_path, one)), "data", "validate").code == 0
    two = one.replace(
        "    - {value: 120, qualifier: about,", "    - {value: 120, qualifier: about, rank: preferred,", 1
    )
    run = aifx("--data", str(_data(tmp_path / "two", two)), "data", "validate")
    assert run.code == 1
    assert "two count figures of one quantity are preferred" in run.err and "systems.yaml:" in run.err


def test_a_deprecated_figure_is_shown_weak_and_never_added_up(tmp_path: Path) -> None:
    """A deprecated count stays on the card, marked, and out of compute's range and the H100-equivalents."""
    deprecated = FIXTURE.replace(
        "    - {value: 120, qualifier: about,", "    - {value: 120, qualifier: about, rank: deprecated,", 1
    )
    data = _data(tmp_path, deprecated)
    rows = json.loads(aifx("--data", str(data), "compute", "--by", "country", "-c", "MT", "-f", "json").out)
    gh200 = next(r for r in rows if r["measure"] == "NVIDIA GH200")
    assert (gh200["low"], gh200["high"], gh200["amount"]) == (100, 100, "100")
    run = aifx("--data", str(data), "compute", "--by", "country", "-c", "MT")
    assert "deprecated figures are left out (see aifx show ID): TEST-ALPHA" in run.err
    card = aifx("--data", str(data), "show", "TEST-ALPHA").out
    assert "~ 120 — deprecated" in card and "NVIDIA GH200: 100 [" in card
    from aifx.core.equivalents import counts

    alpha = load(data).systems["TEST-ALPHA"]
    assert [f.value for f in counts(alpha, alpha.accelerators[0])[False]] == [100]  # what H100e multiplies


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


def _compute(data: Path, *args: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(aifx("--data", str(data), "compute", *args, "-f", "json").out)
    return rows


def test_compute_shows_a_model_whose_count_no_source_gives_as_unknown(tmp_path: Path) -> None:
    """TEST-DELTA's Test NPUs (count null) are a row of their own: amount unknown, one system unknown, never dropped."""
    rows = _compute(_data(tmp_path), "--by", "country", "-c", "MT")
    npu = [r for r in rows if r["measure"] == "Test NPU"]
    assert [(r["state"], r["amount"], r["low"], r["high"], r["unknown"]) for r in npu] == [
        ("in service", "unknown", None, None, 1)
    ]
    assert npu[0]["unknown_ids"] == ["TEST-DELTA"] and npu[0]["system_ids"] == []


def test_compute_status_operational_prints_no_planned_row(tmp_path: Path) -> None:
    """--status operational means in service: an operational system's planned figure (TEST-DELTA's FP16) is left out."""
    data = _data(tmp_path)
    run = aifx("--data", str(data), "compute", "-c", "MT", "--status", "operational", "-f", "json")
    rows = json.loads(run.out)
    assert rows and {r["state"] for r in rows} == {"in service"}
    assert "planned figures of systems in service are left out" in run.err and "TEST-DELTA" in run.err
    everything = _compute(data, "-c", "MT")
    assert any(r["measure"] == "FP16 PFLOPS" and r["state"] == "planned" for r in everything)


def _bars(out: str) -> dict[str, int]:
    """Each table row's bar length in eighths of a cell, by the row's measure (the second column)."""
    eighths = {"█": 8, "▉": 7, "▊": 6, "▋": 5, "▌": 4, "▍": 3, "▎": 2, "▏": 1}
    found = {}
    for line in out.splitlines():
        cells = line.split()
        if len(cells) > 2 and cells[0] == "MT":
            found[" ".join(cells[1:3])] = sum(eighths.get(ch, 0) for ch in line)
    return found


def test_compute_bars_share_one_scale_per_unit(tmp_path: Path) -> None:
    """50 planned H100s get a shorter bar than 120 GH200s: accelerators of every model are drawn on one scale."""
    run = aifx("--data", str(_data(tmp_path)), "compute", "-c", "MT", "-f", "table", env={"COLUMNS": "160"})
    bars = _bars(run.out)
    gh200, h100 = bars["NVIDIA GH200"], bars["NVIDIA H100"]
    assert gh200 > h100 > 0
    assert h100 / gh200 == pytest.approx(50 / 120, abs=0.05)


COMPUTE = FIXTURES / "compute"  # chips and systems for H100-equivalents (see its README.md)


def _h100e(*args: str) -> list[dict[str, object]]:
    run = aifx("--data", str(COMPUTE), "compute", "--unit", "h100e", *args, "-f", "json")
    assert run.code == 0, run.err
    rows: list[dict[str, object]] = json.loads(run.out)
    return rows


def test_which_country_brings_the_most_ai_compute_in_service_is_one_command() -> None:
    """`compute --unit h100e --by country --status operational`: largest first, no planned row, unknowns kept."""
    rows = _h100e("--by", "country", "--status", "operational")
    assert {r["state"] for r in rows} == {"in service"}
    assert [(r["group"], r["amount"]) for r in rows[:4]] == [
        ("DE", "~ 23,752–24,000"),
        ("FI", "≥ 4,611"),  # LUMI's A40s have no chip linked: a lower bound
        ("IT", "4,359"),
        ("DK", "1,528"),  # GEFION's planned B200s are not in service
    ]
    unknown = {r["group"]: (r["amount"], r["low"], r["unknown_ids"]) for r in rows if r["systems"] == 0}
    assert unknown == {
        "BG": ("unknown", None, ["DISCOVERER"]),
        "ES": ("unknown", None, ["MARENOSTRUM-5"]),
        "SE": ("unknown", None, ["NPU-SYSTEM"]),
    }


def test_compute_h100e_keeps_planned_apart_and_names_why_unknown() -> None:
    """Planned rows stand apart (IT4LIA-AI's 'over 8,000' B200s a lower bound); stderr says why each is unknown."""
    run = aifx("--data", str(COMPUTE), "compute", "--unit", "h100e", "-f", "json")
    planned = {r["group"]: (r["amount"], r["high"]) for r in json.loads(run.out) if r["state"] == "planned"}
    assert planned["IT"] == ("≥ 18,193", None)
    assert planned["DK"] == ("2,274", pytest.approx(1000 * 2250 / 989.4))
    assert planned["DE"] == ("unknown", None)
    assert "count unknown: MARENOSTRUM-5, HAMMERHAI-SYSTEM" in run.err
    assert "no accelerators known: DISCOVERER" in run.err
    assert "derived" in run.err


def test_compute_h100e_on_the_8_bit_basis_halves_chips_without_fp8() -> None:
    """--basis fp8: LUMI's MI250X count their 383 INT8 against the H100's 1,978.9 FP8; H100s count the same."""
    rows = {r["group"]: r for r in _h100e("--basis", "fp8", "--status", "operational")}
    assert rows["FI"]["low"] == pytest.approx(11912 * 383 / 1978.9)
    assert rows["DK"]["low"] == 1528
    assert rows["DE"]["measure"] == "H100e fp8"


def test_compute_h100e_by_accelerator_groups_by_chip() -> None:
    """By accelerator each chip's share is a row; a model without a chip, or a system without any, is unknown."""
    rows = {(r["group"], r["state"]): r for r in _h100e("--by", "accelerator")}
    assert rows[("GH200", "in service")]["amount"] == "~ 23,752–24,000"
    assert rows[("NVIDIA A40", "in service")]["unknown_ids"] == ["LUMI"]
    assert rows[("no accelerators known", "in service")]["unknown_ids"] == ["DISCOVERER"]
    assert rows[("B200", "planned")]["system_ids"] == ["GEFION", "IT4LIA-AI"]


def test_compute_h100e_bars_are_on_one_scale() -> None:
    """The largest in-service total gets the full bar; DK's 1,528 gets about 1,528 / 23,752 of it."""
    run = aifx("--data", str(COMPUTE), "compute", "--unit", "h100e", "-f", "table", env={"COLUMNS": "200"})
    lines = [line for line in run.out.splitlines() if "in service" in line]
    bars = {line.split()[0]: sum(line.count(ch) for ch in "█▉▊▋▌▍▎▏") for line in lines}
    assert bars["DE"] > bars["IT"] > bars["DK"] > 0
    assert bars["BG"] == 0  # unknown: no bar, not a zero-length one passed off as a measurement


def test_a_unit_typo_is_a_usage_error_with_a_suggestion() -> None:
    """`--unit h100ee`: exit 2, one line, did you mean h100e; a basis without H100-equivalents is refused too."""
    run = aifx("compute", "--unit", "h100ee")
    assert (run.code, run.out) == (2, "")
    assert "--unit: 'h100ee' is not one of 'stated', 'h100e' (did you mean h100e?)" in run.err
    run = aifx("compute", "--basis", "fp8")
    assert (run.code, run.out) == (2, "")
    assert "--basis" in run.err and "--unit h100e" in run.err


def test_systems_h100e_is_a_number_to_filter_and_sort_shown_as_people_write_it() -> None:
    """--where and --sort read h100e's low end (unknown last); the table shows ranges and bounds; JSON numbers."""
    run = aifx(
        "--data", str(COMPUTE), "systems", "--sort", "h100e:desc", "--columns", "id,h100e,h100e_high", "-f", "json"
    )
    rows = json.loads(run.out)
    assert [r["id"] for r in rows[:5]] == ["JUPITER", "IT4LIA-AI", "LUMI", "LEONARDO", "GEFION"]
    assert all(r["h100e"] is None for r in rows[5:])  # unknown last, 'up to 700' too: no known floor
    assert all(isinstance(r["h100e"], float | int | None) for r in rows)
    assert rows[0]["h100e"] == 23752 and rows[0]["h100e_high"] == 24000
    run = aifx("--data", str(COMPUTE), "systems", "--where", "h100e >= 4000", "--columns", "id", "-f", "json")
    assert {r["id"] for r in json.loads(run.out)} == {"JUPITER", "IT4LIA-AI", "LUMI", "LEONARDO"}
    table = aifx("--data", str(COMPUTE), "systems", "-f", "table", env={"COLUMNS": "80"}).out
    assert "~ 23,752–24,000" in table and "≥ 18,193" in table and "≤ 700" in table
    assert "h100e" in table.splitlines()[1] and all(len(line) <= 80 for line in table.splitlines())


def test_a_systems_json_carries_the_h100e_arithmetic() -> None:
    """`systems -f json` and the card's JSON hold, per basis and state, every term of the arithmetic, marked derived."""
    rows = {r["id"]: r for r in json.loads(aifx("--data", str(COMPUTE), "systems", "-f", "json").out)}
    bf16 = rows["LUMI"]["h100e_detail"]["bf16"][0]
    assert (bf16["derived"], bf16["state"], bf16["high"], bf16["unknown"]) == (
        True,
        "in service",
        None,
        ["NVIDIA A40: no chip linked"],
    )
    assert bf16["terms"][0] | {"low": 0, "high": 0} == {
        "model": "AMD Instinct MI250X",
        "chip": "MI250X",
        "count_low": 11912,
        "count_high": 11912,
        "count_approx": False,
        "rate": 383,
        "precision": "BF16",
        "base_rate": 989.4,
        "low": 0,
        "high": 0,
        "unknown": [],
        "count_sources": ["eurohpc-test"],
        "chip_sources": ["amd-mi250x-test"],
    }
    card = json.loads(aifx("--data", str(COMPUTE), "show", "LUMI", "-f", "json").out)
    assert card["h100e_detail"] == rows["LUMI"]["h100e_detail"]


def test_a_systems_card_shows_the_h100e_arithmetic_with_its_datasheets() -> None:
    """`aifx show LUMI`: each term's arithmetic naming the datasheet by publisher and year, the reason where unknown."""
    out = aifx("--data", str(COMPUTE), "show", "LUMI", "-f", "plain").out
    section = out[out.index("\nH100-equivalents\n") : out.index("\nServes\n")]
    assert "derived: computed by aifx" in section
    assert "11,912 × MI250X (383 TFLOPS BF16, AMD 2021) ÷ 989.4 = 4,611 H100e [" in section
    assert "11,912 × MI250X (383 TOPS INT8, AMD 2021) ÷ 1,978.9 = 2,305 H100e [" in section
    assert "64 × NVIDIA A40: unknown (no chip linked)" in section
    assert "bf16 total: ≥ 4,611 H100e (unknown: NVIDIA A40: no chip linked)" in section
    assert "1 H100e = one H100-SXM: 989.4 TFLOPS dense BF16, 1,978.9 TFLOPS dense FP8 (NVIDIA 2023)" in section
    assert "MI250X datasheet (test) — AMD" in out  # the datasheet is a numbered source of the card


def _either_side(catalog: Catalog, factory_id: str) -> set[str]:
    """The systems that serve a factory, read from both sides of the link by hand."""
    f = catalog.factories[factory_id]
    named = set(f.supercomputer.systems) if f.supercomputer else set()
    return named | {s.id for s in catalog.systems.values() if factory_id in s.factories}


def test_a_factorys_card_list_and_compare_show_every_system_serving_it(catalog: Catalog) -> None:
    """Card, card JSON, list's systems column and compare name every system linked from either side (BE-AIFA's
    LUMI and JUPITER are named only by the systems)."""
    rows = {r["id"]: r for r in json.loads(aifx("list", "--columns", "id,systems", "-f", "json").out)}
    full = {r["id"]: r for r in json.loads(aifx("list", "-f", "json").out)}
    for fid in catalog.factories:
        wanted = _either_side(catalog, fid)
        card = json.loads(aifx("show", fid, "-f", "json").out)
        assert set(card["systems"]) == set(rows[fid]["systems"]) == set(full[fid]["systems"]) == wanted, fid
        plain = aifx("show", fid, "-f", "plain").out
        assert all(f"  system {sid}: " in plain for sid in wanted), fid
    plain = aifx("show", "BE-AIFA", "-f", "plain").out
    assert "supercomputer: none of its own; systems: LUMI, JUPITER." in plain
    compared = aifx("compare", "BE-AIFA", "IT4LIA", "-f", "csv").out
    assert 'systems,"LUMI, JUPITER","LEONARDO, IT4LIA-AI"' in compared


def test_a_nameless_new_system_never_reads_as_no_system() -> None:
    """IT4LIA's machine has no name yet: its card says so and names the systems, not 'unknown'."""
    plain = aifx("show", "IT4LIA", "-f", "plain").out
    line = next(x for x in plain.splitlines() if x.startswith("  supercomputer:"))
    assert line.startswith("  supercomputer: name not found (new); systems: LEONARDO, IT4LIA-AI.")


def test_a_link_named_on_the_factorys_side_only_still_counts(tmp_path: Path) -> None:
    """With IT4LIA-AI's own factories emptied, IT4LIA's card, the system's card, exports and compute still link them."""
    data = Path(shutil.copytree(DATA, tmp_path / "data"))
    systems = data / "systems.yaml"
    text = systems.read_text(encoding="utf-8")
    marker = "  status: procuring\n  factories: [IT4LIA]\n"
    assert text.count(marker) == 1
    systems.write_text(text.replace(marker, "  status: procuring\n  factories: []\n"), encoding="utf-8")
    at = ("--data", str(data))
    assert "  system IT4LIA-AI: " in aifx(*at, "show", "IT4LIA", "-f", "plain").out
    assert json.loads(aifx(*at, "systems", "IT4LIA-AI", "-f", "json").out)["factories"] == ["IT4LIA"]
    listed = json.loads(aifx(*at, "systems", "--columns", "id,factories", "-f", "json").out)
    assert next(r for r in listed if r["id"] == "IT4LIA-AI")["factories"] == ["IT4LIA"]
    rows = json.loads(aifx(*at, "compute", "--by", "factory", "-f", "json").out)
    assert any(r["group"] == "IT4LIA" and "IT4LIA-AI" in r["system_ids"] for r in rows)
    loaded = load(data, cache=False)
    row = next(r for r in _rows(factories(loaded)) if r["id"] == "IT4LIA")
    assert row["systems"] == ["LEONARDO", "IT4LIA-AI"]
    assert next(r for r in _rows(systems_table(loaded)) if r["id"] == "IT4LIA-AI")["factories"] == ["IT4LIA"]


def _rows(table: Table) -> list[dict[str, object]]:
    names = [c.name for c in table.columns]
    return [dict(zip(names, row, strict=True)) for row in table.rows]

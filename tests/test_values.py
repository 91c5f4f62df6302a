"""Numbers in the data are finite numbers: NaN, infinity, yes/no and quoted numbers are refused where they stand."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from aifx.dataset.loader import load
from aifx.errors import DataError
from conftest import DATA, aifx

FINITE = "expected a finite number"
NOT_BOOL = "not true or false"


def _broken(tmp_path: Path, file: str, old: str, new: str) -> tuple[Path, int]:
    """A copy of the shipped data with the first ``old`` line in ``file`` replaced; its line number."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / file
    lines = path.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.rstrip("\n") == old)
    lines[at] = new + "\n"
    path.write_text("".join(lines))
    return data, at + 1


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "message"),
    [
        ("factories.yaml", "  - value: 15000", "  - value: .nan", "LUMI-AF.budget[0].value", FINITE),
        ("factories.yaml", "  - value: 15000", "  - value: .inf", "LUMI-AF.budget[0].value", FINITE),
        ("factories.yaml", "  - value: 15000", "  - value: -.inf", "LUMI-AF.budget[0].value", FINITE),
        ("factories.yaml", "  - value: 15000", "  - value: 1e400", "LUMI-AF.budget[0].value", FINITE),
        ("factories.yaml", "  - value: 15000", "  - value: true", "LUMI-AF.budget[0].value", NOT_BOOL),
        ("factories.yaml", "  - value: 15000", "  - value: '15000'", "LUMI-AF.budget[0].value", "valid number"),
        ("factories.yaml", "  wave: 1", "  wave: true", "LUMI-AF.wave", NOT_BOOL),
        ("factories.yaml", "  wave: 1", "  wave: 1.0", "LUMI-AF.wave", "valid integer"),
        ("waves.yaml", "- number: 1", "- number: true", "waves[0].number", NOT_BOOL),
    ],
)
def test_a_number_that_is_not_a_finite_number_is_refused_at_its_line(
    tmp_path: Path, file: str, old: str, new: str, where: str, message: str
) -> None:
    """`.nan`, `.inf`, `1e400`, `true`, a quoted number: one problem at file:line naming the field."""
    data, line = _broken(tmp_path, file, old, new)
    with pytest.raises(DataError) as info:
        load(data, cache=False)
    problems = [str(p) for p in info.value.problems]
    assert len(problems) == 1, problems
    assert re.search(rf"{re.escape(file)}:{line}:\d+: {re.escape(where)}: .*{message}", problems[0]), problems[0]


def test_a_coordinate_that_is_true_is_refused(tmp_path: Path) -> None:
    """`lon: true` would read as 1.0, inside Europe's box; a yes/no is never a coordinate."""
    data, line = _broken(
        tmp_path,
        "antennas.yaml",
        "  coordinates: {lat: 35.1728, lon: 33.354}",
        "  coordinates: {lat: 35.1856, lon: true}",
    )
    with pytest.raises(DataError) as info:
        load(data, cache=False)
    (problem,) = [str(p) for p in info.value.problems]
    assert f"antennas.yaml:{line}:" in problem
    assert "coordinates.lon" in problem and NOT_BOOL in problem


def test_a_nan_coordinate_is_refused(tmp_path: Path) -> None:
    """`lat: .nan` passes no range check by comparison; it is refused as not finite."""
    data, line = _broken(
        tmp_path,
        "antennas.yaml",
        "  coordinates: {lat: 35.1728, lon: 33.354}",
        "  coordinates: {lat: .nan, lon: 33.354}",
    )
    with pytest.raises(DataError) as info:
        load(data, cache=False)
    problems = [str(p) for p in info.value.problems]
    assert any(f"antennas.yaml:{line}:" in p and FINITE in p for p in problems), problems


def test_validate_reports_nan_on_stderr_and_exits_1(tmp_path: Path) -> None:
    """`aifx data validate` on a NaN claim: the placed problem on stderr, exit 1, nothing on stdout."""
    data, line = _broken(tmp_path, "factories.yaml", "  - value: 15000", "  - value: .nan")
    run = aifx("--data", str(data), "data", "validate")
    assert run.code == 1
    assert f"factories.yaml:{line}:" in run.err and FINITE in run.err
    assert run.out == ""


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
def test_add_claim_refuses_a_value_that_is_not_finite(tmp_path: Path, value: str) -> None:
    """`aifx data add-claim --value nan` is a usage error and leaves the file untouched."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = (data / "factories.yaml").read_bytes()
    run = aifx(
        "--data", str(data), "data", "add-claim", "MIMER", "--value", value, "--source", "naiss-2024-12-10-sweden-wins"
    )
    assert run.code == 2, run.err
    assert FINITE in run.err
    assert (data / "factories.yaml").read_bytes() == before


def test_json_export_is_strict_json() -> None:
    """Every number exported is finite, so the export parses with a parser that refuses NaN and Infinity."""

    def refuse(name: str) -> None:
        raise ValueError(name)

    run = aifx("export", "--format", "json")
    json.loads(run.out, parse_constant=refuse)

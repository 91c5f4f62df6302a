"""`aifx data validate` for curators: every problem in one run, placed, with the fix named, and fast."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from aifx.dataset import yamlfile
from aifx.dataset.loader import load
from aifx.errors import DataError
from conftest import DATA, FIXTURES, aifx


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the valid fixture, to break on purpose."""
    directory = tmp_path / "d"
    shutil.copytree(FIXTURES / "valid", directory)
    return directory


def _edit(directory: Path, name: str, before: str, after: str) -> None:
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert before in text, before
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def _problems(directory: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(directory, cache=False)
    return [str(p) for p in info.value.problems]


def test_a_bad_country_and_a_misspelled_source_come_back_in_one_run(data: Path) -> None:
    """A field that fails validation does not hide a cross-record problem elsewhere, nor the reverse."""
    _edit(data, "factories.yaml", "country: IS", "country: XX")
    _edit(data, "factories.yaml", "sources: [blog-one]", "sources: [blog-on]")
    problems = _problems(data)
    assert len(problems) == 2, problems
    assert any("ANT-1.country: 'XX' is not an ISO 3166-1 alpha-2 country code" in p for p in problems)
    assert any("ANT-1.sources[0]: unknown source 'blog-on'" in p for p in problems)


def test_a_record_that_failed_is_still_cross_checked_with_the_good_ones(data: Path) -> None:
    """Findings in the good records of a file that failed are placed at their own records, not shifted ones."""
    _edit(data, "factories.yaml", "wave: 1", "wave: one")
    _edit(data, "factories.yaml", "sources: [blog-one]", "sources: [no-such-source]")
    problems = _problems(data)
    assert len(problems) == 2, problems
    assert any("factories.yaml:7:9: NORD-AF.wave: Input should be a valid integer" in p for p in problems)
    assert any("factories.yaml:34:13: ANT-1.sources[0]: unknown source 'no-such-source'" in p for p in problems)


def test_citing_a_source_that_failed_validation_is_not_also_an_unknown_source(data: Path) -> None:
    """A source with a bad field is reported once; the records citing it get no follow-on errors."""
    _edit(data, "sources.yaml", "url: https://example.org/official-one", "url: example.org/official-one")
    problems = _problems(data)
    assert len(problems) == 1, problems
    assert "sources.yaml:5:8: official-one.url: String should match pattern" in problems[0]


def test_linking_a_factory_that_failed_validation_is_not_also_an_unknown_id(data: Path) -> None:
    """An antenna linked to a factory whose record failed is not told the factory does not exist."""
    _edit(data, "factories.yaml", "coordinates: {lat: 59.91, lon: 10.75}", "coordinates: {lat: 5.91, lon: 10.75}")
    problems = _problems(data)
    assert len(problems) == 1, problems
    assert "NORD-AF.coordinates: (5.91, 10.75) lies outside Europe's bounding box" in problems[0]


def test_a_wave_that_failed_validation_is_still_a_known_wave(data: Path) -> None:
    """A factory in a wave whose record failed is not told the wave is missing."""
    _edit(data, "waves.yaml", "announced: 2024-12-10", "announced: soon")
    problems = _problems(data)
    assert len(problems) == 1, problems
    assert "waves.yaml:8:14: wave 1.announced:" in problems[0]


def test_a_file_that_is_not_yaml_does_not_flood_the_report_with_unknown_ids(data: Path) -> None:
    """When sources.yaml cannot be read, citations of its sources are not each reported as unknown."""
    _edit(data, "sources.yaml", "kind: blog", "kind: [blog")
    problems = _problems(data)
    assert len(problems) == 1, problems
    assert "sources.yaml:" in problems[0]


def test_a_file_that_is_not_yaml_still_lets_other_files_be_checked(data: Path) -> None:
    """A broken waves.yaml hides no problem in factories.yaml that does not depend on waves."""
    _edit(data, "waves.yaml", "number: 1", "number: [1")
    _edit(data, "factories.yaml", "sources: [blog-one]", "sources: [blog-on]")
    problems = _problems(data)
    assert len(problems) == 2, problems
    assert any("unknown source 'blog-on'" in p for p in problems)
    assert not any("is not in waves.yaml" in p for p in problems)


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("UK", "did you mean 'GB'"),
        ("EL", "did you mean 'GR'"),
        ("de", "did you mean 'DE'"),
        ("Germany", "did you mean 'DE'"),
    ],
)
def test_a_country_code_people_often_type_names_the_right_one(data: Path, typed: str, hint: str) -> None:
    """UK, Greece's EU code EL, a lower-case code and a country's name each get the ISO code to write."""
    _edit(data, "factories.yaml", "country: IS", f"country: {typed}")
    problems = _problems(data)
    assert len(problems) == 1, problems
    assert f"ANT-1.country: {typed!r} is not an ISO 3166-1 alpha-2 country code ({hint}?)" in problems[0]


def test_a_source_id_one_edit_away_from_a_real_one_names_it(data: Path) -> None:
    """A typo (a letter dropped, added, changed or two swapped) in a cited source id offers the real id."""
    _edit(data, "factories.yaml", "sources: [blog-one]", "sources: [blgo-one]")
    _edit(data, "waves.yaml", "sources: [official-one]\n  - value: 300", "sources: [oficial-one]\n  - value: 300")
    problems = _problems(data)
    assert any("ANT-1.sources[0]: unknown source 'blgo-one' (did you mean 'blog-one'?)" in p for p in problems)
    assert any(
        "wave 1.totals[0].sources[0]: unknown source 'oficial-one' (did you mean 'official-one'?)" in p
        for p in problems
    )


def test_a_source_id_far_from_every_real_one_gets_no_guess(data: Path) -> None:
    """No "did you mean" is offered when nothing is close: a wrong guess is worse than none."""
    _edit(data, "factories.yaml", "sources: [blog-one]", "sources: [press-release]")
    (problem,) = _problems(data)
    assert problem.endswith("unknown source 'press-release'; add it to sources.yaml")


def test_an_impossible_date_is_placed_at_its_own_line_with_record_and_field(data: Path) -> None:
    """`published: 2026-02-30` names its line, column, source and field instead of the file's first line."""
    _edit(data, "sources.yaml", "published: null", "published: 2026-02-30")
    problems = _problems(data)
    assert len(problems) == 1, problems
    assert "sources.yaml:14:14: blog-one.published:" in problems[0]
    assert "day value is outside expected range" in problems[0]


def test_problems_of_a_file_are_placed_from_one_parse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without sources.yaml each citation is unknown (and only that); each file is re-read for positions at most once."""
    shutil.copytree(DATA, tmp_path / "d")
    (tmp_path / "d" / "sources.yaml").unlink()
    _edit(tmp_path / "d", "factories.yaml", "country: FI", "country: SF")
    parsed: list[str] = []
    real = yamlfile.positions

    def counted(text: str) -> Any:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(yamlfile, "positions", counted)
    problems = _problems(tmp_path / "d")
    assert len(problems) > 400
    assert sum("unknown source" not in p for p in problems) == 1
    assert len(parsed) == len(set(parsed)) <= len(list((tmp_path / "d").glob("*.yaml")))


def test_cli_validate_lists_every_problem_then_the_count(data: Path) -> None:
    """The command prints each placed problem on stderr, then how many, and exits 1."""
    _edit(data, "factories.yaml", "country: IS", "country: UK")
    _edit(data, "factories.yaml", "sources: [blog-one]", "sources: [blog-on]")
    run = aifx("data", "validate", "--data", str(data))
    assert run.code == 1
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 3
    assert "did you mean 'GB'" in lines[0]
    assert "did you mean 'blog-one'" in lines[1]
    assert lines[2] == "aifx: 2 problems in the data; nothing was changed on disk"

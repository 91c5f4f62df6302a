"""Hostile surroundings end in one clear line and the documented exit code, never a traceback.

These run aifx as a real process (``python -m aifx``): closed descriptors, signals, locales and pipes only
exist there.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aifx.dataset.loader import load
from aifx.errors import DataError
from conftest import DATA, aifx, stoppable

AIFX = [sys.executable, "-m", "aifx"]


def _env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    """The test's environment (own cache, no colour) with some variables set or removed."""
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), NO_COLOR="1")
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


def _shell(command: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a bash command line (for redirections such as ``>&-``); ``aifx`` there is ``python -m aifx``."""
    aifx_ = " ".join(AIFX)
    return subprocess.run(
        ["bash", "-c", f'aifx() {{ {aifx_} "$@"; }}; {command}'], env=env, capture_output=True, text=True, timeout=120
    )


def _one_line_at_most(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.splitlines()) <= 1, err


@pytest.mark.parametrize("command", ["aifx list >&-", "aifx --version >&-", "aifx --version > /dev/full"])
def test_stdout_that_cannot_be_written_exits_1_with_one_line(command: str, tmp_path: Path) -> None:
    """Closed stdout or a full disk: exit 1 and one line naming stdout, not a traceback."""
    run = _shell(command, _env(tmp_path))
    assert run.returncode == 1, run.stderr
    _one_line_at_most(run.stderr)
    assert run.stderr.startswith("aifx: ")


def test_list_to_a_full_disk_exits_1_with_one_line(tmp_path: Path) -> None:
    """A command whose output fills the disk says so once and exits 1."""
    run = _shell("aifx list > /dev/full", _env(tmp_path))
    assert run.returncode == 1
    _one_line_at_most(run.stderr)
    assert "No space left on device" in run.stderr


def test_closed_stdout_does_not_stop_a_command_that_prints_nothing_there(tmp_path: Path) -> None:
    """`aifx data validate >&-` still validates: only writing to the closed stdout is an error."""
    run = _shell("aifx data validate >&-", _env(tmp_path))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["list"], {"PYTHONIOENCODING": "ascii"}),
        (["show", "MIMER", "--format", "plain"], {"LC_ALL": "C", "LANG": None, "PYTHONUTF8": "0"}),
        (["show", "MIMER", "--format", "table"], {"LC_ALL": "C", "LANG": None, "PYTHONUTF8": "0"}),
        (["budgets"], {"PYTHONIOENCODING": "latin-1"}),
    ],
)
def test_output_the_locale_cannot_encode_is_escaped_not_a_crash(
    args: list[str], env: dict[str, str | None], tmp_path: Path
) -> None:
    """An ASCII or Latin-1 terminal gets every record, non-encodable characters escaped, and exit 0."""
    run = subprocess.run([*AIFX, *args], env=_env(tmp_path, **env), capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr.decode("ascii", "replace")
    assert b"Traceback" not in run.stderr
    assert b"MIMER" in run.stdout
    assert b"\\u20ac" in run.stdout + run.stderr or b"\\u2014" in run.stdout  # € or — escaped, not dropped


def test_json_on_an_ascii_stdout_is_still_the_same_json(tmp_path: Path) -> None:
    """Escaped output stays machine-readable: JSON on an ASCII stdout parses to the same records."""
    utf8 = subprocess.run([*AIFX, "list", "--format", "json"], env=_env(tmp_path), capture_output=True, timeout=120)
    ascii_ = subprocess.run(
        [*AIFX, "list", "--format", "json"],
        env=_env(tmp_path, PYTHONIOENCODING="ascii"),
        capture_output=True,
        timeout=120,
    )
    assert ascii_.returncode == 0
    assert ascii_.stdout.isascii()
    assert json.loads(ascii_.stdout) == json.loads(utf8.stdout)


@pytest.mark.parametrize("delay", [0.05, 0.1, 0.15, 0.2, 0.3, 0.5])
def test_ctrl_c_at_any_point_exits_130_without_a_traceback(delay: float, tmp_path: Path) -> None:
    """SIGINT during start-up, loading or output: exit 130 and at most one line, whenever it arrives."""
    process = subprocess.Popen(
        [*AIFX, "--no-cache", "list"],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=stoppable,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=120)
    _one_line_at_most(err)
    if process.returncode != 0:  # it may have finished before the signal came
        assert process.returncode == 130, err
        assert err in ("", "aifx: interrupted\n")


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)])
@pytest.mark.parametrize("delay", [0.05, 0.3, 0.6])
def test_sigterm_and_sighup_at_any_point_exit_128_plus_n_with_one_line(
    delay: float, sig: int, code: int, tmp_path: Path
) -> None:
    """SIGTERM (143) and SIGHUP (129) during start-up, loading or output: that exit code and `aifx: terminated`."""
    process = subprocess.Popen(
        [*AIFX, "--no-cache", "list"],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=stoppable,
    )
    time.sleep(delay)
    process.send_signal(sig)
    _, err = process.communicate(timeout=120)
    if process.returncode != 0:  # it may have finished before the signal came
        assert (process.returncode, err) == (code, "aifx: terminated\n")


def test_sighup_ignored_by_nohup_stays_ignored(tmp_path: Path) -> None:
    """Under nohup (SIGHUP ignored from the start) aifx does not install its own handler: a hang-up is survived."""
    code = (
        "import signal, sys; from aifx.__main__ import main; sys.argv = ['aifx', 'about']\n"
        "signal.signal(signal.SIGHUP, signal.SIG_IGN)\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(signal.getsignal(signal.SIGHUP) is signal.SIG_IGN, file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True, timeout=60)
    assert run.stderr == "True\n"


def test_sigterm_inside_a_command_unwinds_removes_staging_files_and_exits_143(tmp_path: Path) -> None:
    """SIGTERM mid-export unwinds like Ctrl-C: the staging directory is removed, nothing is written, exit 143."""
    import typer

    from aifx.cli.common import boundary
    from aifx.exports.files import staged
    from aifx.exports.targets import check

    target = tmp_path / "out.json"

    @boundary
    def export() -> None:
        outputs = check([target], force=False, text=True, directory=False, marker=None)
        with staged(outputs) as place:
            (place / target.name).write_text("half")
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(30)  # the signal's handler raises before this ends

    before = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(typer.Exit) as stopped:
            export()
    finally:
        after = signal.getsignal(signal.SIGTERM)
        signal.signal(signal.SIGTERM, before)
    assert stopped.value.exit_code == 143
    assert list(tmp_path.iterdir()) == []
    assert after is signal.SIG_IGN  # the boundary ignores further stops while it reports this one


@pytest.mark.parametrize("delay", [0.5, 1.0, 1.5])
def test_sigterm_during_a_real_export_leaves_no_staging_files(delay: float, tmp_path: Path) -> None:
    """`aifx export --format xlsx -o …` stopped by SIGTERM whenever it comes: exit 143 (or 0), no .aifx-export-*."""
    out = tmp_path / "out"
    out.mkdir()
    process = subprocess.Popen(
        [*AIFX, "--no-cache", "export", "--format", "xlsx", "--output", str(out / "aifx.xlsx")],
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=stoppable,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=120)
    assert process.returncode in (0, 143), err
    assert "Traceback" not in err
    left = sorted(p.name for p in out.iterdir())
    assert left == (["aifx.xlsx"] if process.returncode == 0 else []), left


def test_the_entry_point_imports_nothing_heavy_before_its_sigint_handler() -> None:
    """The handler is installed before the heavy imports: ``aifx.__main__`` imports no third-party module."""
    code = "import sys, aifx.__main__; print(sorted(m for m in ('typer', 'rich', 'pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize("days", ["740000", "99999999999"])
def test_stale_days_beyond_the_calendar_is_a_usage_error(days: str) -> None:
    """`aifx data stale --days 740000` is refused with exit 2, not an OverflowError."""
    run = aifx("data", "stale", "--days", days)
    assert run.code == 2
    assert "--days" in run.err
    assert len(run.err.splitlines()) == 1


@pytest.mark.parametrize("columns", ["0", "-3", "abc", "", "²"])
@pytest.mark.parametrize("args", [["list", "--format", "table"], ["list", "--help"], ["--help"]])
def test_columns_that_is_not_a_positive_number_counts_as_unset(args: list[str], columns: str, tmp_path: Path) -> None:
    """COLUMNS=0 (or -3, abc) prints the same as no COLUMNS at all, not an empty screen."""
    unset = subprocess.run([*AIFX, *args], env=_env(tmp_path, COLUMNS=None), capture_output=True, text=True)
    odd = subprocess.run([*AIFX, *args], env=_env(tmp_path, COLUMNS=columns), capture_output=True, text=True)
    assert odd.returncode == 0
    assert len(odd.stdout.splitlines()) > 5
    assert (odd.stdout, odd.stderr) == (unset.stdout, unset.stderr)


@pytest.mark.parametrize(
    "command",
    [
        "aifx sources --format table | true",
        "aifx list --format table | true",
        "aifx show MIMER --format table | true",
        "aifx --help | true",
        "aifx list | true",
        "aifx export --format json | true",
        "aifx --version | true",
    ],
)
def test_a_reader_that_goes_away_gives_141_quietly(command: str, tmp_path: Path) -> None:
    """A closed pipe ends aifx with 141, as SIGPIPE would, wherever the write fails, and prints nothing."""
    run = _shell(f'{command}; echo "${{PIPESTATUS[0]}}"', _env(tmp_path, COLUMNS="100"))
    assert run.stdout.strip() == "141"
    assert run.stderr == ""


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def _problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load(data, cache=False)
    return [str(p) for p in info.value.problems]


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_cyrillic_alias_that_looks_like_another_records_id_is_a_duplicate(tmp_path: Path) -> None:
    """An alias МIMER (Cyrillic М) on LUMI-AF is reported as looking like MIMER, naming both records."""
    data = _copy(tmp_path)
    factories = data / "factories.yaml"
    factories.write_text(factories.read_text().replace("aliases: [LUMI AIF]", "aliases: [LUMI AIF, МIMER]", 1))
    problems = _problems(data)
    assert len(problems) == 1
    line = _line_of(factories, "МIMER")
    assert f"factories.yaml:{line}:" in problems[0]
    assert "LUMI-AF.aliases" in problems[0]
    assert "'МIMER'" in problems[0] and "MIMER" in problems[0].split("'МIMER'")[1]


def test_names_differing_by_a_cyrillic_letter_are_duplicates(tmp_path: Path) -> None:
    """ "Cafе Factory" (Cyrillic е) beside "Cafe Factory" is refused, naming both records."""
    data = _copy(tmp_path)
    factories = data / "factories.yaml"
    text = factories.read_text()
    text = text.replace("name: LUMI AI Factory", "name: Cafe Factory", 1)
    text = text.replace("name: HammerHAI", "name: Cafе Factory", 1)
    factories.write_text(text)
    problems = _problems(data)
    assert len(problems) == 1
    assert f"factories.yaml:{_line_of(factories, 'Cafе Factory')}:" in problems[0]
    assert "HAMMERHAI.name" in problems[0]
    assert "LUMI-AF" in problems[0]


def test_real_names_stay_distinct() -> None:
    """Names that merely resemble each other in ASCII (LUMI, L-AIF) are not folded together."""
    from aifx.dataset.checks import lookalike
    from aifx.text.confusables import skeleton

    assert skeleton("LUMI AI Factory") != skeleton("L-AIF")
    assert skeleton("IT4LIA") != skeleton("IT4I")
    assert skeleton("Cafе") == skeleton("Cafe")
    assert skeleton("МIMER") == skeleton("MIMER")
    assert skeleton("Jülich") == skeleton("Ju\u0308lich")  # NFD either way
    assert lookalike("ＭＩＭＥＲ") == lookalike("MIMER")  # fullwidth
    assert lookalike("Hammer HAI") != lookalike("HammerHAI")


def test_shipped_data_still_validates() -> None:
    """The confusables check finds nothing in the real dataset."""
    run = aifx("data", "validate")
    assert run.code == 0, run.err

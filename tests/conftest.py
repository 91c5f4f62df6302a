"""Shared test helpers: fixture paths and a CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aifx.cli.app import app
from aifx.dataset.catalog import Catalog
from aifx.dataset.loader import load

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = ROOT / "data"


@dataclass(frozen=True)
class Run:
    """What a user sees: exit code, stdout and stderr, separately."""

    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test gets its own cache directory, no inherited dataset or colour settings, and its signal handlers back."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("AIFX_DATA", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    # A stop handled in-process (the boundary ignores further stops while it reports one) must not leave the test
    # process ignoring Ctrl-C, SIGTERM or SIGHUP for the tests after it.
    handlers = {signum: signal.getsignal(signum) for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    yield
    for signum, handler in handlers.items():
        signal.signal(signum, signal.SIG_DFL if handler is None else handler)


def aifx(*args: str, env: dict[str, str] | None = None) -> Run:
    """Run the CLI in-process as a user would type it."""
    result = CliRunner().invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped dataset."""
    return load(DATA)


def stoppable() -> None:
    """For a child process (``preexec_fn``): Ctrl-C, SIGTERM and SIGHUP as at a terminal, even when the tests run
    as a background job or under nohup, which ignore some of them (and aifx keeps a signal it was told to ignore)."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)

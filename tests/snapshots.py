"""Exact terminal output of every table view at 80 and 120 columns, kept as files under tests/snapshots/.

`python tests/snapshots.py` rewrites them from real output; tests/test_layout.py fails when one is stale.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "snapshots"
WIDTHS = (80, 120)
VIEWS = [
    "list --wave 1",
    "waves",
    "budgets --by country",
    "initiatives",
    "sources MIMER",
    "conflicts LUMI-AF",
    "search tartu",
    "compare LUMI-AF IT4LIA",
    "show MIMER --sources",
    "timeline --since 2025-03-01 --until 2025-10-31",
    "changes --since 2025-06-01 --until 2025-12-31 --change status,changed",
    "systems",
    "compute --by country",
    "compute --unit h100e --by country",
    "compare BSC-AIF 1HEALTHAI IT4LIA",
    "conflicts",
    "country EE",
    "near Tallinn",
]


def render(command: str, width: int) -> str:
    """What a user's terminal of ``width`` columns shows for ``aifx COMMAND --format table``: stdout, then stderr."""
    from aifx.cli.app import app

    env = {"NO_COLOR": "1", "COLUMNS": str(width), "AIFX_DATA": str(ROOT / "data")}
    result = CliRunner().invoke(app, [*shlex.split(command), "--format", "table"], env=env)
    text = result.stdout + result.stderr
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def path(command: str, width: int) -> Path:
    """The snapshot file of one command at one width."""
    return HERE / f"{command.replace(' ', '_').replace('-', '_').lower()}.{width}.txt"


if __name__ == "__main__":
    HERE.mkdir(exist_ok=True)
    for command in VIEWS:
        for width in WIDTHS:
            path(command, width).write_text(f"$ aifx {command}\n" + render(command, width), encoding="utf-8")
    sys.stdout.write(f"{HERE}: {len(VIEWS) * len(WIDTHS)} snapshots refreshed\n")

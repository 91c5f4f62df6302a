"""Keep README examples true: every ```console block that runs `$ aifx …` shows that command's real output.

`python tests/readme_examples.py` rewrites the blocks in place; tests/test_docs.py fails when they are stale.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (aifx [^\n]*)\n(.*?)```", re.DOTALL)
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "AIFX_DATA": str(ROOT / "data")}


def run(command: str) -> str:
    """What a user sees for ``command``: stdout, then stderr, trailing spaces trimmed."""
    from aifx.cli.app import app

    result = CliRunner().invoke(app, shlex.split(command)[1:], env=ENV)
    text = result.stdout + result.stderr
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def render(readme: str) -> str:
    """The README with every console block's output replaced by the real one."""
    return BLOCK.sub(lambda m: f"```console\n$ {m.group(1)}\n{run(m.group(1))}```", readme)


if __name__ == "__main__":
    os.environ.update(ENV)
    path = ROOT / "README.md"
    path.write_text(render(path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.stdout.write(f"{path}: examples refreshed\n")

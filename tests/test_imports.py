"""The import graph runs one way: the app module assembles commands, commands use shared plumbing, the core neither."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "aifx"
MODULES = sorted(SRC.rglob("*.py"))


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every ``from aifx… import name`` in a file, lazy imports included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("aifx"):
            found += [(node.module, alias.name) for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [(alias.name, "") for alias in node.names if alias.name.startswith("aifx")]
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_private_name_crosses_a_module_boundary(path: Path) -> None:
    """No module imports another module's `_private` names (dunders such as __version__ are public)."""
    private = [f"{m}.{n}" for m, n in _imports(path) if n.startswith("_") and not n.startswith("__")]
    assert private == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_entry_points_import_the_app_module(path: Path) -> None:
    """aifx.cli.app is imported by nothing but __main__ (the console script)."""
    if path.name == "__main__.py":
        return
    assert [m for m, _ in _imports(path) if m == "aifx.cli.app"] == []


def test_the_core_never_imports_the_cli_layer() -> None:
    """Outside cli.py and commands/, no module imports aifx.commands (the core knows nothing of Typer)."""
    core = [p for p in MODULES if p.name not in ("cli.py", "__main__.py") and "commands" not in p.parts]
    assert [(p.name, m) for p in core for m, _ in _imports(p) if m.startswith("aifx.commands")] == []

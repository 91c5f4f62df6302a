"""The import graph runs one way: text → dataset → core → present → exports → cli, with no circles.

Every import is read, those inside functions included; only imports under ``if TYPE_CHECKING:`` are left out,
since they never run.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "aifx"
MODULES = sorted(SRC.rglob("*.py"))

# The layers, lowest first: a module imports from its own layer or lower ones, never higher.
LAYERS = ("text", "dataset", "core", "present", "exports", "cli")
# Top-level modules: errors and the version are below everything; the API and the entry points stand above everything.
FOUNDATION = {"aifx.errors", "aifx.version"}
ENTRY = {"aifx", "aifx.api", "aifx.__main__"}
# Third-party packages confined to the one module (or layer) whose job they are.
CONFINED = {
    "typer": ("aifx.cli",),
    "click": (),
    "rich": ("aifx.present.output",),
    "ruamel": ("aifx.dataset.yamlfile", "aifx.dataset.rewrite"),
    "rapidfuzz": ("aifx.text.suggest",),
}


def _name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {_name(p): p for p in MODULES}


def _type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


@cache
def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) for every import in a file that runs, lazy ones included; ``name`` is '' for ``import x``."""
    found: list[tuple[str, str]] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _type_checking(child):
                for other in child.orelse:
                    visit(other)
                continue
            if isinstance(child, ast.ImportFrom) and child.module and not child.level:
                found.extend((child.module, alias.name) for alias in child.names)
            elif isinstance(child, ast.Import):
                found.extend((alias.name, "") for alias in child.names)
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _targets(path: Path) -> set[str]:
    """The aifx modules a file imports (``from aifx.present import tables`` is the module aifx.present.tables)."""
    out = set()
    for module, name in _imports(path):
        if not module.startswith("aifx"):
            continue
        out.add(f"{module}.{name}" if f"{module}.{name}" in NAMES else module)
    return out


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def _allowed(importer: str, imported: str) -> bool:
    if importer in ENTRY or imported in FOUNDATION or importer == imported:
        return True
    if imported in ENTRY:
        return False
    mine, theirs = _layer(importer), _layer(imported)
    return mine is not None and theirs is not None and theirs <= mine


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_imports_point_down_the_layers(path: Path) -> None:
    """A module imports its own layer or lower ones: the dataset never the core, the core never presentation."""
    me = _name(path)
    assert sorted(t for t in _targets(path) if not _allowed(me, t)) == []


def _cycle() -> list[str] | None:
    graph = {name: sorted(t for t in _targets(path) if t in NAMES and t != name) for name, path in NAMES.items()}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def walk(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := walk(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for name in graph:
        if name not in state and (found := walk(name)):
            return found
    return None


def test_no_import_circle() -> None:
    """No module reaches itself through imports, not even through imports inside functions."""
    assert _cycle() is None


def test_the_walker_sees_imports_inside_functions_and_skips_type_checking_ones(tmp_path: Path) -> None:
    """The graph counts a lazy import inside a function, and leaves out one under TYPE_CHECKING."""
    source = tmp_path / "m.py"
    source.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from aifx.cli import app\n"
        "def f():\n    from aifx.present import views\n",
        encoding="utf-8",
    )
    assert _targets(source) == {"aifx.present.views"}


@pytest.mark.parametrize("package", sorted(CONFINED))
def test_each_dependency_stays_in_its_module(package: str) -> None:
    """typer only in the CLI, rich only in the output module, ruamel only in the YAML modules, rapidfuzz only in
    the suggestion module, click nowhere (Typer bundles it)."""
    allowed = CONFINED[package]
    users = {
        name
        for name, path in NAMES.items()
        for module, _ in _imports(path)
        if module.split(".")[0] == package and not any(name == a or name.startswith(a + ".") for a in allowed)
    }
    assert users == set()


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_private_name_crosses_a_module_boundary(path: Path) -> None:
    """No module imports another module's `_private` names (dunders such as __version__ are public)."""
    private = [f"{m}.{n}" for m, n in _imports(path) if m.startswith("aifx") and n.startswith("_") and n[:2] != "__"]
    assert private == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_only_the_entry_point_imports_the_app_module(path: Path) -> None:
    """aifx.cli.app is imported by nothing but __main__ (the console script)."""
    if path.name == "__main__.py":
        return
    assert "aifx.cli.app" not in _targets(path)


def test_the_top_level_keeps_only_the_api_the_entry_point_errors_and_the_version() -> None:
    """Every other module lives in a layer's folder, so the tree shows the layers."""
    top = sorted(p.name for p in SRC.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "api.py", "errors.py", "version.py"]
    assert sorted(p.name for p in SRC.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(
        [*LAYERS, "data"] if (SRC / "data").is_dir() else LAYERS
    )

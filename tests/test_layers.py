"""The layers of docs/DESIGN.md, checked on the source: who may import whom, and no cycles."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    *("parsers", "warehouse", "answers", "config", "fetching", "hosting", "flows", "web", "cli"),
)
# What each layer may import of ours (docs/DESIGN.md 3): parsers are pure; the warehouse knows
# parsers' models; answers are computed from the warehouse; config is the settings; fetching
# (every byte from outside) and hosting (Prefect's servers) serve the flows; the two front ends
# render answers, the web never running flows, the CLI on top of everything.
ALLOWED = {
    "parsers": {"parsers"},
    "warehouse": {"parsers", "warehouse"},
    "answers": {"parsers", "warehouse", "answers"},
    "config": {"parsers", "config"},
    "fetching": {"parsers", "warehouse", "config", "fetching"},
    "hosting": {"parsers", "hosting"},
    "flows": {"parsers", "warehouse", "config", "fetching", "hosting", "flows"},
    "web": {"parsers", "warehouse", "answers", "web"},
    "cli": {
        "parsers",
        "warehouse",
        "answers",
        "config",
        "fetching",
        "hosting",
        "flows",
        "web",
        "cli",
    },
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def our_imports(path: Path) -> Iterator[str]:
    """Every module of ours that `path` imports, at any depth, except under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for child in ast.walk(node)
    }
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
            names += [f"{node.module}.{alias.name}" for alias in node.names]
        for name in names:
            if name.split(".")[0] in PACKAGES:
                yield name


def our_modules() -> dict[str, Path]:
    return {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}


def import_graph() -> dict[str, set[str]]:
    files = our_modules()
    return {
        name: {imported for imported in our_imports(path) if imported in files and imported != name}
        for name, path in files.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycle_among_our_packages() -> None:
    assert cycles(import_graph()) == []


def test_no_module_imports_itself() -> None:
    # `from cli import commands` in cli/__init__.py runs the package's own module again from
    # inside it: a cycle of one, which the graph above leaves out. `import cli.commands` is
    # the submodule alone.
    assert [name for name, path in our_modules().items() if name in set(our_imports(path))] == []


@pytest.mark.parametrize("package", PACKAGES)
def test_each_layer_imports_only_what_it_may(package: str) -> None:
    wrong = {
        (module, imported)
        for module, imports in import_graph().items()
        if module.split(".")[0] == package
        for imported in imports
        if imported.split(".")[0] not in ALLOWED[package]
    }
    assert wrong == set()


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

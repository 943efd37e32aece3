"""Structure rules the code keeps (docs: the README's "Layout" section).

- The packages of app/ form no import cycle: a package may import those below it, never one
  that imports it back (a cycle makes import order matter and tempts imports inside functions).
- History rows (CaseEvent) are written only by the workflow module.
- No function in app/ is longer than 80 lines.
"""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"
MAX_FUNCTION_LINES = 80


def _modules() -> dict[str, ast.Module]:
    """Every module of app/, by dotted name ("app.cases.workflow")."""
    found = {}
    for path in sorted(APP.rglob("*.py")):
        parts = path.relative_to(APP.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return found


def _package(module: str) -> str:
    """The first level under app/: "app.cases.workflow" -> "app.cases"."""
    return ".".join(module.split(".")[:2])


def _imported(module: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The app modules a module imports, wherever the import statement is."""
    names: set[str] = set()
    is_package = (APP.parent / Path(*module.split(".")) / "__init__.py").exists()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return {name for name in names if name in known}


def package_graph() -> dict[str, set[str]]:
    """Which packages of app/ import which (TYPE_CHECKING-only imports included)."""
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for module, tree in modules.items():
        for target in _imported(module, tree, set(modules)):
            if _package(target) != _package(module) and _package(target) != "app":
                graph[_package(module)].add(_package(target))
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path (first node repeated at the end), or None."""
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return path[path.index(target):] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        state[node] = "done"
        path.pop()
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_cycle_finder_sees_a_cycle():
    """The check below would pass on anything if this failed."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_the_graph_sees_real_imports():
    graph = package_graph()
    assert "app.deadlines" in graph["app.cases"]  # the workflow opens deadlines
    assert "app.cases" in graph["app.wizard"] or "app.wizard" in graph["app.cases"]


def test_packages_import_each_other_without_cycles():
    cycle = find_cycle(package_graph())
    assert cycle is None, "import cycle between packages: " + " -> ".join(cycle)


def test_history_rows_are_written_only_by_the_workflow():
    writers = []
    for module, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "CaseEvent":
                writers.append(module)
    assert writers and set(writers) == {"app.cases.workflow"}


def _functions():
    for module, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield module, node


def test_no_function_is_longer_than_the_limit():
    too_long = [f"{module}.{node.name}: {node.end_lineno - node.lineno + 1} lines"
                for module, node in _functions() if node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES]
    assert not too_long, "\n".join(too_long)

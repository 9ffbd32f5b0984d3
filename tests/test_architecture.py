"""The package's shape: no import cycles, and each part imports only what docs/architecture.md allows."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "consistency"

# Each part of the package and the parts it may import (docs/architecture.md draws the same).
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "display": set(),
    "corpus": {"display", "model"},
    "extract": {"model"},
    "normalize": {"extract", "model", "settings"},
    "settings": {"corpus", "normalize"},
    "link": {"extract", "normalize", "model", "settings"},
    "rules": {"corpus", "extract", "link", "normalize", "model", "settings"},
    "graph": {"model"},
    "engine": {"corpus", "display", "extract", "normalize", "link", "rules", "graph", "model", "settings"},
    "narrow": {"corpus", "display", "model", "settings"},
    "report": {"display", "normalize", "rules", "graph", "model", "settings"},
    "config": {"normalize", "report", "rules", "settings"},
    "output": set(),
    "api": {"corpus", "engine", "normalize", "model", "settings"},
    "watch": {"report", "model", "settings"},
    "desk": {"config", "corpus", "display", "engine", "link", "narrow", "output", "report", "rules", "model",
             "settings"},
    "cli": {"config", "corpus", "desk", "display", "engine", "narrow", "output", "report", "rules", "model",
            "settings", "watch"},
    "__main__": {"cli"},
    # The package's own __init__: the Python API, and the (empty) extract stage package,
    # imported before the function of the same name is bound so that it never shadows it.
    "consistency": {"api", "extract"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _edges() -> dict[str, set[str]]:
    """module -> the package modules it imports (module level and inside functions)."""
    modules = _modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name if name and name != "consistency" else None

    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(anchor + ([node.module] if node.module else []))
                names = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            targets |= {r for n in names if n.startswith("consistency") and (r := resolve(n)) and r != module}
        edges[module] = targets
    return edges


def _part(module: str) -> str:
    return module.split(".")[1] if module.count(".") else "consistency"


def test_no_import_cycle() -> None:
    edges = _edges()
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(edges[module]):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(edges):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_parts_import_only_what_they_may() -> None:
    wrong = sorted(f"{module} -> {target}" for module, targets in _edges().items() for target in targets
                   if _part(target) != _part(module) and _part(target) not in ALLOWED[_part(module)])
    assert wrong == []


def test_every_part_is_placed() -> None:
    assert {_part(m) for m in _modules()} == set(ALLOWED)


@pytest.mark.parametrize("source", ["from consistency.cli import main\n", "def f():\n    import consistency.cli\n"])
def test_a_backward_import_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, source: str) -> None:
    (tmp_path / "consistency" / "model").mkdir(parents=True)
    (tmp_path / "consistency" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "consistency" / "cli.py").write_text("import consistency.model\n", encoding="utf-8")
    (tmp_path / "consistency" / "model" / "__init__.py").write_text(source, encoding="utf-8")
    monkeypatch.setitem(globals(), "PACKAGE", tmp_path / "consistency")
    with pytest.raises(AssertionError):
        test_no_import_cycle()
    with pytest.raises(AssertionError):
        test_parts_import_only_what_they_may()

"""Test helpers live in safeplan.testing, and the running service never imports them."""

from __future__ import annotations

import ast
from pathlib import Path

import safeplan

PACKAGE = Path(safeplan.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _runtime_modules() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts
        and path.relative_to(PACKAGE).parts[0] not in {"testing", "personas.py"}
        and path.name != "conftest.py"
    ]


def test_no_runtime_module_imports_a_test_helper() -> None:
    modules = _runtime_modules()
    assert len(modules) > 100, "the scan found too few modules: it is not looking in the right place"
    leaks = {
        path.relative_to(PACKAGE).as_posix(): sorted(
            name for name in _imports(path) if name.startswith("safeplan.testing") or ".tests" in name
        )
        for path in modules
    }
    assert {path: names for path, names in leaks.items() if names} == {}


def test_there_is_one_home_for_test_helpers() -> None:
    strays = sorted(
        path.relative_to(PACKAGE).as_posix()
        for path in PACKAGE.rglob("*.py")
        if path.name in {"testing.py", "helpers.py"} and "testing" not in path.relative_to(PACKAGE).parts[:1]
    )
    assert strays == []
    assert (PACKAGE / "testing" / "access.py").exists()


def test_no_test_imports_helpers_from_another_apps_tests() -> None:
    crossing = {}
    for path in PACKAGE.rglob("test_*.py"):
        borrowed = sorted(name for name in _imports(path) if ".tests." in name or name.endswith(".conftest"))
        if borrowed:
            crossing[path.relative_to(PACKAGE).as_posix()] = borrowed
    assert crossing == {}

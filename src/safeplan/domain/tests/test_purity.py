"""domain/ is pure Python: no module there may import Django, directly or through another module."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import safeplan.domain

DOMAIN_DIR = Path(safeplan.domain.__file__).resolve().parent


def django_imports(directory: Path) -> list[str]:
    """Return 'file:line module' for every import of django in the Python files under directory."""
    found = []
    for path in sorted(directory.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                if name == "django" or name.startswith("django.") or name.startswith("django_"):
                    found.append(f"{path.relative_to(directory)}:{node.lineno} {name}")
    return found


def test_the_scan_finds_a_django_import(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text("import json\n")
    (tmp_path / "dirty.py").write_text("import os\nfrom django.db import models\n")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "dirtier.py").write_text("def f():\n    import django_tasks\n")
    assert django_imports(tmp_path) == ["dirty.py:2 django.db", "nested/dirtier.py:2 django_tasks"]


def test_no_domain_module_imports_django() -> None:
    assert django_imports(DOMAIN_DIR) == []


def test_importing_every_domain_module_loads_no_django() -> None:
    # A domain module could reach Django through another package it imports;
    # only a clean interpreter shows that.
    script = (
        "import importlib, pkgutil, sys\n"
        "import safeplan.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'safeplan.domain.'):\n"
        "    if '.tests' not in m.name:\n"
        "        importlib.import_module(m.name)\n"
        "leaked = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"domain modules pulled in Django: {result.stdout.strip()}"

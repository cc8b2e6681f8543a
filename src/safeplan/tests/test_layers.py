"""Every import between safeplan's apps runs down the layers (README, "Layout").

A lower app never imports a higher one, not even inside a function: where it must let
higher apps add behaviour it keeps a registry they fill in AppConfig.ready()
(cases/panels.py, cases/handovers.py). Apps on the same layer do not import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]

# Lowest first. The project-level modules (settings, urls, wsgi, cli, personas) sit above all.
LAYERS: list[set[str]] = [
    {"env"},
    {"database", "content"},
    {"domain"},
    {"encryption"},
    {"web"},
    {"audit"},
    {"accounts"},
    {"cases"},
    {"timeline"},
    {"risk", "plans", "evidence", "perpetrators"},
    {"techsafety"},
    {"marac", "survivor"},
    {"disclosure"},
    {"reports"},
    {"housekeeping"},
    {"api"},
]
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def product_modules() -> list[tuple[str, Path]]:
    """Return (app, file) for every product module: not tests, migrations or test helpers."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if "tests" in parts or "migrations" in parts or parts[-1] in {"testing.py", "conftest.py"}:
            continue
        app = parts[0].removesuffix(".py")
        if app in RANK:
            found.append((app, path))
    return found


def imported_apps(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        names.update(m.split(".")[1] for m in modules if m.startswith("safeplan.") and m.count(".") >= 1)
    return names


def test_the_layers_name_every_app() -> None:
    apps = {path.name for path in PACKAGE.iterdir() if (path / "apps.py").exists()}
    assert apps - set(RANK) == set(), "place the new app in LAYERS (and in the README's Layout)"


def test_every_import_between_apps_runs_down() -> None:
    upward = []
    for app, path in product_modules():
        for other in imported_apps(path) - {app}:
            if other in RANK and RANK[other] >= RANK[app]:
                upward.append(f"{path.relative_to(PACKAGE)} imports safeplan.{other}")
    assert upward == []

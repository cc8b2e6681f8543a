"""The demo loader list is explicit, and no app's demo data is left out of it."""

from __future__ import annotations

import importlib.util

from django.apps import apps

from safeplan.housekeeping.demo import LOADERS

# Apps with a demo module that makes no records of its own, and why.
NOTHING_TO_LOAD = {"survivor": "a survivor space is tried by starting one; it has no accounts to seed"}


def test_it_lists_every_installed_apps_demo_loader() -> None:
    listed = {load.__module__ for load in LOADERS}
    missing = []
    for config in apps.get_app_configs():
        module = f"{config.name}.demo"
        if not config.name.startswith("safeplan.") or config.label in {"housekeeping", *NOTHING_TO_LOAD}:
            continue
        if importlib.util.find_spec(module) is not None and module not in listed:
            missing.append(module)
    assert missing == [], "add these to safeplan.housekeeping.demo.LOADERS"


def test_it_loads_staff_and_cases_before_what_hangs_off_a_case() -> None:
    order = [load.__module__ for load in LOADERS]
    assert order[:2] == ["safeplan.accounts.demo", "safeplan.cases.demo"]
    assert order.index("safeplan.risk.demo") < order.index("safeplan.marac.demo")

"""The demo data, loaded app by app in the order their records depend on each other.

Each loader is its app's own ``demo.load``: idempotent, marking every record it makes as
synthetic demo data. A new app with demo data adds its loader to LOADERS, in a place after
the apps its records point to.
"""

from __future__ import annotations

from collections.abc import Callable

from safeplan.accounts import demo as accounts_demo
from safeplan.cases import demo as cases_demo
from safeplan.disclosure import demo as disclosure_demo
from safeplan.evidence import demo as evidence_demo
from safeplan.marac import demo as marac_demo
from safeplan.perpetrators import demo as perpetrators_demo
from safeplan.plans import demo as plans_demo
from safeplan.risk import demo as risk_demo
from safeplan.techsafety import demo as techsafety_demo
from safeplan.timeline import demo as timeline_demo

# Agencies and staff first, then cases, then what hangs off a case; MARAC decisions need
# the risk assessments they follow.
LOADERS: tuple[Callable[[], object], ...] = (
    accounts_demo.load,
    cases_demo.load,
    risk_demo.load,
    timeline_demo.load,
    plans_demo.load,
    evidence_demo.load,
    techsafety_demo.load,
    marac_demo.load,
    perpetrators_demo.load,
    disclosure_demo.load,
)


def load_all() -> None:
    """Run every app's demo loader once, in order. Running it again changes nothing."""
    for load in LOADERS:
        load()

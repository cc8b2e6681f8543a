"""Background work of the person index and perpetrator management, queued by `safeplan tick`."""

from __future__ import annotations

from django_tasks import task

from safeplan.perpetrators.index import index_sweep
from safeplan.perpetrators.management import order_expiries_reach_cases, releases_reach_cases


@task()
def bring_releases_to_cases() -> dict[str, int]:
    """Put each release date now within the lead time on the perpetrator's open cases; return how many."""
    return {"cases": releases_reach_cases()}


@task()
def sweep_person_index() -> dict[str, int]:
    """Index every suspect added or changed outside a case page (imports, the API) and age out old flags."""
    return {"flagged": index_sweep()}


@task()
def bring_order_expiries_to_cases() -> dict[str, int]:
    """Make each order whose end is now within the lead time a trigger point on its case."""
    return order_expiries_reach_cases()

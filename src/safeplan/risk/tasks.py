"""Periodic risk work, run by the task worker (queue it from the tick command)."""

from __future__ import annotations

from django_tasks import task

from safeplan.risk.services import drafts_purge


@task()
def purge_expired_drafts() -> int:
    """Delete draft assessments past their expiry, so unsubmitted answers do not linger; return how many."""
    return drafts_purge()

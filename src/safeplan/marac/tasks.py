"""Background work of the MARAC app, queued by `safeplan tick`."""

from __future__ import annotations

from django_tasks import task

from safeplan.marac.services.escalation import overdue_actions_escalate, overdue_minutes_escalate


@task()
def escalate_overdue_marac_work() -> dict[str, int]:
    """Escalate overdue actions to their agency and overdue minutes to the coordinators; return how many."""
    return {"actions": overdue_actions_escalate(), "minutes": overdue_minutes_escalate()}

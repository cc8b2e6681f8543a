"""Background work of the timeline, run by the task worker and queued by `safeplan tick`."""

from __future__ import annotations

from django_tasks import task

from safeplan.timeline.reminders import remind_and_escalate


@task()
def remind_and_escalate_obligations() -> dict[str, int]:
    """Remind owners of obligations due today and escalate overdue ones; return how many of each."""
    return remind_and_escalate()

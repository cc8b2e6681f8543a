"""Queue the periodic work. Run every few minutes from cron or a systemd timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django_tasks.base import Task

from safeplan.housekeeping.tasks import clear_expired_sessions
from safeplan.risk.tasks import purge_expired_drafts
from safeplan.timeline.tasks import remind_and_escalate_obligations


class Command(BaseCommand):
    help = "Queue periodic work (run every 5 minutes from cron or a systemd timer); the worker runs it."

    def handle(self, *args: Any, **options: Any) -> None:
        tasks: list[Task[[], Any]] = [clear_expired_sessions, remind_and_escalate_obligations, purge_expired_drafts]
        for task in tasks:
            task.enqueue()
        self.stdout.write(f"queued {len(tasks)} task(s): " + ", ".join(task.name for task in tasks))

"""Queue the periodic work. Run every few minutes from cron or a systemd timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from safeplan.housekeeping.tasks import clear_expired_sessions


class Command(BaseCommand):
    help = "Queue periodic work (run every 5 minutes from cron or a systemd timer); the worker runs it."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = [clear_expired_sessions.enqueue()]
        self.stdout.write(f"queued {len(queued)} task(s): " + ", ".join(r.task.name for r in queued))

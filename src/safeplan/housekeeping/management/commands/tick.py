"""Write the audit checkpoint and queue the periodic work. Run every few minutes from cron or a systemd timer."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tasks.base import Task

from safeplan.audit.checkpoints import checkpoint_write
from safeplan.housekeeping import leftovers
from safeplan.housekeeping.tasks import clear_expired_sessions
from safeplan.marac.tasks import escalate_overdue_marac_work
from safeplan.perpetrators.tasks import bring_order_expiries_to_cases, bring_releases_to_cases, sweep_person_index
from safeplan.risk.tasks import purge_expired_drafts
from safeplan.timeline.tasks import remind_and_escalate_obligations


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit chains to the sink outside the database, and queue periodic "
        "work (run every 5 minutes from cron or a systemd timer); the worker runs it."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Written here, not by the worker: the sink belongs to the machine the timer runs on.
        try:
            checkpoint = checkpoint_write()
        except OSError as error:
            failure: str | None = f"the audit checkpoint could not be written: {error}"
        else:
            failure = None
            self.stdout.write(f"audit checkpoint #{checkpoint.number} written")
        if removed := leftovers.sweep():
            self.stdout.write(f"removed {removed} file(s) left by a process that stopped mid-upload or mid-export")
        tasks: list[Task[[], Any]] = [
            clear_expired_sessions,
            remind_and_escalate_obligations,
            purge_expired_drafts,
            sweep_person_index,
            bring_releases_to_cases,
            bring_order_expiries_to_cases,
            escalate_overdue_marac_work,
        ]
        for task in tasks:
            task.enqueue()
        self.stdout.write(f"queued {len(tasks)} task(s): " + ", ".join(task.name for task in tasks))
        if failure is not None:
            raise CommandError(failure)

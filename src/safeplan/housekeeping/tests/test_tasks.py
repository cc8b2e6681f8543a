"""tick queues periodic work; the database-backed worker runs it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db(transaction=True)


def make_session(expires_in: timedelta) -> str:
    store = SessionStore()
    store["marker"] = "synthetic"
    store.set_expiry(timezone.now() + expires_in)
    store.save()
    assert store.session_key is not None
    return store.session_key


def test_tick_queues_the_work_and_the_worker_clears_expired_sessions() -> None:
    expired = make_session(timedelta(seconds=-60))
    live = make_session(timedelta(hours=1))

    call_command("tick")
    queued = DBTaskResult.objects.get(task_path="safeplan.housekeeping.tasks.clear_expired_sessions")
    assert queued.status == "READY"
    assert Session.objects.filter(session_key=expired).exists()

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert queued.return_value == 1
    assert not Session.objects.filter(session_key=expired).exists()
    assert Session.objects.filter(session_key=live).exists()


def test_tick_also_queues_the_obligation_reminders() -> None:
    call_command("tick")
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {
        "safeplan.housekeeping.tasks.clear_expired_sessions",
        "safeplan.timeline.tasks.remind_and_escalate_obligations",
        "safeplan.risk.tasks.purge_expired_drafts",
        "safeplan.perpetrators.tasks.sweep_person_index",
        "safeplan.perpetrators.tasks.bring_releases_to_cases",
        "safeplan.perpetrators.tasks.bring_order_expiries_to_cases",
        "safeplan.marac.tasks.escalate_overdue_marac_work",
    }

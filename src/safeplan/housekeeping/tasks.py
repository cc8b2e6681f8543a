"""Periodic background work, run by the task worker."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task


@task()
def clear_expired_sessions() -> int:
    """Delete expired sessions, so no stale session outlives its use; return how many."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted

"""Reads of the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Max, QuerySet

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb


def events_for_case(case_id: int) -> QuerySet[AuditEvent]:
    # Newest first across chains; (case_id, occurred_at) is indexed.
    return AuditEvent.objects.filter(case_id=case_id).select_related("actor", "sealed").order_by("-occurred_at", "-id")


def events_by_user(user_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=user_id).order_by("-occurred_at", "-id")


def refusals_by_actor(*, actor_ids: QuerySet[Any], since: datetime) -> QuerySet[Any]:
    """Return, per actor among actor_ids, how many case ids they were refused since a time and the latest.

    Rows are {"actor_id", "refusals", "cases", "last"}, most refusals first; counted in the database.
    """
    return (
        AuditEvent.objects.filter(verb=Verb.CASE_ACCESS_REFUSED, occurred_at__gte=since, actor_id__in=actor_ids)
        .values("actor_id")
        .annotate(refusals=Count("id"), last=Max("occurred_at"))
        .order_by("-refusals", "-last")
    )


def last_event_on(target: Any, *, case_id: int | None) -> AuditEvent | None:
    """Return the newest event about a record (who last saved it, and when), or None."""
    events = AuditEvent.objects.filter(target_type=target._meta.model_name, target_id=str(target.pk))
    if case_id is not None:
        events = events.filter(case_id=case_id)  # indexed, so this stays a short scan
    return events.select_related("actor").order_by("-occurred_at", "-id").first()

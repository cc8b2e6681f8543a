"""Reads of the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from safeplan.audit.models import AuditEvent


def events_for_case(case_id: int) -> QuerySet[AuditEvent]:
    # Newest first across chains; (case_id, occurred_at) is indexed.
    return AuditEvent.objects.filter(case_id=case_id).select_related("actor").order_by("-occurred_at", "-id")


def events_by_user(user_id: int) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id=user_id).order_by("-occurred_at", "-id")

"""Reads of the incident diary, always within a case the user has already been allowed to see."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, QuerySet
from django.http import Http404

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.cases.permissions import can_edit
from safeplan.evidence.models import Attachment, Incident


def incidents(case: Case) -> QuerySet[Incident]:
    """Return the case's incidents in date order."""
    return Incident.objects.filter(case=case).order_by("occurred_at", "sequence")


def incident_for(case: Case, incident_id: int) -> Incident:
    """Return the incident of this case, or 404."""
    incident = Incident.objects.filter(case=case, pk=incident_id).select_related("source_attachment").first()
    if incident is None:
        raise Http404
    return incident


def attachment_for(case: Case, attachment_id: int) -> Attachment:
    """Return the exhibit of this case, or 404."""
    attachment = Attachment.objects.filter(case=case, pk=attachment_id).select_related("shared_copy").first()
    if attachment is None:
        raise Http404
    return attachment


def panel_context(case: Case, user: User) -> dict[str, Any]:
    """Return the case page panel: how many incidents, and the date of the latest."""
    summary = Incident.objects.filter(case=case).aggregate(count=Count("pk"), last=Max("occurred_at"))
    return {
        "incident_count": summary["count"],
        "last_incident": summary["last"],
        "evidence_can_edit": can_edit(user, case),
    }

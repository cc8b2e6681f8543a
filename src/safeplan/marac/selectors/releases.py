"""Reads of release alerts: only the coordinators of the alert's area see them; everyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from safeplan.accounts.models import User
from safeplan.marac.models import ReleaseAlert
from safeplan.marac.permissions import is_coordinator_role


def release_alerts_for(user: User, *, dealt_with: bool = False) -> QuerySet[ReleaseAlert]:
    """Return the alerts of the areas the user coordinates, still to deal with (or dealt with), newest first."""
    if not is_coordinator_role(user):
        return ReleaseAlert.objects.none()
    return (
        ReleaseAlert.objects.filter(area__coordinators=user, dealt_with_at__isnull=not dealt_with)
        .select_related("area", "case", "item__meeting", "dealt_with_by")
        .order_by("-created_at", "-pk")
    )


def release_alert_for(user: User, alert_id: int) -> ReleaseAlert:
    alert = (
        ReleaseAlert.objects.filter(pk=alert_id, area__coordinators=user).select_related("area").first()
        if is_coordinator_role(user)
        else None
    )
    if alert is None:
        raise Http404
    return alert

"""Overdue MARAC actions: for the area's coordinators, and the owning agency's point of contact and representatives."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.marac.models import MaracAction
from safeplan.marac.permissions import is_coordinator_role, is_representative


def sees_overdue(user: User) -> bool:
    """Return True for who has an overdue actions page: coordinators, representatives, points of contact."""
    return bool(
        user.is_active
        and (
            is_coordinator_role(user)
            or is_representative(user)
            or (user.agency is not None and user.agency.point_of_contact_id == user.pk)
        )
    )


def overdue_actions_for(user: User) -> QuerySet[MaracAction]:
    """Return the open actions past their due day that the user chases, most overdue first."""
    if not sees_overdue(user):
        return MaracAction.objects.none()
    scope = Q(pk__in=[])
    if is_coordinator_role(user):
        scope |= Q(item__meeting__area__coordinators=user)
    agency = user.agency
    if agency is not None and (is_representative(user) or agency.point_of_contact_id == user.pk):
        scope |= Q(agency_id=agency.pk)
    return (
        MaracAction.objects.filter(scope, state=MaracAction.State.OPEN, due_on__lt=timezone.localdate())
        .select_related("agency", "case", "item__meeting__area")
        .distinct()
        .order_by("due_on", "pk")
    )

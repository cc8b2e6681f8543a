"""Reads of users and teams, scoped to what the asking admin may see: their own agency only."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from safeplan.accounts.models import Agency, Role, Team, UndeliveredMail, User


def admin_agency_id(admin: User) -> int:
    """Return the id of the agency this user administers, or raise Http404 if they administer none.

    A non-admin learns nothing, not even that admin pages exist.
    """
    if not admin.is_agency_admin or admin.agency_id is None:
        raise Http404
    return admin.agency_id


def admin_agency(admin: User) -> Agency:
    """Return the agency this user administers, with its point of contact, or raise Http404."""
    return Agency.objects.select_related("point_of_contact").get(pk=admin_agency_id(admin))


def users_for_admin(*, admin: User) -> QuerySet[User]:
    """Return the users of the admin's agency, by name."""
    return (
        User.objects.people()
        .filter(agency_id=admin_agency_id(admin))
        .select_related("team")
        .order_by("last_name", "first_name")
    )


def user_for_admin(*, admin: User, pk: int) -> User:
    """Return one user of the admin's agency, or raise Http404 for anyone else's."""
    return get_object_or_404(
        User.objects.people().select_related("team", "agency"), pk=pk, agency_id=admin_agency_id(admin)
    )


def teams_for_admin(*, admin: User) -> QuerySet[Team]:
    """Return the teams of the admin's agency, by name, each with its ``member_count``."""
    return (
        Team.objects.filter(agency_id=admin_agency_id(admin))
        .annotate(member_count=Count("members", filter=Q(members__is_service_account=False)))
        .order_by("name")
    )


def undelivered_mail_for(user: User) -> QuerySet[UndeliveredMail]:
    """Return the mail to the supervisor's team that could not be delivered and nobody has dealt with yet.

    Anyone but an active supervisor in a team gets none.
    """
    if not (user.is_active and user.role == Role.SUPERVISOR and user.team_id):
        return UndeliveredMail.objects.none()
    return (
        UndeliveredMail.objects.filter(team_id=user.team_id, resolved_at__isnull=True)
        .select_related("recipient")
        .order_by("created_at", "pk")
    )

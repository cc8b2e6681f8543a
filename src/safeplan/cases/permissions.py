"""Who may do what with a case. Each predicate is small and tested on its own."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from safeplan.accounts.models import CASEWORK_ROLES, Role, User
from safeplan.cases.models import BreakGlassAccess, Case

# Roles that work with the victim directly and so may need to know where they are.
LOCATION_NEED_TO_KNOW = frozenset({Role.OFFICER, Role.IDVA, Role.SUPERVISOR})
# Roles that may be named responsible officer or single point of contact.
OWNER_ROLES = frozenset({Role.OFFICER, Role.IDVA, Role.SUPERVISOR, Role.WITNESS_CARE})
BREAK_GLASS_MINUTES = 60
# Counted as a reader sees them (domain.text.visible_length), so invisible padding does not pass.
BREAK_GLASS_REASON_CHARACTERS = 20


def is_caseworker(user: User) -> bool:
    return bool(user.is_active and user.team_id and user.role in CASEWORK_ROLES)


def in_owning_team(user: User, case: Case) -> bool:
    return is_caseworker(user) and user.team_id == case.team_id


def can_edit(user: User, case: Case) -> bool:
    """Return True if the user may change the case: only its owning team."""
    return in_owning_team(user, case)


def can_reveal_location(user: User, case: Case) -> bool:
    """Return True if the user's role and team give them a need to know where the victim is."""
    return in_owning_team(user, case) and user.role in LOCATION_NEED_TO_KNOW


def can_break_glass(user: User) -> bool:
    return bool(user.is_active and user.role == Role.SUPERVISOR and user.agency_id)


def can_view_audit(user: User, case: Case) -> bool:
    """Return True for a supervisor in the case's own agency."""
    return can_break_glass(user) and user.agency_id == case.team.agency_id


def active_break_glass(user: User) -> QuerySet[BreakGlassAccess]:
    """Return the user's break-glass grants that still hold, checked afresh at every request.

    A grant holds until it expires, and only while the user is still an active supervisor in
    the team they were in when it was given, in the agency that holds the case: losing the
    role, the team or the agency ends it at once.
    """
    if not can_break_glass(user) or not user.team_id:
        return BreakGlassAccess.objects.none()
    agency_id = user.agency_id or 0  # can_break_glass() guarantees an agency
    return BreakGlassAccess.objects.filter(
        user=user,
        expires_at__gt=timezone.now(),
        team_id=user.team_id,
        team__agency_id=agency_id,
        case__team__agency_id=agency_id,
    )


def has_active_break_glass(user: User, case: Case) -> bool:
    return active_break_glass(user).filter(case=case).exists()

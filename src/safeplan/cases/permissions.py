"""Who may do what with a case. Each predicate is small and tested on its own."""

from __future__ import annotations

from django.utils import timezone

from safeplan.accounts.models import CASEWORK_ROLES, Role, User
from safeplan.cases.models import Case

# Roles that work with the victim directly and so may need to know where they are.
LOCATION_NEED_TO_KNOW = frozenset({Role.OFFICER, Role.IDVA, Role.SUPERVISOR})
# Roles that may be named responsible officer or single point of contact.
OWNER_ROLES = frozenset({Role.OFFICER, Role.IDVA, Role.SUPERVISOR, Role.WITNESS_CARE})
BREAK_GLASS_MINUTES = 60


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


def has_active_break_glass(user: User, case: Case) -> bool:
    return case.break_glass.filter(user=user, expires_at__gt=timezone.now()).exists()

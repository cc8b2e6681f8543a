"""Who may work on a Clare's Law request: the caseworkers of the police team that handles it."""

from __future__ import annotations

from safeplan.accounts.models import Agency, Role, User
from safeplan.cases.permissions import is_caseworker
from safeplan.disclosure.models import DisclosureRequest


def handles_disclosure(user: User) -> bool:
    """Return True for a caseworker of a police force: Clare's Law is a police power."""
    return bool(is_caseworker(user) and user.agency is not None and user.agency.kind == Agency.Kind.POLICE)


def can_work(user: User, request: DisclosureRequest) -> bool:
    return handles_disclosure(user) and user.team_id == request.team_id


def can_approve(user: User, request: DisclosureRequest) -> bool:
    """Return True for a supervisor of the handling team: a departure from the guidance needs one."""
    return can_work(user, request) and user.role == Role.SUPERVISOR


def can_see_figures(user: User) -> bool:
    return handles_disclosure(user) and user.role in (Role.SUPERVISOR, Role.MARAC_COORDINATOR)

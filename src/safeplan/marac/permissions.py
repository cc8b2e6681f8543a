"""Who may do what in a MARAC. Each predicate is small and tested on its own.

Partner agencies never reach a case's own pages (their people are not caseworkers); what
they see of a MARAC case is decided by safeplan.marac.selectors.access (need to know).
"""

from __future__ import annotations

from safeplan.accounts.models import PARTNER_KINDS, Role, User
from safeplan.marac.models import MaracAction, MaracArea


def can_host(user: User) -> bool:
    """Return True if the user may set up MARAC areas: an admin of an agency that is not a partner."""
    return bool(user.is_agency_admin and user.agency is not None and user.agency.kind not in PARTNER_KINDS)


def can_configure(user: User, area: MaracArea) -> bool:
    """Return True for an admin of the area's host agency."""
    return bool(user.is_agency_admin and user.agency_id == area.host_agency_id)


def is_coordinator_role(user: User) -> bool:
    return bool(user.is_active and user.role == Role.MARAC_COORDINATOR)


def coordinates(user: User, area: MaracArea) -> bool:
    """Return True if the user is one of the area's named coordinators."""
    return is_coordinator_role(user) and area.coordinators.filter(pk=user.pk).exists()


def is_representative(user: User) -> bool:
    """Return True for a MARAC representative: they see MARAC cases only through need to know."""
    return bool(user.is_active and user.role == Role.MARAC_REPRESENTATIVE and user.agency_id)


def can_close_action(user: User, action: MaracAction) -> bool:
    """Return True for the area's coordinators and the owning agency's representatives."""
    return coordinates(user, action.item.meeting.area) or (
        is_representative(user) and user.agency_id == action.agency_id
    )

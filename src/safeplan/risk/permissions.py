"""Who may assess risk on a case. Reading follows the case's own access (cases.selectors.case_for)."""

from __future__ import annotations

from safeplan.accounts.models import Role, User
from safeplan.cases.models import Case
from safeplan.cases.permissions import can_edit

# Roles that interview the victim and grade the risk. Witness care officers and
# MARAC coordinators in the team read assessments but do not make them.
ASSESSOR_ROLES = frozenset({Role.OFFICER, Role.IDVA, Role.SUPERVISOR})


def can_assess(user: User, case: Case) -> bool:
    """Return True if the user may make assessments and MARAC decisions on the case."""
    return can_edit(user, case) and user.role in ASSESSOR_ROLES

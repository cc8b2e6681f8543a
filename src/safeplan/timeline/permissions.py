"""Who may act on an obligation. Reading follows the case: cases.selectors.case_for."""

from __future__ import annotations

from collections.abc import Iterable

from safeplan.accounts.models import User
from safeplan.cases import permissions
from safeplan.cases.selectors import visible_cases
from safeplan.timeline.models import Obligation


def can_act_on(user: User, obligation: Obligation) -> bool:
    """Return True if the user may record a notification on, or complete, the obligation.

    The owning team may; so may the obligation's owner when they can open the case from
    another team (a witness care officer in a team the case is shared with).
    """
    if permissions.can_edit(user, obligation.case):
        return True
    return (
        permissions.is_caseworker(user)
        and obligation.owner_id == user.pk
        and visible_cases(user).filter(pk=obligation.case_id).exists()
    )


def mark_actions(user: User, obligations: Iterable[Obligation], *, can_edit_case: bool | None = None) -> None:
    """Set ``can_act`` on each obligation for the templates, without a query per row.

    The caller has already checked that the user can open the obligations' cases. Give
    can_edit_case when they all belong to one case; otherwise each obligation's case must
    be loaded with it (select_related).
    """
    for obligation in obligations:
        editable = can_edit_case if can_edit_case is not None else permissions.can_edit(user, obligation.case)
        obligation.can_act = editable or (  # type: ignore[attr-defined]
            permissions.is_caseworker(user) and obligation.owner_id == user.pk
        )

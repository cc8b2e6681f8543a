"""The MARAC section of the case page: the case's referrals, and when it leaves the repeat window."""

from __future__ import annotations

from typing import Any

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.cases.permissions import can_edit, can_reveal_location
from safeplan.marac.models import AgendaItem
from safeplan.marac.selectors import referrals as selectors
from safeplan.risk.permissions import can_assess

SHOWN = 5


def marac_panel_context(case: Case, user: User) -> dict[str, Any]:
    referrals = list(selectors.case_referrals(case)[: SHOWN + 1])
    window = selectors.repeat_window(case)
    return {
        "marac": {
            "referrals": referrals[:SHOWN],
            "more": len(referrals) > SHOWN,
            "last_referral": window[0] if window else None,
            "repeat_until": window[1] if window else None,
            "can_refer": can_assess(user, case),
            "hearings": list(
                AgendaItem.objects.filter(case=case)
                .select_related("meeting__area")
                .order_by("-meeting__meets_at", "-pk")[:SHOWN]
            ),
            "can_tell": can_edit(user, case),
            "can_share_location": can_reveal_location(user, case),
        }
    }

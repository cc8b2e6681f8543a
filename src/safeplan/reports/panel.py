"""The equality monitoring section of the case page (registered in ReportsConfig.ready())."""

from __future__ import annotations

from typing import Any

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.cases.permissions import can_edit
from safeplan.reports.models import EqualityMonitoring


def equality_panel_context(case: Case, user: User) -> dict[str, Any]:
    return {
        "equality": EqualityMonitoring.objects.filter(case=case).first(),
        "equality_can_edit": can_edit(user, case),
    }

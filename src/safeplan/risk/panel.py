"""The risk section of the case page: current grade, its age, the next review, MARAC and the chart."""

from __future__ import annotations

from typing import Any

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.risk import selectors
from safeplan.risk.chart import grade_chart
from safeplan.risk.permissions import can_assess


def risk_panel_context(case: Case, user: User) -> dict[str, Any]:
    """Return the panel's context, read in a fixed number of queries whatever the number of assessments."""
    summary = selectors.summary(case, user)
    return {
        "risk": summary,
        "risk_chart": grade_chart(summary.recent),
        "risk_instruments": selectors.instrument_titles(),
        "risk_can_assess": can_assess(user, case) and case.status == Case.Status.OPEN,
    }

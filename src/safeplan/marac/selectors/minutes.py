"""The minutes of a MARAC meeting, generated from what was recorded: attendance, and each case's record.

For each case on the agenda: the chair's summary and risks, what each agency shared, the actions
agreed with their owners and due dates, and whether the case was closed. Then the open actions
from earlier meetings that came up for review. Never the research an agency kept to itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from safeplan.marac.models import MaracAction, MaracMeeting, ResearchNote
from safeplan.marac.selectors.meetings import agenda, attendance


def minutes(meeting: MaracMeeting) -> dict[str, Any]:
    """Return what the minutes template shows, in a fixed number of queries whatever the agenda's length."""
    items = list(
        agenda(meeting).prefetch_related(
            Prefetch(
                "research",
                queryset=ResearchNote.objects.filter(share=True)
                .exclude(kind=ResearchNote.Kind.WITHHELD)
                .select_related("agency")
                .order_by("agency__name", "written_at", "pk"),
                to_attr="shared_notes",
            ),
            Prefetch("actions", queryset=MaracAction.objects.select_related("agency").order_by("part", "due_on", "pk")),
        )
    )
    carried = list(
        MaracAction.objects.filter(carried_to=meeting).select_related("agency", "case").order_by("case_id", "pk")
    )
    return {"items": items, "attendance": list(attendance(meeting)), "carried": carried}

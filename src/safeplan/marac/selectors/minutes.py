"""The minutes of a MARAC meeting, generated from what was recorded: attendance, and each case's record.

For each case on the agenda: the chair's summary and risks, what each agency shared, the actions
agreed with their owners and due dates, and whether the case was closed. Then the open actions
from earlier meetings that came up for review. Never the research an agency kept to itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.marac.models import MaracAction, MaracMeeting, ResearchNote
from safeplan.marac.permissions import is_coordinator_role, is_representative
from safeplan.marac.selectors.areas import signed_areas
from safeplan.marac.selectors.meetings import agenda, attendance, meetings_for


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


def minutes_meeting_for(user: User, meeting_id: int) -> MaracMeeting:
    """Return a held meeting whose minutes the user may read; otherwise 404, as for a missing id.

    The area's coordinators, always; a representative of an invited agency that signed the area's
    protocol, once the minutes are issued and until its access to the meeting's cases ends.
    """
    if is_coordinator_role(user):
        found = meetings_for(user).filter(pk=meeting_id, held_at__isnull=False).first()
        if found is not None:
            return found
    if is_representative(user) and user.agency_id is not None:
        meeting = (
            MaracMeeting.objects.filter(
                pk=meeting_id,
                minutes_issued_at__isnull=False,
                invitations__agency_id=user.agency_id,
                area_id__in=[a.pk for a in signed_areas(user.agency_id)],
            )
            .select_related("area")
            .first()
        )
        if meeting is not None and timezone.now() <= meeting.access_ends_at:
            return meeting
    raise Http404

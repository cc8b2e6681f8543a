"""Reads of MARAC research: an agency sees its own notes; other agencies see only what is marked to share.

What an agency marks to share is shared at the meeting: it shows on the case's MARAC page from
the time the meeting starts (or once it is recorded as held), to everyone who may see the case.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from safeplan.marac.models import AgendaItem, ResearchNote


def own_research(item: AgendaItem, agency_id: int | None) -> QuerySet[ResearchNote]:
    """Return the agency's own notes on the case, oldest first (never another agency's)."""
    if agency_id is None:
        return ResearchNote.objects.none()
    return item.research.filter(agency_id=agency_id).select_related("written_by").order_by("written_at", "pk")


def shared_at_meeting(item: AgendaItem, now: datetime | None = None) -> bool:
    """Return True once what agencies marked to share is shared: the meeting has started or was held."""
    now = now or timezone.now()
    return item.meeting.held_at is not None or item.meeting.meets_at <= now


def shared_research(item: AgendaItem) -> QuerySet[ResearchNote]:
    """Return what every agency marked to share, by agency, once it is shared; nothing before."""
    if not shared_at_meeting(item):
        return ResearchNote.objects.none()
    return (
        item.research.filter(share=True)
        .exclude(kind=ResearchNote.Kind.WITHHELD)
        .select_related("agency")
        .order_by("agency__name", "written_at", "pk")
    )

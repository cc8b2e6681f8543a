"""Reads of MARAC meetings for the area's coordinators: each scoped to the asking user, 404 otherwise.

Partner agencies reach a meeting's cases only through need to know (the issue's "Meetings"
section); until that is built they see no meeting at all.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import Agency, User
from safeplan.marac.models import AgendaItem, Attendance, MaracMeeting, MaracReferral, MeetingInvitation
from safeplan.marac.permissions import is_coordinator_role
from safeplan.marac.selectors.areas import signatory_ids


def meetings_for(user: User) -> QuerySet[MaracMeeting]:
    """Return the meetings of the MARACs the user coordinates, latest first, with their number of cases."""
    if not is_coordinator_role(user):
        return MaracMeeting.objects.none()
    return (
        MaracMeeting.objects.filter(area__coordinators=user)
        .select_related("area")
        .annotate(cases=Count("items", distinct=True))
        .order_by("-meets_at", "-pk")
    )


def meeting_for(user: User, meeting_id: int) -> MaracMeeting:
    """Return a meeting of one of the user's MARACs; otherwise 404, exactly as for a missing id."""
    meeting = meetings_for(user).filter(pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def agenda(meeting: MaracMeeting) -> QuerySet[AgendaItem]:
    """Return the meeting's cases in agenda order, with what the agenda shows of each."""
    return meeting.items.select_related("case", "referral", "referral__referred_by__agency", "neighbourhood").order_by(
        "position", "pk"
    )


def invitations(meeting: MaracMeeting) -> QuerySet[MeetingInvitation]:
    return meeting.invitations.select_related("agency").order_by("agency__name")


def attendance(meeting: MaracMeeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("agency").order_by("agency__name", "name")


def invitable_agencies(meeting: MaracMeeting) -> QuerySet[Agency]:
    """Return the signatories of the area's protocol in force not yet invited, by name."""
    return (
        Agency.objects.filter(pk__in=signatory_ids(meeting.area))
        .exclude(pk__in=meeting.invitations.values("agency_id"))
        .order_by("name")
    )


def invited_agencies(meeting: MaracMeeting) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=meeting.invitations.values("agency_id")).order_by("name")


def meetings_to_accept_onto(referral: MaracReferral) -> QuerySet[MaracMeeting]:
    """Return the area's meetings still to be held, soonest first: a referral can join one of them."""
    return MaracMeeting.objects.filter(
        area_id=referral.area_id, held_at__isnull=True, meets_at__gte=timezone.now()
    ).order_by("meets_at", "pk")

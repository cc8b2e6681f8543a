"""Need to know: which cases heard at a MARAC a partner agency's representative may see, and when.

A representative sees a case on a meeting's agenda only when their agency signed the area's
protocol in force and either it was invited and the agenda has been circulated and the
access period after the meeting has not ended (safeplan.domain.maracmeeting.partner_may_see),
or it holds an open action on the case. The area's coordinators see every case of their
area. Everyone else gets 404, exactly as for a case that was never heard.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.marac.models import AgendaItem, Attendance, MaracAction, MaracMeeting, MeetingInvitation
from safeplan.marac.permissions import can_close_action, coordinates, is_representative
from safeplan.marac.selectors.areas import signed_areas


def partner_items(user: User) -> QuerySet[AgendaItem]:
    """Return the agenda items the representative's agency needs to see now, latest meeting first."""
    agency_id = user.agency_id
    if not is_representative(user) or agency_id is None:
        return AgendaItem.objects.none()
    areas = signed_areas(agency_id)
    now = timezone.now()
    invited = Exists(MeetingInvitation.objects.filter(meeting=OuterRef("meeting"), agency_id=agency_id))
    holds_action = Exists(
        MaracAction.objects.filter(case=OuterRef("case"), agency_id=agency_id, state=MaracAction.State.OPEN)
    )
    # Each area sets its own access period; an agency signs few areas, so one condition per area.
    in_period = Q(pk__in=[])
    for area in areas:
        ends = now - timedelta(days=area.access_days_after)
        in_period |= Q(meeting__area_id=area.pk, meeting__meets_at__gte=ends)
    window = Q(meeting__agenda_circulated_at__lte=now) & in_period
    return (
        AgendaItem.objects.filter(meeting__area_id__in=[area.pk for area in areas])
        .filter((invited & window) | holds_action)
        .select_related("meeting", "meeting__area", "case")
        .order_by("-meeting__meets_at", "position", "pk")
    )


def item_for(user: User, item_id: int) -> AgendaItem:
    """Return an agenda item the user may see: a coordinator of its area, or a partner that needs to know."""
    item = (
        AgendaItem.objects.select_related("meeting", "meeting__area", "case", "referral", "referral__referred_by")
        .filter(pk=item_id)
        .first()
    )
    if item is not None and coordinates(user, item.meeting.area):
        return item
    if item is None or not partner_items(user).filter(pk=item_id).exists():
        raise Http404
    return item


def acknowledged(user: User, meeting: MaracMeeting) -> bool:
    """Return True once the user has acknowledged the meeting's confidentiality statement."""
    return Attendance.objects.filter(meeting=meeting, user=user, acknowledged_at__isnull=False).exists()


def item_actions(item: AgendaItem) -> QuerySet[MaracAction]:
    """Return the case's plan at this meeting: the actions agreed here, and the open ones carried forward to it."""
    return (
        MaracAction.objects.filter(Q(item=item) | Q(case_id=item.case_id, carried_to_id=item.meeting_id))
        .select_related("agency", "shared_location")
        .order_by("due_on", "pk")
    )


def action_for(user: User, action_id: int) -> MaracAction:
    """Return an action the user may close: the area's coordinator, or its owning agency while it needs to know."""
    action = MaracAction.objects.select_related("item", "item__meeting__area", "agency").filter(pk=action_id).first()
    if action is None or not can_close_action(user, action):
        raise Http404
    item_for(user, action.item_id)
    return action

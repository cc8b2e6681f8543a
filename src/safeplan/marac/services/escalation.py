"""Overdue MARAC work, escalated once by the periodic tick: actions past their due day, minutes past their deadline.

An open action past its due day escalates to its agency's named point of contact (safeplan
accounts, Agency.point_of_contact); the area's coordinators are told too, so an agency with no
point of contact, or one whose point of contact gets no case mail (a partner's representative),
still has a person chasing it. Overdue minutes escalate to the area's coordinators. Each is
stamped by a conditional UPDATE in the transaction that queues its mail, so a second run sends
nothing; each escalation is audited. Every escalated action also shows on the overdue actions
page of its agency and of the coordinators (safeplan.marac.selectors.overdue).
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from safeplan.accounts.mail import Kind, mail_staff, undeliverable_reason
from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.marac.models import MaracAction, MaracMeeting

SYSTEM = "system"


def _coordinators(meeting: MaracMeeting) -> list[User]:
    return list(meeting.area.coordinators.filter(is_active=True).order_by("pk"))


def overdue_actions_escalate(today: date | None = None, now: datetime | None = None) -> int:
    """Escalate every open action past its due day that was not escalated yet; return how many."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    overdue = (
        MaracAction.objects.filter(state=MaracAction.State.OPEN, due_on__lt=today, escalated_at__isnull=True)
        .select_related("agency__point_of_contact", "case", "item__meeting__area")
        .order_by("pk")
    )
    escalated = 0
    with transaction.atomic():
        for action in overdue:
            if not MaracAction.objects.filter(pk=action.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            contact = action.agency.point_of_contact
            coordinators = _coordinators(action.item.meeting)
            to = [contact] if contact is not None and contact.is_active else []
            # Mail only to who may get case mail; a partner's point of contact sees it on the overdue page.
            mailed = [u for u in to if undeliverable_reason(u) is None] + coordinators
            record(
                actor=None,
                actor_label=SYSTEM,
                verb=Verb.MARAC_ACTION_ESCALATED,
                target=action,
                case_id=action.case_id,
                detail={
                    "agency": action.agency_id,
                    "point_of_contact": contact.pk if contact is not None else None,
                    "mailed": sorted({u.pk for u in mailed}),
                },
            )
            for user in sorted(set(mailed), key=lambda u: u.pk):
                mail_staff(
                    to=[user],
                    kind=Kind.ESCALATION,
                    subject=_("Overdue MARAC action: case %(reference)s") % {"reference": action.case.reference},
                    lines=[
                        _("%(reference)s: an action owned by %(agency)s was due on %(day)s and is still open.")
                        % {
                            "reference": action.case.reference,
                            "agency": action.agency.name,
                            "day": dateformat.format(action.due_on, "d/m/Y"),
                        }
                    ],
                    footer=_("Sign in to see the MARAC's overdue actions."),
                    team_id=user.team_id,
                    case_id=action.case_id,
                )
            escalated += 1
    return escalated


def overdue_minutes_escalate(now: datetime | None = None) -> int:
    """Tell the coordinators, once, of every meeting whose minutes are past their deadline; return how many."""
    now = now or timezone.now()
    overdue = MaracMeeting.objects.filter(
        minutes_issued_at__isnull=True, minutes_due_at__lt=now, minutes_escalated_at__isnull=True
    ).select_related("area")
    escalated = 0
    with transaction.atomic():
        for meeting in overdue.order_by("pk"):
            coordinators = _coordinators(meeting)
            if not coordinators:
                continue  # escalated as soon as the area has a coordinator
            if not MaracMeeting.objects.filter(pk=meeting.pk, minutes_escalated_at__isnull=True).update(
                minutes_escalated_at=now
            ):
                continue
            record(
                actor=None,
                actor_label=SYSTEM,
                verb=Verb.MARAC_MINUTES_ESCALATED,
                target=meeting,
                detail={"to": [u.pk for u in coordinators]},
            )
            for user in coordinators:
                mail_staff(
                    to=[user],
                    kind=Kind.ESCALATION,
                    subject=_("Overdue MARAC minutes: %(area)s") % {"area": meeting.area.name},
                    lines=[
                        _("The minutes of the meeting of %(day)s were due on %(due)s and have not been issued.")
                        % {
                            "day": dateformat.format(meeting.meets_on, "d/m/Y"),
                            "due": dateformat.format(timezone.localtime(meeting.minutes_due_at), "d/m/Y"),
                        }
                    ],
                    footer=_("Sign in to issue the minutes."),
                    team_id=user.team_id,
                )
            escalated += 1
    return escalated

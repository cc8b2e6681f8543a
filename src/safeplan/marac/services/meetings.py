"""Writes of MARAC meetings: arrange one, accept referrals onto its agenda, invite agencies, circulate, attendance.

Each runs in one transaction with its audit entry. Only the area's coordinators write here,
and only agencies that signed the area's information sharing protocol in force are invited.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import Agency, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.domain import maracmeeting as rules
from safeplan.marac.models import (
    AgendaItem,
    Attendance,
    MaracAction,
    MaracArea,
    MaracMeeting,
    MaracReferral,
    MeetingInvitation,
    Neighbourhood,
)
from safeplan.marac.permissions import coordinates
from safeplan.marac.selectors.areas import signatory_ids
from safeplan.marac.services.releases import pending_releases_alert


def meeting_create(
    *, actor: User, area: MaracArea, meets_at: datetime, venue: str = "", chair: str = ""
) -> MaracMeeting:
    """Arrange a meeting of the area; the host agency is invited at once."""
    if not coordinates(actor, area):
        raise PermissionDenied
    if meets_at.tzinfo is None:
        raise ValueError("meets_at must be timezone-aware")
    if meets_at < timezone.now():
        raise ValidationError({"meets_on": _("The meeting must be in the future.")})
    with transaction.atomic():
        meeting = MaracMeeting.objects.create(
            area=area, meets_at=meets_at, venue=venue.strip(), chair=chair.strip(), created_by=actor
        )
        if area.host_agency_id in signatory_ids(area):
            MeetingInvitation.objects.create(meeting=meeting, agency_id=area.host_agency_id, invited_by=actor)
        record(
            actor=actor,
            verb=Verb.MARAC_MEETING_CREATED,
            target=meeting,
            detail={"area": area.pk, "meets_at": meets_at.isoformat()},
        )
    return meeting


def referral_accept(
    *, actor: User, referral: MaracReferral, meeting: MaracMeeting, neighbourhood: Neighbourhood | None = None
) -> AgendaItem:
    """Put a waiting referral on a meeting's agenda; marked late after the cut-off or once the agenda went out."""
    if not coordinates(actor, referral.area) or meeting.area_id != referral.area_id:
        raise PermissionDenied
    if neighbourhood is not None and neighbourhood.area_id != referral.area_id:
        raise ValidationError({"neighbourhood": _("Choose a neighbourhood of this MARAC.")})
    if meeting.held_at is not None:
        raise ValidationError({"meeting": _("This meeting has already been held. Choose a later one.")})
    now = timezone.now()
    with transaction.atomic():
        locked = MaracReferral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != MaracReferral.Status.SUBMITTED:
            raise ValidationError(_("This referral has already been dealt with."))
        MaracMeeting.objects.select_for_update().get(pk=meeting.pk)
        position = (meeting.items.aggregate(last=Max("position"))["last"] or 0) + 1
        late = rules.is_late(
            now,
            meeting.meets_on,
            meeting.area.agenda_cutoff_working_days,
            meeting.area.nation,
            circulated=meeting.agenda_circulated_at is not None,
        )
        item = AgendaItem.objects.create(
            meeting=meeting,
            referral=locked,
            case_id=locked.case_id,
            position=position,
            late=late,
            neighbourhood=neighbourhood,
            added_by=actor,
            added_at=now,
        )
        locked.status = MaracReferral.Status.ACCEPTED
        locked.handled_by = actor
        locked.handled_at = now
        locked.save(update_fields=["status", "handled_by", "handled_at"])
        # A release already known on the case reaches this MARAC's coordinators too (issue 18).
        pending_releases_alert(item)
        record(
            actor=actor,
            verb=Verb.MARAC_REFERRAL_ACCEPTED,
            target=locked,
            case_id=locked.case_id,
            detail={"meeting": meeting.pk, "item": item.pk, "late": late},
        )
    return item


def agency_invite(*, actor: User, meeting: MaracMeeting, agency: Agency) -> MeetingInvitation:
    """Invite an agency that signed the area's protocol in force; any other is refused."""
    if not coordinates(actor, meeting.area):
        raise PermissionDenied
    if agency.pk not in signatory_ids(meeting.area):
        raise ValidationError(
            {"agency": _("Only an agency that has signed this MARAC's information sharing protocol can be invited.")}
        )
    with transaction.atomic():
        if meeting.invitations.filter(agency=agency).exists():
            raise ValidationError({"agency": _("This agency is already invited.")})
        made = MeetingInvitation.objects.create(meeting=meeting, agency=agency, invited_by=actor)
        record(actor=actor, verb=Verb.MARAC_AGENCY_INVITED, target=made, detail={"meeting": meeting.pk})
    return made


def agenda_circulate(*, actor: User, meeting: MaracMeeting) -> MaracMeeting:
    """Send the agenda to the invited agencies; open actions from earlier meetings come up for review here."""
    if not coordinates(actor, meeting.area):
        raise PermissionDenied
    with transaction.atomic():
        locked = MaracMeeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.agenda_circulated_at is not None:
            raise ValidationError(_("The agenda has already been circulated."))
        if not locked.items.exists():
            raise ValidationError(_("Accept at least one referral onto the agenda before circulating it."))
        locked.agenda_circulated_at = timezone.now()
        locked.agenda_circulated_by = actor
        locked.save(update_fields=["agenda_circulated_at", "agenda_circulated_by"])
        carried = MaracAction.objects.filter(
            item__meeting__area_id=locked.area_id,
            item__meeting__meets_at__lt=locked.meets_at,
            state=MaracAction.State.OPEN,
        ).update(carried_to=locked)
        record(
            actor=actor,
            verb=Verb.MARAC_AGENDA_CIRCULATED,
            target=locked,
            detail={
                "agencies": sorted(locked.invitations.values_list("agency_id", flat=True)),
                "cases": locked.items.count(),
                "carried_actions": carried,
            },
        )
    return locked


def attendance_record(
    *, actor: User, meeting: MaracMeeting, agency: Agency, name: str, status: str, information_sent: bool = False
) -> Attendance:
    """Record a person who attended for an invited agency, or sent its apologies."""
    if not coordinates(actor, meeting.area):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not meeting.invitations.filter(agency=agency).exists():
        errors["agency"] = _("Choose an agency invited to this meeting.")
    if not name.strip():
        errors["name"] = _("Enter the person's name.")
    if status not in Attendance.Status.values:
        errors["status"] = _("Select whether they attended or sent apologies.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        made = Attendance.objects.create(
            meeting=meeting,
            agency=agency,
            name=name.strip(),
            status=status,
            information_sent=information_sent,
            recorded_by=actor,
        )
        record(
            actor=actor,
            verb=Verb.MARAC_ATTENDANCE_RECORDED,
            target=made,
            detail={"meeting": meeting.pk, "agency": agency.pk, "status": status},
        )
    return made


def meeting_viewed(*, actor: User, meeting: MaracMeeting) -> None:
    """Audit a view of a meeting's agenda (it names the cases on it)."""
    record(actor=actor, verb=Verb.MARAC_MEETING_VIEWED, target=meeting)


def confidentiality_acknowledge(*, actor: User, meeting: MaracMeeting) -> Attendance:
    """Record that the user acknowledged the meeting's confidentiality statement (name, agency, time)."""
    if actor.agency_id is None:
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        found = Attendance.objects.select_for_update().filter(meeting=meeting, user=actor).first()
        if found is not None and found.acknowledged_at is not None:
            return found
        if found is None:
            found = Attendance.objects.create(
                meeting=meeting,
                agency_id=actor.agency_id,
                user=actor,
                name=actor.get_full_name() or actor.get_username(),
                status=Attendance.Status.PRESENT,
                acknowledged_at=now,
                recorded_by=actor,
            )
        else:
            found.acknowledged_at = now
            found.save(update_fields=["acknowledged_at"])
        record(
            actor=actor,
            verb=Verb.MARAC_CONFIDENTIALITY_ACKNOWLEDGED,
            target=found,
            detail={"meeting": meeting.pk, "agency": actor.agency_id},
        )
    return found


def case_viewed(*, actor: User, item: AgendaItem) -> None:
    """Audit a view of a case heard at MARAC (by a coordinator or a partner with need to know)."""
    record(
        actor=actor,
        verb=Verb.MARAC_CASE_VIEWED,
        target=item,
        case_id=item.case_id,
        detail={"meeting": item.meeting_id, "agency": actor.agency_id},
    )

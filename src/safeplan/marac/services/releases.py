"""A perpetrator's coming release reaches the MARACs that heard the case (issue 18).

Registered with safeplan.perpetrators.releases in AppConfig.ready(): each new release notice on a
case makes one alert per MARAC area the case came to, in the same transaction, and mails the
area's coordinators (the case reference and the date only). A coordinator records when it was
dealt with (for example, the case added to the next agenda to review its plan).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from safeplan.accounts.mail import Kind, mail_staff
from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.marac.models import AgendaItem, ReleaseAlert
from safeplan.marac.permissions import coordinates
from safeplan.perpetrators.models import ReleaseTrigger

SYSTEM = "system"


def releases_alert(triggers: Sequence[ReleaseTrigger]) -> list[ReleaseAlert]:
    """Alert every MARAC that heard (or is to hear) the case of each new release notice; return the alerts."""
    made: list[ReleaseAlert] = []
    for trigger in triggers:
        items = (
            AgendaItem.objects.filter(case_id=trigger.case_id)
            .select_related("meeting__area", "case")
            .order_by("-meeting__meets_at", "-pk")
        )
        latest: dict[int, AgendaItem] = {}
        for item in items:
            latest.setdefault(item.meeting.area_id, item)
        for area_id, item in latest.items():
            alert, new = ReleaseAlert.objects.get_or_create(
                area_id=area_id,
                trigger=trigger,
                defaults={"item": item, "case_id": trigger.case_id, "release_on": trigger.release_on},
            )
            if not new:
                continue
            coordinators = list(item.meeting.area.coordinators.filter(is_active=True).order_by("pk"))
            record(
                actor=None,
                actor_label=SYSTEM,
                verb=Verb.MARAC_RELEASE_ALERTED,
                target=alert,
                case_id=trigger.case_id,
                detail={
                    "area": area_id,
                    "release_on": trigger.release_on.isoformat(),
                    "to": [u.pk for u in coordinators],
                },
            )
            for coordinator in coordinators:
                mail_staff(
                    to=[coordinator],
                    kind=Kind.NEW_WORK,
                    subject=_("A perpetrator's release: case %(reference)s") % {"reference": item.case.reference},
                    lines=[
                        _(
                            "%(reference)s, heard at %(area)s: the perpetrator is expected to be released on "
                            "%(day)s. Review the risk management plan before then."
                        )
                        % {
                            "reference": item.case.reference,
                            "area": item.meeting.area.name,
                            "day": dateformat.format(trigger.release_on, "d/m/Y"),
                        }
                    ],
                    footer=_("Sign in to see the MARAC's release alerts."),
                    team_id=coordinator.team_id,
                    case_id=trigger.case_id,
                )
            made.append(alert)
    return made


def release_alert_dealt_with(*, actor: User, alert: ReleaseAlert) -> ReleaseAlert:
    """Record that a coordinator of the area dealt with the alert; it leaves the list of alerts to deal with."""
    if not coordinates(actor, alert.area):
        raise PermissionDenied
    with transaction.atomic():
        locked = ReleaseAlert.objects.select_for_update().get(pk=alert.pk)
        if locked.dealt_with_at is not None:
            raise ValidationError(_("This alert has already been dealt with."))
        locked.dealt_with_at = timezone.now()
        locked.dealt_with_by = actor
        locked.save(update_fields=["dealt_with_at", "dealt_with_by"])
        record(actor=actor, verb=Verb.MARAC_RELEASE_DEALT_WITH, target=locked, case_id=locked.case_id)
    return locked


def pending_releases_alert(item: AgendaItem) -> list[ReleaseAlert]:
    """Alert the MARAC a case has just come to of a release already on the case and still to come."""
    pending = ReleaseTrigger.objects.filter(case_id=item.case_id, release_on__gte=timezone.localdate())
    return releases_alert(list(pending.order_by("release_on", "pk")))

"""Remind owners of obligations due today, and escalate overdue ones to their supervisors.

When: deadlines are the end of a working day (23:59:59 Europe/London), so "before it is due"
means on its due day. An open obligation is reminded once, at the first run on or after the
start of the London day it falls due (in practice the first tick after midnight, so the mail
is waiting when the owner starts work), and escalated once, at the first run after its
deadline has passed. An obligation created already due today is reminded at the next run;
one created already overdue goes straight to escalation.

Who: a reminder goes to the owner; an escalation to the active supervisors of the owner's
team (or, if it has none, of the case's team). Staff only, never the victim (see
safeplan.accounts.mail). Obligations of closed cases are left alone.

Nothing is sent twice: each obligation's reminded_at / escalated_at is stamped by a
conditional UPDATE in the same transaction that queues its mail with on_commit, so a second
run, or a second worker at the same time, finds it stamped and sends nothing. The cost is at
most once: mail that cannot be delivered (no address, a refusal by the mail server) is not
retried but recorded, and shows on the team's overdue page until a supervisor deals with it
(safeplan.accounts.mail). An overdue obligation with no supervisor to tell is not stamped,
so it is escalated as soon as one exists.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import Role, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.domain.workdays import end_of_day, london_day
from safeplan.timeline import mail
from safeplan.timeline.models import Obligation

SYSTEM = "system"


def _supervisors(team_ids: set[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    users = User.objects.people().filter(role=Role.SUPERVISOR, is_active=True, team_id__in=team_ids).order_by("pk")
    for user in users:
        assert user.team_id is not None
        found[user.team_id].append(user)
    return found


def remind_and_escalate(now: datetime | None = None) -> dict[str, int]:
    """Send the reminders and escalations that are due at ``now``; return how many obligations of each."""
    now = now or timezone.now()
    end_of_today = end_of_day(london_day(now))
    open_obligations = Obligation.objects.filter(done_at__isnull=True, case__status=Case.Status.OPEN).select_related(
        "case", "owner"
    )
    with transaction.atomic():
        # Reminders: due later today.
        reminders: dict[User, list[Obligation]] = defaultdict(list)
        for obligation in open_obligations.filter(reminded_at__isnull=True, due_at__gte=now, due_at__lte=end_of_today):
            if not Obligation.objects.filter(pk=obligation.pk, reminded_at__isnull=True).update(reminded_at=now):
                continue
            reminders[obligation.owner].append(obligation)
            record(
                actor=None,
                actor_label=SYSTEM,
                verb=Verb.OBLIGATION_REMINDED,
                target=obligation,
                case_id=obligation.case_id,
                detail={"kind": obligation.kind, "to": [obligation.owner_id]},
            )

        # Escalations: past their deadline.
        overdue = list(open_obligations.filter(escalated_at__isnull=True, due_at__lt=now))
        supervisors = _supervisors(
            {o.owner.team_id for o in overdue if o.owner.team_id} | {o.case.team_id for o in overdue}
        )
        escalations: dict[User, list[Obligation]] = defaultdict(list)
        for obligation in overdue:
            to = supervisors.get(obligation.owner.team_id or 0) or supervisors.get(obligation.case.team_id) or []
            if not to:
                continue
            if not Obligation.objects.filter(pk=obligation.pk, escalated_at__isnull=True).update(escalated_at=now):
                continue
            for supervisor in to:
                escalations[supervisor].append(obligation)
            record(
                actor=None,
                actor_label=SYSTEM,
                verb=Verb.OBLIGATION_ESCALATED,
                target=obligation,
                case_id=obligation.case_id,
                detail={"kind": obligation.kind, "owner": obligation.owner_id, "to": [u.pk for u in to]},
            )

        for owner, owned in reminders.items():
            mail.reminder(owner, owned)
        for supervisor, owned in escalations.items():
            mail.escalation(supervisor, owned)
    return {
        "reminded": sum(len(v) for v in reminders.values()),
        "escalated": len({o.pk for owned in escalations.values() for o in owned}),
    }

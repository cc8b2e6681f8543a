"""The words of mail about obligations: the case reference, what is due and when, nothing about the victim.

Sent through safeplan.accounts.mail, which holds the recipient rule (staff only, never the
victim) and the failure policy (mail that cannot be delivered shows to the team's supervisors).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from functools import partial

from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from safeplan.accounts.mail import Kind, mail_staff
from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.timeline.models import Obligation


def due_text(due_at: datetime) -> str:
    local = timezone.localtime(due_at)
    # Django's date names follow the active language (Welsh month and day names in Welsh mail).
    return _("%(time)s on %(weekday)s %(day)d %(month)s %(year)d") % {
        "time": dateformat.format(local, "H:i"),
        "weekday": dateformat.format(local, "l"),
        "day": local.day,
        "month": dateformat.format(local, "F"),
        "year": local.year,
    }


def line(obligation: Obligation, reference: str) -> str:
    return _("%(reference)s: %(kind)s, due by %(due)s") % {
        "reference": reference,
        "kind": obligation.get_kind_display(),
        "due": due_text(obligation.due_at),
    }


def new_obligations(case: Case, obligations: Iterable[Obligation]) -> None:
    """Tell each owner, once the event is saved, what they must now do on the case."""
    by_owner: dict[User, list[Obligation]] = defaultdict(list)
    for obligation in obligations:
        by_owner[obligation.owner].append(obligation)
    for owner, owned in by_owner.items():
        mail_staff(
            to=[owner],
            kind=Kind.NEW_WORK,
            subject=lambda: _("New work on case %(reference)s") % {"reference": case.reference},
            lines=[partial(line, o, case.reference) for o in owned],
            footer=lambda: _("Sign in to see the case and your obligations."),
            team_id=case.team_id,
            case_id=case.pk,
        )


def reminder(owner: User, owned: list[Obligation]) -> None:
    """Remind the owner of the obligations due today."""
    mail_staff(
        to=[owner],
        kind=Kind.REMINDER,
        subject=lambda: _("Reminder: due today"),
        lines=[partial(line, o, o.case.reference) for o in owned],
        footer=lambda: _("Sign in to see your obligations."),
        team_id=owner.team_id or owned[0].case.team_id,
    )


def _owned_line(obligation: Obligation) -> str:
    return _("%(line)s (owner: %(owner)s)") % {
        "line": line(obligation, obligation.case.reference),
        "owner": obligation.owner,
    }


def escalation(supervisor: User, owned: list[Obligation]) -> None:
    """Tell a supervisor what in their team is past its deadline, and whose it is."""
    mail_staff(
        to=[supervisor],
        kind=Kind.ESCALATION,
        subject=lambda: _("Overdue in your team"),
        lines=[partial(_owned_line, o) for o in owned],
        footer=lambda: _("Sign in to see your team's overdue obligations."),
        team_id=supervisor.team_id,
    )

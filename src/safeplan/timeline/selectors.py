"""Reads of the timeline, limited to what the user may see, in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from safeplan.accounts.models import Role, User
from safeplan.cases.facts import CaseFacts
from safeplan.cases.models import Case
from safeplan.cases.selectors import visible_cases
from safeplan.content.events import event_rules
from safeplan.content.helplines import helplines
from safeplan.domain.workdays import end_of_day, london_day
from safeplan.timeline.models import CaseEvent, CaseNote, Contact, NotificationRecord, Obligation

BAIL_SET = frozenset({"bail_with_conditions", "bail_conditions_changed"})
# Events after which no bail conditions apply: an explicit cancellation, the end of the
# case without charge (out-of-court disposal, no prosecution), or a release with no bail.
BAIL_ENDED = frozenset(
    {
        "bail_conditions_cancelled",
        "out_of_court_disposal",
        "no_further_action",
        "release_without_charge",
        "released_under_investigation",
    }
)


def open_obligations(case: Case, kind: str | None = None) -> QuerySet[Obligation]:
    """Return the case's obligations not yet done, soonest first; of one kind if given.

    For the risk and plans apps: a new assessment answers the open "reassess" obligations,
    a new plan version the open "review_plan" ones (see services.obligations_answer).
    """
    found = Obligation.objects.filter(case=case, done_at__isnull=True)
    if kind is not None:
        found = found.filter(kind=kind)
    return found.select_related("owner", "event").order_by("due_at", "pk")


def answered_obligations(kind: str, *, answer_id: int) -> QuerySet[Obligation]:
    """Return the obligations of this kind that a record answered (see services.obligations_answer), by due date."""
    found = Obligation.objects.filter(kind=kind)
    if kind in (Obligation.Kind.REASSESS, Obligation.Kind.REVIEW_RISK):
        found = found.filter(answered_by_assessment_id=answer_id)
    elif kind == Obligation.Kind.REVIEW_PLAN:
        found = found.filter(answered_by_plan_version_id=answer_id)
    elif kind == Obligation.Kind.MARAC_DECISION:
        found = found.filter(answered_by_marac_decision_id=answer_id)
    else:
        raise ValueError(f"an obligation of kind {kind!r} is not answered by a record")
    return found.select_related("event").order_by("due_at", "pk")


def case_events(case: Case) -> QuerySet[CaseEvent]:
    """Return the case's events, latest first, each with its obligations and their notifications."""
    notifications = NotificationRecord.objects.select_related("notified_by").order_by("notified_at", "pk")
    obligations = (
        Obligation.objects.select_related("owner", "done_by")
        .prefetch_related(Prefetch("notifications", queryset=notifications))
        .order_by("due_at", "pk")
    )
    return (
        CaseEvent.objects.filter(case=case)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("obligations", queryset=obligations))
        .order_by("-occurred_at", "-pk")
    )


def event_for(case: Case, event_id: int) -> CaseEvent | None:
    return case_events(case).filter(pk=event_id).first()


def obligation_for(case: Case, obligation_id: int) -> Obligation | None:
    return (
        Obligation.objects.filter(case=case, pk=obligation_id)
        .select_related("owner", "done_by", "event", "case")
        .prefetch_related(Prefetch("notifications", queryset=NotificationRecord.objects.select_related("notified_by")))
        .first()
    )


def current_bail(case: Case) -> CaseEvent | None:
    """Return the bail event whose conditions apply now, or None.

    That is the latest bail or change of conditions, unless a later event ended bail. Events
    are ordered by when they happened, so one recorded late still takes its place.
    """
    latest = (
        CaseEvent.objects.filter(case=case, type__in=BAIL_SET | BAIL_ENDED)
        .select_related("recorded_by")
        .order_by("-occurred_at", "-pk")
        .first()
    )
    return latest if latest is not None and latest.type in BAIL_SET else None


def bail_breach_advice() -> dict[str, Any]:
    """Return what to tell the victim to do if bail conditions are broken, with its helplines."""
    advice = event_rules().bail_breach_advice
    lines = helplines()
    return {"advice": advice, "advice_helplines": [lines.by_id(i) for i in advice.helplines]}


def fill_case_facts(found: dict[int, CaseFacts]) -> None:
    """Set each case's next deadline, overdue count and overdue plan review (cases.facts), in one query."""
    now = timezone.now()
    overdue = Q(due_at__lt=now)
    for row in (
        Obligation.objects.filter(case_id__in=list(found), done_at__isnull=True)
        .order_by()
        .values("case_id")
        .annotate(
            next_due=Min("due_at"),
            overdue=Count("pk", filter=overdue),
            plan_overdue=Count("pk", filter=overdue & Q(kind=Obligation.Kind.REVIEW_PLAN)),
        )
    ):
        facts = found[row["case_id"]]
        facts.next_due, facts.overdue = row["next_due"], row["overdue"]
        facts.plan_review_overdue = row["plan_overdue"] > 0


def by_next_due(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Return the cases soonest deadline first, those with nothing open last (cases.facts.Ordering)."""
    soonest = (
        Obligation.objects.filter(case=OuterRef("pk"), done_at__isnull=True).order_by("due_at").values("due_at")[:1]
    )
    return cases.annotate(next_due_at=Subquery(soonest)).order_by(F("next_due_at").asc(nulls_last=True), "-pk")


QUEUE_STATES = ("overdue", "due_today", "upcoming")


def _queue_rows(user: User) -> QuerySet[Obligation]:
    return (
        Obligation.objects.filter(
            done_at__isnull=True, case__status=Case.Status.OPEN, case__in=visible_cases(user).values("pk")
        )
        .select_related("case", "event", "owner")
        .order_by("due_at", "pk")
    )


def _state_filters(now: datetime) -> dict[str, Q]:
    """Return the filter for each state of an open obligation (Obligation.state), in the database."""
    today_ends = end_of_day(london_day(now))
    return {
        "overdue": Q(due_at__lt=now),
        "due_today": Q(due_at__gte=now, due_at__lte=today_ends),
        "upcoming": Q(due_at__gt=today_ends),
    }


def queue_counts(rows: QuerySet[Obligation], now: datetime) -> dict[str, int]:
    """Return how many of the rows are overdue, due today and upcoming, counted in one query."""
    counts = rows.order_by().aggregate(
        **{state: Count("pk", filter=condition) for state, condition in _state_filters(now).items()}
    )
    return {state: counts[state] or 0 for state in QUEUE_STATES}


def in_state(rows: QuerySet[Obligation], state: str, now: datetime) -> QuerySet[Obligation]:
    return rows.filter(_state_filters(now)[state])


def my_queue(user: User) -> QuerySet[Obligation]:
    """Return the user's open obligations on open cases they can see, soonest first."""
    return _queue_rows(user).filter(owner=user)


def can_see_team_overdue(user: User) -> bool:
    return bool(user.is_active and user.role == Role.SUPERVISOR and user.team_id)


def team_overdue(user: User, now: datetime | None = None) -> QuerySet[Obligation]:
    """Return the overdue obligations of the supervisor's team: its cases, or owned by its members.

    Written as two indexed sets (the team's cases; its members' obligations) joined by id, so
    the database never reads the force's other overdue obligations to throw them away.
    """
    if not can_see_team_overdue(user):
        return Obligation.objects.none()
    now = now or timezone.now()
    team_id = user.team_id or 0
    open_overdue = Obligation.objects.filter(done_at__isnull=True, due_at__lt=now).order_by()
    on_team_cases = open_overdue.filter(case__team_id=team_id, case__status=Case.Status.OPEN).values("pk")
    owned_by_team = open_overdue.filter(owner__in=User.objects.filter(team_id=team_id).values("pk")).values("pk")
    return _queue_rows(user).filter(pk__in=on_team_cases.union(owned_by_team))


def case_notes(case: Case) -> QuerySet[CaseNote]:
    """Return the case's notes, newest first, each with what it corrects and what corrected it."""
    return (
        CaseNote.objects.filter(case=case)
        .select_related("written_by", "supersedes", "superseded_by", "superseded_by__written_by")
        .order_by("-written_at", "-pk")
    )


def case_contacts(case: Case) -> QuerySet[Contact]:
    """Return the case's contact log, latest contact first, each with how many obligations it answered."""
    return (
        Contact.objects.filter(case=case)
        .select_related("made_by")
        .annotate(answered=Count("notifications"))
        .order_by("-contacted_at", "-pk")
    )


def waiting_to_be_told(case: Case) -> list[Obligation]:
    """Return the case's open obligations to tell the victim, soonest first, with their events."""
    return list(open_obligations(case, kind=Obligation.Kind.NOTIFY))


def obligation_labels(obligations: Iterable[Obligation]) -> dict[int, str]:
    """Return a label per obligation to tell the victim: what happened, when, and when it is due."""
    language = get_language()
    labels = {}
    for obligation in obligations:
        what = obligation.event.event_type.label.get(language) if obligation.event is not None else ""
        when = timezone.localtime(obligation.event.occurred_at) if obligation.event is not None else None
        labels[obligation.pk] = _("%(what)s on %(when)s (due %(due)s)") % {
            "what": what,
            "when": f"{when:%d %b %Y}" if when else "",
            "due": f"{timezone.localtime(obligation.due_at):%d %b %Y %H:%M}",
        }
    return labels


def recent_against_arrangement(user: User, since: datetime) -> QuerySet[Contact]:
    """Return contacts against the safe contact arrangement on the supervisor's team's cases since then."""
    if not can_see_team_overdue(user):
        return Contact.objects.none()
    return (
        Contact.objects.filter(against_arrangement=True, contacted_at__gte=since, case__team_id=user.team_id or 0)
        .select_related("case", "made_by")
        .order_by("-contacted_at", "-pk")
    )

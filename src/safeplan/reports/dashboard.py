"""The team dashboard: a supervisor's figures for their own team's cases, counted in the database.

Every figure is one grouped query (GROUP BY in SQL), so the page costs the same number of
queries for ten cases or ten thousand; the few grouped rows are folded into tables here.
Each figure names the list behind it (safeplan.reports.drilldown), within the same scope.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Case as When_
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases.models import Case
from safeplan.disclosure.models import Disclosure, DisclosureRequest, Reassessment
from safeplan.disclosure.permissions import handles_disclosure
from safeplan.disclosure.selectors import visible_requests
from safeplan.marac.models import MaracAction, MaracReferral
from safeplan.reports.models import LateReason
from safeplan.reports.periods import Quarter
from safeplan.reports.rights import right_for
from safeplan.risk.models import Assessment
from safeplan.timeline.models import Obligation

GRADES = ("high", "medium", "standard", "none")
REVIEW_KINDS = (Obligation.Kind.REASSESS, Obligation.Kind.REVIEW_PLAN, Obligation.Kind.REVIEW_RISK)
OUTCOMES = ("on_time", "late", "overdue", "pending")
LATENESS = ("not_due", "late_1_7", "late_8_28", "late_29")
STAGES = ("initial_contact", "face_to_face", "checks", "forum", "disclose", "reassess", "close")
DAYS_OPEN = ("under_10", "10_to_28", "over_28")
NOT_RECORDED = "not_recorded"
MISSED_REASONS = (*LateReason.Reason.values, NOT_RECORDED)


def team_cases(user: User) -> QuerySet[Case]:
    """Return the cases of the user's team: the scope of every team figure and of the lists behind them."""
    return Case.objects.filter(team_id=user.team_id or 0)


def grade_of_case() -> Coalesce:
    """Return an expression for a case's current grade: the case grade after its latest assessment, or "none"."""
    latest = (
        Assessment.objects.filter(case=OuterRef("pk"))
        .order_by("-created_at", "-pk")
        .annotate(grade=Coalesce(NullIf("case_grade_after", Value("")), "level"))
        .values("grade")[:1]
    )
    return Coalesce(Subquery(latest), Value("none"))


def obligation_outcome(now: datetime) -> When_:
    """Return an expression for an obligation's outcome now: on time, late, overdue or pending."""
    return When_(
        When(done_at__isnull=False, done_at__lte=F("due_at"), then=Value("on_time")),
        When(done_at__isnull=False, then=Value("late")),
        When(due_at__lt=now, then=Value("overdue")),
        default=Value("pending"),
    )


def action_lateness(today: date) -> When_:
    return When_(
        When(due_on__gte=today, then=Value("not_due")),
        When(due_on__gte=today - timedelta(days=7), then=Value("late_1_7")),
        When(due_on__gte=today - timedelta(days=28), then=Value("late_8_28")),
        default=Value("late_29"),
    )


def request_stage() -> When_:
    """Return an expression for an open Clare's Law request's stage (DisclosureRequest.stage, in SQL)."""
    disclosed = Exists(Disclosure.objects.filter(request=OuterRef("pk")))
    reassessed = Exists(Reassessment.objects.filter(request=OuterRef("pk")))
    disclose = DisclosureRequest.Outcome.DISCLOSE
    return When_(
        When(Q(outcome=disclose) & ~Q(disclosed), then=Value("disclose")),
        When(Q(outcome=disclose) & ~Q(reassessed), then=Value("reassess")),
        When(~Q(outcome=""), then=Value("close")),
        When(checks_done_at__isnull=False, then=Value("forum")),
        When(
            Q(face_to_face_at__isnull=False) | (Q(initial_contact_at__isnull=False) & ~Q(route_kind="ask")),
            then=Value("checks"),
        ),
        When(initial_contact_at__isnull=False, then=Value("face_to_face")),
        default=Value("initial_contact"),
    )


def days_open(now: datetime) -> When_:
    return When_(
        When(received_at__gt=now - timedelta(days=10), then=Value("under_10")),
        When(received_at__gt=now - timedelta(days=28), then=Value("10_to_28")),
        default=Value("over_28"),
    )


@dataclass
class Table:
    """Counts by row and column, with totals; rows keep the order they were first met."""

    columns: tuple[str, ...]
    cells: dict[tuple[str, str], int] = field(default_factory=dict)
    rows: list[str] = field(default_factory=list)

    def add(self, row: str, column: str, count: int) -> None:
        if row not in self.rows:
            self.rows.append(row)
        self.cells[(row, column)] = self.cells.get((row, column), 0) + count

    def get(self, row: str, column: str) -> int:
        return self.cells.get((row, column), 0)

    def row_total(self, row: str) -> int:
        return sum(self.get(row, column) for column in self.columns)

    def column_total(self, column: str) -> int:
        return sum(self.get(row, column) for row in self.rows)

    @property
    def total(self) -> int:
        return sum(self.cells.values())


@dataclass
class Dashboard:
    quarter: Quarter
    now: datetime
    caseload: Table  # owner id (as text) x grade
    owners: dict[str, str]
    by_kind: Table  # obligation kind x outcome, due in the quarter
    by_right: Table  # Victims' Code right x outcome, notify obligations due in the quarter
    missed_why: Table  # obligation kind x the reason recorded for missing the deadline (late or overdue)
    reviews_overdue: dict[str, int]
    referrals: int
    repeats: int
    actions: Table  # agency name x lateness
    requests: Table | None  # stage x days open; None when the team does not handle Clare's Law

    @property
    def repeat_rate(self) -> float | None:
        return self.repeats / self.referrals if self.referrals else None


def caseload(user: User) -> tuple[Table, dict[str, str]]:
    rows = (
        team_cases(user)
        .filter(status=Case.Status.OPEN)
        .annotate(grade=grade_of_case())
        .values("responsible_officer", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table = Table(GRADES)
    for row in rows:
        table.add(str(row["responsible_officer"]), row["grade"], row["n"])
    names = {
        str(pk): (f"{first} {last}".strip() or username)
        for pk, first, last, username in User.objects.filter(pk__in=[int(r) for r in table.rows]).values_list(
            "pk", "first_name", "last_name", "username"
        )
    }
    table.rows.sort(key=lambda pk: names.get(pk, "").casefold())
    return table, names


def team_obligations(user: User) -> QuerySet[Obligation]:
    return Obligation.objects.filter(case__team_id=user.team_id or 0)


def obligations(user: User, quarter: Quarter, now: datetime) -> tuple[Table, Table, Table]:
    """Return obligations due in the quarter by kind and outcome, notify ones by right, and why missed ones missed."""
    due = team_obligations(user).filter(due_at__gte=quarter.start, due_at__lt=quarter.end)
    rows = (
        due.annotate(outcome=obligation_outcome(now))
        .values("kind", "event__type", "owner_role", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_kind = Table(OUTCOMES)
    by_right = Table(OUTCOMES)
    for kind, _label in Obligation.Kind.choices:
        by_kind.rows.append(kind)
    for row in rows:
        by_kind.add(row["kind"], row["outcome"], row["n"])
        if row["kind"] == Obligation.Kind.NOTIFY:
            by_right.add(str(right_for(row["event__type"], row["owner_role"])), row["outcome"], row["n"])
    by_right.rows.sort(key=int)
    missed = Table(MISSED_REASONS)
    late_or_overdue = Q(done_at__gt=F("due_at")) | Q(done_at__isnull=True, due_at__lt=now)
    for row in due.filter(late_or_overdue).values("kind", "late_reason__reason").annotate(n=Count("pk")).order_by():
        missed.add(row["kind"], row["late_reason__reason"] or NOT_RECORDED, row["n"])
    return by_kind, by_right, missed


def reviews_overdue(user: User, now: datetime) -> dict[str, int]:
    rows = (
        team_obligations(user)
        .filter(kind__in=REVIEW_KINDS, done_at__isnull=True, due_at__lt=now)
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {row["kind"]: row["n"] for row in rows}
    return {str(kind): found.get(kind, 0) for kind in REVIEW_KINDS}


def repeat_referrals(user: User, quarter: Quarter) -> tuple[int, int]:
    """Return the team's MARAC referrals in the quarter, and how many of them were repeats."""
    counts = MaracReferral.objects.filter(
        case__team_id=user.team_id or 0, referred_at__gte=quarter.start, referred_at__lt=quarter.end
    ).aggregate(total=Count("pk"), repeats=Count("pk", filter=Q(grounds__icontains="repeat")))
    return counts["total"], counts["repeats"]


def open_actions(user: User, today: date) -> Table:
    rows = (
        MaracAction.objects.filter(case__team_id=user.team_id or 0, state=MaracAction.State.OPEN)
        .annotate(lateness=action_lateness(today))
        .values("agency__name", "lateness")
        .annotate(n=Count("pk"))
        .order_by("agency__name")
    )
    table = Table(LATENESS)
    for row in rows:
        table.add(row["agency__name"], row["lateness"], row["n"])
    return table


def open_requests(user: User, now: datetime) -> Table | None:
    if not handles_disclosure(user):
        return None
    rows = (
        visible_requests(user)
        .filter(closed_at__isnull=True)
        .annotate(stage_now=request_stage(), open_for=days_open(now))
        .values("stage_now", "open_for")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table = Table(DAYS_OPEN, rows=list(STAGES))
    for row in rows:
        table.add(row["stage_now"], row["open_for"], row["n"])
    return table


def dashboard(user: User, quarter: Quarter) -> Dashboard:
    """Return the team's figures: caseload now, obligations due in the quarter, MARAC and Clare's Law work now."""
    now = timezone.now()
    load, owners = caseload(user)
    by_kind, by_right, missed = obligations(user, quarter, now)
    referrals, repeats = repeat_referrals(user, quarter)
    return Dashboard(
        quarter=quarter,
        now=now,
        caseload=load,
        owners=owners,
        by_kind=by_kind,
        by_right=by_right,
        missed_why=missed,
        reviews_overdue=reviews_overdue(user, now),
        referrals=referrals,
        repeats=repeats,
        actions=open_actions(user, timezone.localdate(now)),
        requests=open_requests(user, now),
    )

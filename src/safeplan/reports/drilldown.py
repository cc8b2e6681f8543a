"""The lists behind the dashboard's figures: the same scope and the same conditions, a page at a time.

A figure is named by the address (?figure=cases&grade=high&owner=12): anything outside the
known values answers 404, as a figure that does not exist. Rows carry references and dates,
never a victim's name, and link to the record, which the case gate checks again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import Http404, QueryDict
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import User
from safeplan.disclosure.selectors import visible_requests
from safeplan.marac.models import MaracAction, MaracReferral
from safeplan.reports import dashboard as d
from safeplan.reports.models import LateReason
from safeplan.reports.periods import parse_quarter
from safeplan.reports.rights import BY_EVENT_TYPE, RIGHTS
from safeplan.timeline.models import Obligation


@dataclass(frozen=True)
class Cell:
    text: Any
    href: str = ""


@dataclass(frozen=True)
class Listing:
    title: Any
    headings: list[Any]
    rows: QuerySet[Any]
    cells: Callable[[Any], list[Cell]]
    params: dict[str, str]


def _one_of(params: QueryDict, name: str, allowed: Any) -> str:
    value = params.get(name, "")
    if value not in allowed:
        raise Http404
    return value


def _optional_int(params: QueryDict, name: str) -> int | None:
    value = params.get(name, "")
    if value == "":
        return None
    if not value.isdigit():
        raise Http404
    return int(value)


def _day(moment: datetime | date | None) -> str:
    if moment is None:
        return "–"
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment)
    return dateformat.format(moment, "d/m/Y")


def _case_cell(case_id: int, reference: str) -> Cell:
    return Cell(reference, reverse("cases:detail", args=[case_id]))


def cases_listing(user: User, params: QueryDict) -> Listing:
    grade = params.get("grade", "")
    if grade and grade not in d.GRADES:
        raise Http404
    owner = _optional_int(params, "owner")
    rows = d.team_cases(user).filter(status="open").annotate(grade=d.grade_of_case())
    if grade:
        rows = rows.filter(grade=grade)
    if owner is not None:
        rows = rows.filter(responsible_officer_id=owner)
    rows = rows.select_related("responsible_officer").order_by("reference", "pk")
    labels = dict(GRADE_LABELS)
    return Listing(
        title=_("Open cases"),
        headings=[_("Case"), _("Grade"), _("Responsible officer"), _("Opened")],
        rows=rows,
        cells=lambda c: [
            _case_cell(c.pk, c.reference),
            Cell(labels.get(c.grade, c.grade)),
            Cell(str(c.responsible_officer)),
            Cell(_day(c.created_at)),
        ],
        params={"grade": grade, "owner": "" if owner is None else str(owner)},
    )


def obligations_listing(user: User, params: QueryDict) -> Listing:
    quarter = parse_quarter(params.get("quarter"))
    kind = params.get("kind", "")
    if kind and kind not in Obligation.Kind.values:
        raise Http404
    right = params.get("right", "")
    if right and (not right.isdigit() or int(right) not in RIGHTS):
        raise Http404
    outcome = _one_of(params, "outcome", ("", *d.OUTCOMES))
    missed = _one_of(params, "missed", ("", *d.MISSED_REASONS))
    now = timezone.now()
    rows = (
        d.team_obligations(user)
        .filter(due_at__gte=quarter.start, due_at__lt=quarter.end)
        .annotate(outcome=d.obligation_outcome(now))
    )
    if kind:
        rows = rows.filter(kind=kind)
    if right:
        rows = rows.filter(kind=Obligation.Kind.NOTIFY).filter(right_condition(int(right)))
    if outcome:
        rows = rows.filter(outcome=outcome)
    if missed:
        rows = rows.filter(outcome__in=["late", "overdue"])
        rows = (
            rows.filter(late_reason__isnull=True)
            if missed == d.NOT_RECORDED
            else rows.filter(late_reason__reason=missed)
        )
    rows = rows.select_related("case", "owner", "late_reason").order_by("due_at", "pk")
    reasons = dict(LateReason.Reason.choices)
    back = reverse("reports:list", args=["obligations"]) + "?" + params.urlencode()
    outcomes = dict(OUTCOME_LABELS)
    return Listing(
        title=_("Obligations due in the quarter"),
        headings=[
            _("Case"),
            _("What"),
            _("Owner"),
            _("Due"),
            _("Done"),
            _("Outcome"),
            _("How it was closed"),
            _("Why it was late"),
        ],
        rows=rows,
        cells=lambda o: [
            _case_cell(o.case_id, o.case.reference),
            Cell(o.get_kind_display()),
            Cell(str(o.owner)),
            Cell(_day(o.due_at)),
            Cell(_day(o.done_at)),
            Cell(outcomes.get(o.outcome, o.outcome)),
            Cell(o.get_completion_display() or "–"),
            _why_late(o, reasons, back),
        ],
        params={"quarter": str(quarter), "kind": kind, "right": right, "outcome": outcome, "missed": missed},
    )


def _why_late(obligation: Obligation, reasons: dict[str, Any], back: str) -> Cell:
    """The reason recorded for a missed deadline, or a link to record it; nothing for one that was not missed."""
    if obligation.outcome not in ("late", "overdue"):  # type: ignore[attr-defined]
        return Cell("–")
    late = getattr(obligation, "late_reason", None)
    href = reverse("reports:late_reason", args=[obligation.case_id, obligation.pk]) + "?" + urlencode({"back": back})
    if late is None:
        return Cell(_("Record why"), href)
    return Cell(reasons.get(late.reason, late.reason), href)


def right_condition(right: int) -> Q:
    """Return the condition for a notify obligation serving the right (safeplan.reports.rights.right_for, in SQL)."""
    named = [event_type for event_type, number in BY_EVENT_TYPE.items() if number == right]
    condition = Q(event__type__in=named)
    if right in (6, 8):
        by_owner = Q(owner_role="witness_care") if right == 8 else ~Q(owner_role="witness_care")
        condition |= ~Q(event__type__in=list(BY_EVENT_TYPE)) & by_owner
    return condition


def actions_listing(user: User, params: QueryDict) -> Listing:
    lateness = _one_of(params, "lateness", ("", *d.LATENESS))
    agency = params.get("agency", "")
    rows = MaracAction.objects.filter(case__team_id=user.team_id or 0, state=MaracAction.State.OPEN).annotate(
        lateness=d.action_lateness(timezone.localdate())
    )
    if lateness:
        rows = rows.filter(lateness=lateness)
    if agency:
        rows = rows.filter(agency__name=agency)
    rows = rows.select_related("case", "agency").order_by("due_on", "pk")
    return Listing(
        title=_("Open MARAC actions"),
        headings=[_("Case"), _("Agency"), _("Owner"), _("Due")],
        rows=rows,
        cells=lambda a: [
            _case_cell(a.case_id, a.case.reference),
            Cell(a.agency.name),
            Cell(a.owner),
            Cell(_day(a.due_on)),
        ],
        params={"lateness": lateness, "agency": agency},
    )


def referrals_listing(user: User, params: QueryDict) -> Listing:
    quarter = parse_quarter(params.get("quarter"))
    repeat = _one_of(params, "repeat", ("", "yes"))
    rows = MaracReferral.objects.filter(
        case__team_id=user.team_id or 0, referred_at__gte=quarter.start, referred_at__lt=quarter.end
    )
    if repeat:
        rows = rows.filter(grounds__icontains="repeat")
    rows = rows.select_related("case").order_by("referred_at", "pk")
    return Listing(
        title=_("MARAC referrals in the quarter"),
        headings=[_("Case"), _("Referred"), _("Previous referral")],
        rows=rows,
        cells=lambda r: [
            _case_cell(r.case_id, r.case.reference),
            Cell(_day(r.referred_at)),
            Cell(_day(r.previous_referral_on)),
        ],
        params={"quarter": str(quarter), "repeat": repeat},
    )


def requests_listing(user: User, params: QueryDict) -> Listing:
    if not d.handles_disclosure(user):
        raise Http404
    stage = _one_of(params, "stage", ("", *d.STAGES))
    open_for = _one_of(params, "open_for", ("", *d.DAYS_OPEN))
    now = timezone.now()
    rows = (
        visible_requests(user)
        .filter(closed_at__isnull=True)
        .annotate(stage_now=d.request_stage(), open_for=d.days_open(now))
    )
    if stage:
        rows = rows.filter(stage_now=stage)
    if open_for:
        rows = rows.filter(open_for=open_for)
    rows = rows.only("pk", "reference", "received_at", "decision_due").order_by("received_at", "pk")
    stages = dict(STAGE_LABELS)
    return Listing(
        title=_("Open Clare's Law requests"),
        headings=[_("Request"), _("Stage"), _("Received"), _("Decision due")],
        rows=rows,
        cells=lambda r: [
            Cell(r.reference, reverse("disclosure:detail", args=[r.pk])),
            Cell(stages.get(r.stage_now, r.stage_now)),
            Cell(_day(r.received_at)),
            Cell(_day(r.decision_due)),
        ],
        params={"stage": stage, "open_for": open_for},
    )


LISTINGS: dict[str, Callable[[User, QueryDict], Listing]] = {
    "cases": cases_listing,
    "obligations": obligations_listing,
    "actions": actions_listing,
    "referrals": referrals_listing,
    "requests": requests_listing,
}

GRADE_LABELS = (
    ("high", _("High")),
    ("medium", _("Medium")),
    ("standard", _("Standard")),
    ("none", _("Not assessed")),
)
OUTCOME_LABELS = (
    ("on_time", _("Done on time")),
    ("late", _("Done late")),
    ("overdue", _("Overdue, not done")),
    ("pending", _("Not yet due")),
)
LATENESS_LABELS = (
    ("not_due", _("Not yet due")),
    ("late_1_7", _("1 to 7 days late")),
    ("late_8_28", _("8 to 28 days late")),
    ("late_29", _("More than 28 days late")),
)
STAGE_LABELS = (
    ("initial_contact", _("Initial contact")),
    ("face_to_face", _("Face to face")),
    ("checks", _("Checks")),
    ("forum", _("Forum decision")),
    ("disclose", _("Disclosure to make")),
    ("reassess", _("Risk to reassess")),
    ("close", _("To close")),
)
DAYS_OPEN_LABELS = (
    ("under_10", _("Under 10 days")),
    ("10_to_28", _("10 to 28 days")),
    ("over_28", _("More than 28 days")),
)


def listing(user: User, figure: str, params: QueryDict) -> Listing:
    if figure not in LISTINGS:
        raise Http404
    return LISTINGS[figure](user, params)

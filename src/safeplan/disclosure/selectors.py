"""Reads of Clare's Law requests, limited to the handling team, and the figures for the agency."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.disclosure.models import Disclosure, DisclosureRequest, Reassessment
from safeplan.disclosure.permissions import handles_disclosure
from safeplan.domain.disclosure import days_between, median, percentile
from safeplan.domain.workdays import london_day
from safeplan.perpetrators.models import IndexEntry, Perpetrator

# A clock within this many hours of its deadline shows amber.
AMBER_HOURS = 48


def visible_requests(user: User) -> QuerySet[DisclosureRequest]:
    if not handles_disclosure(user):
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(team_id=user.team_id or 0)


def _with_stages(requests: QuerySet[DisclosureRequest]) -> QuerySet[DisclosureRequest]:
    return requests.prefetch_related(
        Prefetch("disclosures", queryset=Disclosure.objects.only("pk", "request_id")),
        Prefetch("reassessments", queryset=Reassessment.objects.only("pk", "request_id", "grade")),
    )


def request_for(user: User, request_id: int) -> DisclosureRequest:
    """Return the request if the user's team handles it; otherwise 404, exactly as for a missing id."""
    found = _with_stages(visible_requests(user)).select_related("team__agency").filter(pk=request_id).first()
    if found is None:
        raise Http404
    return found


def requests_listed(user: User, *, closed: bool) -> QuerySet[DisclosureRequest]:
    """Return the team's open (or closed) requests, the soonest decision first (paged by the view)."""
    return _with_stages(visible_requests(user)).filter(closed_at__isnull=not closed).order_by("decision_due", "pk")


@dataclass(frozen=True)
class Clock:
    """The clock that matters now: what is due, by when, and whether it is late."""

    what: str
    due: datetime | None
    state: str  # "overdue", "soon", "ok", "met" or "missed"


def clock(request: DisclosureRequest, now: datetime | None = None) -> Clock:
    now = now or timezone.now()
    if request.decided_at is not None:
        return Clock(
            "decision", request.decision_due, "met" if request.decided_at <= request.decision_due else "missed"
        )
    if request.closed_at is not None:
        return Clock("closed", None, "ok")
    stage = request.stage
    due = {
        "initial_contact": request.initial_contact_due,
        "face_to_face": request.face_to_face_due,
    }.get(stage) or request.decision_due
    what = stage if stage in ("initial_contact", "face_to_face") else "decision"
    if due < now:
        state = "overdue"
    elif due - now <= timedelta(hours=AMBER_HOURS):
        state = "soon"
    else:
        state = "ok"
    return Clock(what, due, state)


@dataclass(frozen=True)
class Figures:
    by_route: list[tuple[str, int, int]]  # route, applications, disclosures
    by_outcome: list[tuple[str, int]]
    by_month: list[tuple[str, int, int]]  # "2026-11", applications, disclosures
    decided: int
    median_days: float | None
    p90_days: float | None
    within_target: float | None  # share of decided requests decided by their target
    attracting: int  # subjects with two or more requests


def figures(user: User, *, received_from: datetime | None = None, received_before: datetime | None = None) -> Figures:
    """Return the agency's Clare's Law figures: counts, days to decision and the share within target.

    received_from and received_before limit them to the requests received in a period (a return's quarter).
    """
    requests = DisclosureRequest.objects.filter(team__agency_id=user.agency_id or 0)
    if received_from is not None:
        requests = requests.filter(received_at__gte=received_from)
    if received_before is not None:
        requests = requests.filter(received_at__lt=received_before)
    rows = list(requests.values_list("route", "outcome", "received_at", "decided_at", "decision_due", "closure"))
    route_apps: Counter[str] = Counter()
    route_disc: Counter[str] = Counter()
    month_apps: Counter[str] = Counter()
    month_disc: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    days: list[float] = []
    on_time = 0
    for route, outcome, received_at, decided_at, decision_due, _closure in rows:
        month = london_day(received_at).strftime("%Y-%m")
        route_apps[route] += 1
        month_apps[month] += 1
        outcomes[outcome or "undecided"] += 1
        if outcome == DisclosureRequest.Outcome.DISCLOSE:
            route_disc[route] += 1
            month_disc[month] += 1
        if decided_at is not None:
            days.append(days_between(received_at, decided_at))
            on_time += decided_at <= decision_due
    attracting = (
        Perpetrator.objects.filter(request_count__gte=2, entries__team__agency_id=user.agency_id or 0)
        .distinct()
        .count()
    )
    return Figures(
        by_route=[(route, route_apps[route], route_disc[route]) for route in sorted(route_apps)],
        by_outcome=sorted(outcomes.items()),
        by_month=[(month, month_apps[month], month_disc[month]) for month in sorted(month_apps)],
        decided=len(days),
        median_days=median(days),
        p90_days=percentile(days, 0.9),
        within_target=(on_time / len(days)) if days else None,
        attracting=attracting,
    )


def repeated_subjects(user: User) -> QuerySet[Perpetrator]:
    """Return the people asked about in two or more requests, by index number only: request patterns, no content.

    The guidance asks forces to notice someone "attracting a volume of requests" who may be
    unknown to the police: each row says how many requests and how many suspect records the
    agency holds of them.
    """
    agency_id = user.agency_id or 0
    in_agency = Q(entries__team__agency_id=agency_id)
    return (
        Perpetrator.objects.filter(
            request_count__gte=2, pk__in=IndexEntry.objects.filter(team__agency_id=agency_id).values("perpetrator_id")
        )
        .annotate(
            suspect_records=Count(
                "entries", filter=in_agency & Q(entries__source=IndexEntry.Source.SUSPECT), distinct=True
            ),
            last_request_at=Max(
                "entries__started_at", filter=in_agency & Q(entries__source=IndexEntry.Source.DVDS_SUBJECT)
            ),
        )
        .order_by("-request_count", "pk")
    )

"""Reads of cases, always limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Case as Case_
from django.db.models import Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.audit.services import access_refused
from safeplan.cases import facts
from safeplan.cases.models import BreakGlassAccess, Case, CaseShare, Handover, Person
from safeplan.cases.permissions import active_break_glass, can_edit, is_caseworker


def visible_cases(user: User) -> QuerySet[Case]:
    """Return the cases the user may open: their team's, shared with it, or break-glass."""
    if not user.is_authenticated or not is_caseworker(user):
        return Case.objects.none()
    now = timezone.now()
    team_id = user.team_id or 0  # is_caseworker() guarantees a team
    shared = CaseShare.objects.filter(team_id=team_id, expires_at__gt=now, revoked_at__isnull=True)
    glass = active_break_glass(user)
    return Case.objects.filter(
        Q(team_id=team_id) | Q(pk__in=shared.values("case_id")) | Q(pk__in=glass.values("case_id"))
    )


def people_in_order(people: QuerySet[Person]) -> QuerySet[Person]:
    """Return the people victim first, then suspects, children and others, each by name."""
    rank = Case_(
        *(When(role=role, then=Value(position)) for position, role in enumerate(Person.Role.values)),
        default=Value(len(Person.Role.values)),
    )
    return people.order_by(rank, "full_name")


def _with_people(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related("responsible_officer", "spoc", "team").prefetch_related(
        Prefetch("people", queryset=people_in_order(Person.objects.all()))
    )


def _refuse(user: User, case_id: int, wanted: str) -> Http404:
    """Audit a refused case id (the insider trying other cases' ids leaves a trace) and return the 404."""
    access_refused(actor=user, case_id=case_id, case_exists=Case.objects.filter(pk=case_id).exists(), wanted=wanted)
    return Http404()


def case_for(user: User, case_id: int) -> Case:
    """Return the case if the user may see it; otherwise audit the refusal and 404, exactly as for a missing id."""
    case = _with_people(visible_cases(user)).filter(pk=case_id).first()
    if case is None:
        raise _refuse(user, case_id, "view")
    return case


def editable_case_for(user: User, case_id: int) -> Case:
    """Return the case if the user may change it; otherwise 404, exactly as for a missing id.

    A user who may see the case but not change it (a team it is shared with, break-glass
    access) gets the same 404 as an outsider, so a write page says nothing about the case.
    """
    case = case_for(user, case_id)
    if not can_edit(user, case):
        raise _refuse(user, case_id, "edit")
    return case


def my_cases(user: User) -> QuerySet[Case]:
    return _with_people(visible_cases(user).filter(Q(responsible_officer=user) | Q(spoc=user)))


def team_cases(user: User) -> QuerySet[Case]:
    return _with_people(visible_cases(user).filter(team_id=user.team_id or 0))


def shared_cases(user: User) -> QuerySet[Case]:
    return _with_people(visible_cases(user).exclude(team_id=user.team_id or 0))


def search_cases(user: User, query: str) -> QuerySet[Case]:
    """Return visible cases whose reference matches exactly or whose people's names contain the query."""
    query = query.strip()
    if len(query) < 2:
        return Case.objects.none()
    # Two indexed reads joined by UNION, not one OR: an OR of a column and a subquery makes PostgreSQL
    # read every case. References are upper case (domain.references), so the unique index answers
    # them; names are answered by the trigram indexes (cases migration 0008) on PostgreSQL.
    by_reference = Case.objects.filter(reference=query.upper()).values("pk").order_by()
    by_name = Person.objects.filter(Q(full_name__icontains=query) | Q(other_names__icontains=query)).values("case_id")
    return _with_people(visible_cases(user).filter(pk__in=by_reference.union(by_name.order_by(), all=True)))


def home_cases(open_cases: QuerySet[Case], *, shown: int) -> dict[str, Any]:
    """Return what the home page shows of these open cases, each with its facts (cases.facts).

    "attention": the high-risk ones whose review is overdue or that have no current plan, and how
    many; "cases": the first few by next deadline (newest first when no app orders them), and how many.
    The facts are read in one query per app for all the cases together.
    """
    now = timezone.now()
    ordering = facts.ORDERINGS.get("next_due")
    everything = facts.attach(ordering.apply(open_cases) if ordering else open_cases.order_by("-created_at", "-pk"))
    attention = [case for case in everything if case.facts.needs_attention(now)]  # type: ignore[attr-defined]
    return {
        "attention": attention[:shown],
        "attention_total": len(attention),
        "cases": everything[:shown],
        "cases_total": len(everything),
        "now": now,
    }


def pending_handovers(user: User) -> QuerySet[Handover]:
    """Return handovers to the user that they have not yet acknowledged."""
    return Handover.objects.filter(to_user=user, acknowledged_at__isnull=True).select_related("case", "from_user")


def break_glass_history(case: Case) -> QuerySet[BreakGlassAccess]:
    return case.break_glass.select_related("user")

"""The neighbourhood policing briefing: cases heard at MARAC located in one neighbourhood, for its police.

Only what 002 ("The role of neighbourhood policing teams") names as information for the teams:
the known perpetrators and victims, the children associated with the household, newly imposed
civil orders, a pending or recent release, and whether a current safety plan is in place (and
who holds it). Never the victim's confidential locations, nor anything an agency shared at
the meeting. Who may read it: officers, supervisors and MARAC coordinators of a police force
that signed the area's information sharing protocol in force, and the area's coordinators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import Agency, Role, User
from safeplan.cases.models import Person
from safeplan.marac.models import AgendaItem, MaracArea, Neighbourhood
from safeplan.marac.selectors.areas import signed_areas
from safeplan.perpetrators.models import Custody, IndexEntry, Order
from safeplan.plans.models import SafetyPlanVersion

BRIEFING_ROLES = frozenset({Role.OFFICER, Role.SUPERVISOR, Role.MARAC_COORDINATOR})
# "Newly imposed" orders and a "recent" release: within this many days.
RECENT_DAYS = 90


def briefed_areas(user: User) -> list[MaracArea]:
    """Return the areas whose neighbourhood briefings the user may read."""
    if not user.is_active or user.role not in BRIEFING_ROLES or user.agency is None:
        return []
    coordinated = list(MaracArea.objects.filter(coordinators=user)) if user.role == Role.MARAC_COORDINATOR else []
    police = signed_areas(user.agency_id) if user.agency.kind == Agency.Kind.POLICE else []
    return sorted({a.pk: a for a in [*coordinated, *police]}.values(), key=lambda a: a.name)


def neighbourhoods_for(user: User) -> QuerySet[Neighbourhood]:
    return (
        Neighbourhood.objects.filter(area_id__in=[a.pk for a in briefed_areas(user)])
        .select_related("area")
        .order_by("area__name", "name", "pk")
    )


def neighbourhood_for(user: User, neighbourhood_id: int) -> Neighbourhood:
    """Return a neighbourhood whose briefing the user may read; otherwise 404, as for a missing id."""
    found = neighbourhoods_for(user).filter(pk=neighbourhood_id).first()
    if found is None:
        raise Http404
    return found


def briefing_items(neighbourhood: Neighbourhood) -> QuerySet[AgendaItem]:
    """Return the open cases heard at MARAC in the neighbourhood: each case once, at its latest hearing."""
    now = timezone.now()
    later = AgendaItem.objects.filter(
        case=OuterRef("case"), meeting__meets_at__gt=OuterRef("meeting__meets_at"), meeting__meets_at__lte=now
    )
    return (
        AgendaItem.objects.filter(neighbourhood=neighbourhood, meeting__meets_at__lte=now, closed_at__isnull=True)
        .filter(~Exists(later))
        .select_related("meeting", "case", "case__spoc")
        .order_by("-meeting__meets_at", "pk")
    )


@dataclass
class BriefingRow:
    item: AgendaItem
    victims: list[Person] = field(default_factory=list)
    perpetrators: list[Person] = field(default_factory=list)
    children: list[Person] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    releases: list[Custody] = field(default_factory=list)
    plan: SafetyPlanVersion | None = None


def briefing_rows(items: list[AgendaItem], today: date | None = None) -> list[BriefingRow]:
    """Return what the briefing shows of each case, in a fixed number of queries whatever the number of cases."""
    today = today or timezone.localdate()
    rows = {item.case_id: BriefingRow(item=item) for item in items}
    if not rows:
        return []
    case_ids = list(rows)
    for person in Person.objects.filter(case_id__in=case_ids).order_by("role", "full_name", "pk"):
        row = rows[person.case_id]
        if person.role == Person.Role.VICTIM:
            row.victims.append(person)
        elif person.role == Person.Role.SUSPECT:
            row.perpetrators.append(person)
        elif person.role == Person.Role.CHILD:
            row.children.append(person)
    recent = today - timedelta(days=RECENT_DAYS)
    for order in (
        Order.objects.filter(case_id__in=case_ids, starts_on__gte=recent)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .order_by("-starts_on", "pk")
    ):
        rows[order.case_id].orders.append(order)
    perpetrator_cases: dict[int, set[int]] = defaultdict(set)
    for case_id, perpetrator_id in IndexEntry.objects.filter(person__case_id__in=case_ids).values_list(
        "person__case_id", "perpetrator_id"
    ):
        perpetrator_cases[perpetrator_id].add(case_id)
    pending = Custody.objects.filter(
        perpetrator_id__in=list(perpetrator_cases), expected_release_on__gte=recent
    ).order_by("expected_release_on", "pk")
    for custody in pending:
        for case_id in sorted(perpetrator_cases[custody.perpetrator_id]):
            rows[case_id].releases.append(custody)
    for version in (
        SafetyPlanVersion.objects.filter(plan__case_id__in=case_ids)
        .select_related("plan")
        .order_by("plan__case_id", "-number")
    ):
        row = rows[version.plan.case_id]
        if row.plan is None:
            row.plan = version
    return [rows[item.case_id] for item in items]

"""Synthetic records in bulk for the reporting tests and the benchmark: cases with grades, obligations,
MARAC referrals, meetings and actions, and Clare's Law requests, varied by a simple rule on their number.

Rows are made with bulk_create so that thousands cost seconds; what each figure should be is
then computed from the rows by the slow, obvious route (one object at a time, with the
models' own methods), never written down by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import count

from django.utils import timezone

from safeplan.accounts.models import Agency, Team, User
from safeplan.cases.models import Case, Person
from safeplan.disclosure.models import DisclosureRequest
from safeplan.marac.models import AgendaItem, MaracAction, MaracArea, MaracMeeting, MaracReferral
from safeplan.reports.models import EqualityMonitoring
from safeplan.reports.periods import current_quarter
from safeplan.risk.models import Assessment
from safeplan.timeline.models import CaseEvent, Obligation

LEVELS = ("standard", "medium", "high")
NOTIFY_TYPES = ("arrest", "trial_date_set", "verdict", "release_from_prison", "charge", "bail_with_conditions")
_serial = count(1)


@dataclass
class Made:
    cases: list[Case]


def _in_quarter(hours: int) -> datetime:
    """Return a moment `hours` after the start of the current quarter, but never after now."""
    quarter = current_quarter()
    return min(quarter.start + timedelta(hours=hours), timezone.now() - timedelta(minutes=5))


def fill(
    team: Team,
    owners: list[User],
    n: int,
    *,
    area: MaracArea | None = None,
    coordinator: User | None = None,
    agencies: list[Agency] | None = None,
) -> Made:
    """Make n cases in the team (varied by number) with everything the reports count."""
    now = timezone.now()
    first = next(_serial)
    for _ in range(n):
        next(_serial)
    cases = Case.objects.bulk_create(
        [
            Case(
                reference=f"SP-R{first:04d}-{i:05d}",
                team=team,
                status="closed" if i % 7 == 6 else "open",
                closed_at=now if i % 7 == 6 else None,
                responsible_officer=owners[i % len(owners)],
                spoc=owners[(i + 1) % len(owners)],
                created_by=owners[0],
                is_demo=True,
            )
            for i in range(n)
        ]
    )
    if not cases[0].pk:  # SQLite before returning ids
        cases = list(Case.objects.filter(reference__startswith=f"SP-R{first:04d}-").order_by("reference"))
    assessments = []
    for i, case in enumerate(cases):
        if i % 4 == 3:
            continue
        levels = [LEVELS[i % 3]] + ([LEVELS[(i + 1) % 3]] if i % 5 == 0 else [])
        for step, level in enumerate(levels):
            assessments.append(
                Assessment(
                    case=case,
                    instrument_id="ric",
                    instrument_version=1,
                    answers={},
                    level=level,
                    score_level=level,
                    yes_count=0,
                    factor_count=24,
                    medium_from=10,
                    high_from=14,
                    escalation_from=3,
                    incidents_last_12_months=0,
                    assessed_on=timezone.localdate(now),
                    victim_view="not_sure",
                    case_grade_before="",
                    case_grade_after=level,
                    trigger="initial",
                    assessed_by=owners[0],
                    created_at=now - timedelta(days=30 - step),
                )
            )
    Assessment.objects.bulk_create(assessments)
    events = CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                type=NOTIFY_TYPES[i % len(NOTIFY_TYPES)],
                rules_version=1,
                occurred_at=_in_quarter(i % 50),
                recorded_by=owners[0],
            )
            for i, case in enumerate(cases)
        ]
    )
    if not events[0].pk:
        events = list(CaseEvent.objects.filter(case__in=cases).order_by("case__reference"))
    obligations = []
    for i, (case, event) in enumerate(zip(cases, events, strict=True)):
        due = _in_quarter(24 + i % 60)
        owner_role = "witness_care" if event.type in ("trial_date_set", "verdict") else "spoc"
        shape = i % 5
        done_at = {0: due - timedelta(hours=1), 1: due + timedelta(hours=3)}.get(shape)
        obligations.append(
            Obligation(
                case=case,
                event=event,
                kind="notify",
                owner_role=owner_role,
                owner=owners[i % len(owners)],
                working_days=1,
                due_at=now + timedelta(hours=2) if shape == 4 else due,
                done_at=done_at,
                done_by=owners[0] if done_at else None,
                completion=("notified" if shape == 0 else "manual") if done_at else "",
            )
        )
        if i % 3 == 0:
            late = i % 2 == 0
            obligations.append(
                Obligation(
                    case=case,
                    event=event,
                    kind="review_risk" if i % 9 == 0 else "reassess",
                    owner_role="responsible_officer",
                    owner=owners[0],
                    working_days=1,
                    due_at=now - timedelta(days=2) if late else now + timedelta(days=2),
                )
            )
    Obligation.objects.bulk_create(obligations)
    if area is not None and coordinator is not None:
        _marac(cases, area, coordinator, agencies or [team.agency], now)
    _people(cases, now)
    return Made(cases=cases)


def _marac(cases: list[Case], area: MaracArea, coordinator: User, agencies: list[Agency], now: datetime) -> None:
    chosen = [case for i, case in enumerate(cases) if i % 3 == 0]
    latest = {a.case_id: a for a in Assessment.objects.filter(case__in=chosen).order_by("created_at")}
    meetings = MaracMeeting.objects.bulk_create(
        [
            MaracMeeting(
                area=area, meets_at=_in_quarter(48 + 24 * k), held_at=_in_quarter(48 + 24 * k), created_by=coordinator
            )
            for k in range(3)
        ]
    )
    if not meetings[0].pk:
        meetings = list(MaracMeeting.objects.filter(area=area).order_by("-pk")[:3])
    referrals = []
    for i, case in enumerate(chosen):
        if case.pk not in latest:
            continue
        repeat = i % 2 == 0
        referrals.append(
            MaracReferral(
                case=case,
                area=area,
                assessment=latest[case.pk],
                status=MaracReferral.Status.ACCEPTED,
                grounds=["visible_high_risk", "repeat"] if repeat else ["professional_judgement"],
                previous_referral_on=timezone.localdate(now) - timedelta(days=100) if repeat else None,
                prefill={},
                afraid_of="Synthetic",
                victim_aware="yes",
                consent="given",
                referred_by=case.responsible_officer,
                referred_at=_in_quarter(12 + i),
            )
        )
    referrals = MaracReferral.objects.bulk_create(referrals)
    if referrals and not referrals[0].pk:
        referrals = list(MaracReferral.objects.filter(area=area).order_by("pk"))
    items = AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                meeting=meetings[i % len(meetings)],
                referral=referral,
                case_id=referral.case_id,
                position=i + 1,
                added_by=coordinator,
            )
            for i, referral in enumerate(referrals)
        ]
    )
    if items and not items[0].pk:
        items = list(AgendaItem.objects.filter(meeting__in=meetings).order_by("pk"))
    today = timezone.localdate(now)
    actions = []
    for i, item in enumerate(items):
        for j, offset in enumerate((5, -3, -15, -40)[: 1 + i % 4]):
            closed = (i + j) % 5 == 4
            actions.append(
                MaracAction(
                    item=item,
                    case_id=item.case_id,
                    part="victim",
                    text="Synthetic action",
                    agency=agencies[(i + j) % len(agencies)],
                    owner="Synthetic owner",
                    due_on=today + timedelta(days=offset),
                    state="done" if closed else "open",
                    closed_at=now if closed else None,
                    created_by=coordinator,
                )
            )
    MaracAction.objects.bulk_create(actions)


def _people(cases: list[Case], now: datetime) -> None:
    today = timezone.localdate(now)
    people = []
    monitoring = []
    for i, case in enumerate(cases):
        age = (17, 30, 45, 16)[i % 4]
        people.append(
            Person(case=case, role="victim", full_name=f"Synthetic Victim {i}", date_of_birth=_born(today, age, i))
        )
        suspect_age = (16, 35, 50)[i % 3]
        people.append(
            Person(
                case=case,
                role="suspect",
                full_name=f"Synthetic Suspect {i}",
                date_of_birth=_born(today, suspect_age, i),
            )
        )
        for k in range(i % 3):
            people.append(Person(case=case, role="child", full_name=f"Synthetic Child {i}-{k}"))
        if i % 2 == 0:
            monitoring.append(
                EqualityMonitoring(
                    case=case,
                    minoritised=("yes", "no", "not_known")[i % 3],
                    lgbt=("yes", "no")[i % 4 // 2],
                    disabled=("yes", "no")[i % 2],
                    gender=("female", "male", "female", "not_known")[i % 4],
                    updated_by=case.responsible_officer,
                )
            )
    Person.objects.bulk_create(people)
    EqualityMonitoring.objects.bulk_create(monitoring)


def _born(today: date, age: int, i: int) -> date:
    """Return a birthday that makes the person `age` today and for the next few weeks (i spreads the days)."""
    return today - timedelta(days=365 * age + 120 + i % 60)


def requests(team: Team, actor: User, n: int) -> list[DisclosureRequest]:
    """Make n open Clare's Law requests for the team, received from 1 to 60 days ago, at varied stages."""
    now = timezone.now()
    first = next(_serial)
    made = []
    for i in range(n):
        received = now - timedelta(days=1 + (i * 7) % 60)
        stage = i % 4
        made.append(
            DisclosureRequest(
                reference=f"CL-R{first:04d}-{i:04d}",
                team=team,
                nation="england-and-wales",
                rules_version=1,
                guidance="Synthetic",
                route="right_to_ask",
                route_kind="ask",
                channel="phone",
                applicant_kind="person_at_risk",
                received_at=received,
                safe_contact_how="Synthetic",
                subject_name=f"Synthetic Subject {i}",
                initial_contact_due=received + timedelta(days=1),
                decision_due=received + timedelta(days=28),
                initial_contact_at=received + timedelta(hours=2) if stage >= 1 else None,
                face_to_face_at=received + timedelta(days=3) if stage >= 2 else None,
                checks_done_at=received + timedelta(days=5) if stage >= 3 else None,
                created_by=actor,
            )
        )
    return DisclosureRequest.objects.bulk_create(made)

"""The home page is a work dashboard: tasks due and overdue, handovers, high-risk cases needing attention, cases.

Case lists show each case's grade, next due date and owners, and sort by the next deadline,
without a query per row.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.cases.models import Case, Person
from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.risk import make_assessment
from safeplan.testing.signin import sign_in_verified
from safeplan.timeline.models import Obligation
from safeplan.timeline.services import event_record

PAGE = 5
numbers = itertools.count(300)


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def add_case(world: World, *, spoc: Any = None, high: bool = False, event: bool = False) -> Case:
    n = next(numbers)
    case = Case.objects.create(
        reference=f"SP-HOME-{n:04d}",
        team=world.north,
        responsible_officer=world.alice,
        spoc=spoc or world.alice,
        created_by=world.alice,
    )
    Person.objects.create(case=case, role=Person.Role.VICTIM, full_name=f"Home Victim {n}")
    if high:
        make_assessment(case, world.alice, yes=15)
    if event:
        event_record(actor=world.alice, case=case, type_id="arrest", occurred_at=timezone.now() - timedelta(days=20))
    return case


def test_home_shows_my_overdue_tasks_and_the_handover_to_acknowledge(world: World) -> None:
    case = add_case(world, event=True)
    html = signed_in(world.alice).get("/staff/").content.decode()
    assert "Your tasks overdue and due today" in html
    assert f">{case.reference}<" in html
    assert "overdue" in html
    # Bob has the world's handover to acknowledge, and none of Alice's tasks.
    bob = signed_in(world.bob).get("/staff/").content.decode()
    assert "Handovers to acknowledge" in bob
    assert world.case.reference in bob
    assert case.reference not in bob.split('id="home-cases"')[0]


def test_a_high_risk_case_without_a_plan_needs_attention_and_one_not_assessed_does_not(world: World) -> None:
    high = add_case(world, high=True)
    unassessed = add_case(world)
    html = signed_in(world.alice).get("/staff/").content.decode()
    attention = html.split('id="home-attention"')[1].split("</section>")[0]
    assert high.reference in attention
    assert "no safety plan" in attention
    assert unassessed.reference not in attention


def test_a_high_risk_case_whose_review_is_overdue_needs_attention(world: World) -> None:
    case = add_case(world)
    make_assessment(case, world.alice, yes=15, at=timezone.now() - timedelta(days=200))
    html = signed_in(world.alice).get("/staff/").content.decode()
    attention = html.split('id="home-attention"')[1].split("</section>")[0]
    assert case.reference in attention
    assert "risk review overdue since" in attention


def test_the_team_view_is_for_supervisors_only(world: World) -> None:
    add_case(world, event=True)
    sue = signed_in(world.sue).get("/staff/?view=team").content.decode()
    assert "Your team&#x27;s work" in sue or "Your team's work" in sue
    assert "Your team&#x27;s overdue tasks" in sue or "Your team's overdue tasks" in sue
    alice = signed_in(world.alice).get("/staff/?view=team").content.decode()
    assert "Your tasks overdue and due today" in alice


def test_home_costs_the_same_queries_and_size_however_many_cases_and_tasks(world: World) -> None:
    def add(n: int) -> None:  # the first fill (16) is more than each part of the page shows
        for _ in range(n):
            add_case(world, high=True, event=True)

    assert_bounded(signed_in(world.alice), "/staff/", add, page=PAGE)


def test_the_team_home_costs_the_same_however_many_cases(world: World) -> None:
    def add(n: int) -> None:
        for _ in range(n):
            add_case(world, spoc=world.bob, event=True)

    assert_bounded(signed_in(world.sue), "/staff/?view=team", add, page=PAGE)


def test_a_case_list_shows_grade_and_next_due_and_stays_bounded(world: World) -> None:
    def add(n: int) -> None:
        for index in range(n):
            add_case(world, high=index % 2 == 0, event=True)

    assert_bounded(signed_in(world.alice), "/cases/team/?sort=next_due", add, page=PAGE)
    html = signed_in(world.alice).get("/cases/team/?sort=next_due").content.decode()
    assert "govuk-tag--red" in html  # a high grade
    assert "Next due" in html


def test_the_list_sorted_by_next_due_puts_the_soonest_deadline_first(world: World) -> None:
    later = add_case(world, event=True)
    sooner = add_case(world, event=True)
    Obligation.objects.filter(case=sooner).update(due_at=timezone.now() - timedelta(days=30))
    Obligation.objects.filter(case=later).update(due_at=timezone.now() + timedelta(days=3))
    html = signed_in(world.alice).get("/cases/team/?sort=next_due").content.decode()
    assert html.index(sooner.reference) < html.index(later.reference) < html.index(world.case.reference)
    newest = signed_in(world.alice).get("/cases/team/").content.decode()
    assert newest.index(sooner.reference) < newest.index(later.reference)
    by_reference = signed_in(world.alice).get("/cases/team/?sort=reference").content.decode()
    assert by_reference.index(later.reference) < by_reference.index(sooner.reference)


def test_an_unknown_sort_is_ignored_not_an_error(world: World) -> None:
    response = signed_in(world.alice).get("/cases/team/?sort=drop+table")
    assert response.status_code == 200

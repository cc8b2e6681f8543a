"""The risk history comes a page at a time, each assessment still compared with the one before it."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.risk import make_assessment
from safeplan.testing.signin import sign_in_verified

PAGE = 3
days = itertools.count(1)


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def add_assessments(world: World, count: int) -> None:
    start = timezone.now() - timedelta(days=3000)
    for _ in range(count):
        make_assessment(world.case, world.alice, yes=2, at=start + timedelta(days=next(days)))


def test_the_risk_history_holds_one_page_whatever_the_number_of_assessments(world: World) -> None:
    assert_bounded(
        signed_in(world.alice), f"/cases/{world.case.pk}/risk/", lambda n: add_assessments(world, n), page=PAGE
    )


def test_the_first_assessment_of_a_page_is_compared_with_the_last_of_the_next_page(world: World) -> None:
    start = timezone.now() - timedelta(days=100)
    for index, yes in enumerate([2, 2, 2, 15]):  # the oldest three on page 2, the newest alone on page 1... and 3
        make_assessment(world.case, world.alice, yes=yes, at=start + timedelta(days=index))
    client = signed_in(world.alice)
    first = client.get(f"/cases/{world.case.pk}/risk/").content.decode()
    assert "Grade rose from" in first
    assert "4 assessments in all" in first
    last = client.get(f"/cases/{world.case.pk}/risk/?page=2").content.decode()
    assert "The first of its kind on the case" in last
    assert "Grade rose from" not in last

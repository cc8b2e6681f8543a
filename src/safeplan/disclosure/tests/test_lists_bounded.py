"""Clare's Law lists (the team's requests, the subjects of repeated requests) come a page at a time."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.perpetrators.models import IndexEntry, Perpetrator
from safeplan.personas import World
from safeplan.testing.disclosure import world_request
from safeplan.testing.lists import assert_bounded
from safeplan.testing.signin import sign_in_verified

PAGE = 3
numbers = itertools.count(800_000)


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_the_request_list_holds_one_page_whatever_the_number_of_requests(world: World) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            world_request(world, again=True, days_ago=1)

    assert_bounded(signed_in(world.alice), "/disclosure/", add, page=PAGE)


def test_the_repeated_subjects_hold_one_page_whatever_their_number(world: World) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            person = Perpetrator.objects.create(request_count=2)
            for _ in range(2):
                IndexEntry.objects.create(
                    source=IndexEntry.Source.DVDS_SUBJECT,
                    disclosure_id=next(numbers),
                    team=world.north,
                    full_name="Synthetic Subject",
                    started_at=timezone.now(),
                    perpetrator=person,
                )

    assert_bounded(signed_in(world.sue), "/disclosure/figures/", add, page=PAGE)

"""The coordinator's MARAC lists (areas, meetings, the referral queue) come a page at a time."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.marac.models import MaracArea, MaracReferral
from safeplan.marac.services.meetings import meeting_create
from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.marac import marac_world, world_referral
from safeplan.testing.signin import sign_in_verified

PAGE = 3
numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def test_the_area_list_holds_one_page_whatever_the_number_of_areas(world: World) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            area = MaracArea.objects.create(name=f"Synthetic MARAC {next(numbers):04d}", host_agency=world.agency)
            area.coordinators.add(world.mark)

    assert_bounded(signed_in(world.mark), "/marac/areas/", add, page=PAGE)


def test_the_meeting_list_holds_one_page_whatever_the_number_of_meetings(world: World) -> None:
    area = marac_world(world).area

    def add(count: int) -> None:
        for _ in range(count):
            meeting_create(
                actor=world.mark,
                area=area,
                meets_at=timezone.now() + timedelta(days=next(numbers)),
                venue="Room 2 (synthetic)",
            )

    assert_bounded(signed_in(world.mark), "/marac/meetings/", add, page=PAGE)


def test_the_referral_queue_holds_one_page_whatever_the_number_of_referrals(world: World) -> None:
    first = world_referral(world)

    def add(count: int) -> None:
        for _ in range(count):
            # Copies of a referral the service made: the queue reads rows, however they came.
            copy = MaracReferral.objects.get(pk=first.pk)
            copy.pk = None
            copy.referred_at = first.referred_at - timedelta(minutes=next(numbers))
            copy.save()

    assert_bounded(signed_in(world.mark), "/marac/referrals/", add, page=PAGE)

"""The serial perpetrator list and the questions to a team come a page at a time."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.perpetrators.models import Enquiry, IndexEntry, Perpetrator
from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.perpetrators import world_perpetrator
from safeplan.testing.signin import sign_in_verified

PAGE = 3
numbers = itertools.count(900_000)


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def indexed(world: World, *, flagged: bool) -> IndexEntry:
    """Return an index entry of Team North for a new person (a synthetic request subject)."""
    now = timezone.now()
    person = Perpetrator.objects.create(flagged_at=now if flagged else None, victim_count=2 if flagged else 0)
    return IndexEntry.objects.create(
        source=IndexEntry.Source.DVDS_SUBJECT,
        disclosure_id=next(numbers),
        team=world.north,
        full_name="Synthetic Subject",
        started_at=now,
        perpetrator=person,
    )


def test_the_serial_list_holds_one_page_whatever_the_number_flagged(world: World) -> None:
    def add(count: int) -> None:
        for _ in range(count):
            indexed(world, flagged=True)

    assert_bounded(signed_in(world.sue), "/perpetrators/serial/", add, page=PAGE)


def test_the_questions_to_a_team_hold_one_page_whatever_their_number(world: World) -> None:
    theirs = IndexEntry.objects.get(perpetrator=world_perpetrator(world), team=world.south)
    ours = IndexEntry.objects.get(perpetrator=world_perpetrator(world), team=world.north)

    def add(count: int) -> None:
        for _ in range(count):
            Enquiry.objects.create(
                from_user=world.charlie, from_entry=theirs, to_entry=ours, to_team=world.north, message="Synthetic?"
            )

    assert_bounded(signed_in(world.alice), "/perpetrators/enquiries/", add, page=PAGE)

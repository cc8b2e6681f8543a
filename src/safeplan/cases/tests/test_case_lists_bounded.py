"""Case lists and search results come a page at a time, filtered by status and owner."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client

from safeplan.cases.models import Case, Person
from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.signin import sign_in_verified

PAGE = 5
numbers = itertools.count(100)


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def add_cases(world: World, count: int, *, spoc: object = None) -> None:
    for _ in range(count):
        n = next(numbers)
        case = Case.objects.create(
            reference=f"SP-LIST-{n:04d}",
            team=world.north,
            responsible_officer=world.alice,
            spoc=spoc or world.bob,
            created_by=world.alice,
        )
        Person.objects.create(case=case, role=Person.Role.VICTIM, full_name=f"Listed Victim {n}")


@pytest.mark.parametrize("path", ["/cases/", "/cases/team/", "/cases/search/?q=Listed+Victim"])
def test_a_case_list_holds_one_page_whatever_the_number_of_cases(world: World, path: str) -> None:
    assert_bounded(signed_in(world.alice), path, lambda n: add_cases(world, n), page=PAGE)


def test_the_pages_of_a_list_show_every_case_once(world: World) -> None:
    add_cases(world, 2 * PAGE + 1)
    client = signed_in(world.alice)
    seen = []
    for number in (1, 2, 3):
        html = client.get(f"/cases/team/?page={number}").content.decode()
        seen += [ref for ref in Case.objects.values_list("reference", flat=True) if f">{ref}<" in html]
    assert sorted(seen) == sorted(Case.objects.values_list("reference", flat=True))
    assert len(seen) == Case.objects.count()


def test_the_team_list_narrows_to_one_owner_and_keeps_the_filter_across_pages(world: World) -> None:
    add_cases(world, PAGE + 1, spoc=world.sue)
    add_cases(world, 2)
    client = signed_in(world.alice)
    html = client.get(f"/cases/team/?owner={world.sue.pk}").content.decode()
    assert f"{PAGE + 1} cases" in html
    assert f"owner={world.sue.pk}&amp;page=2" in html
    html = client.get(f"/cases/team/?owner={world.sue.pk}&page=2").content.decode()
    assert html.count("SP-LIST-") == 1


def test_closed_cases_are_listed_apart_and_together_on_request(world: World) -> None:
    add_cases(world, 2)
    Case.objects.filter(reference="SP-TEST-0001").update(status="closed", closed_at=world.case.created_at)
    client = signed_in(world.alice)
    assert "SP-TEST-0001" not in client.get("/cases/team/").content.decode()
    assert "SP-TEST-0001" in client.get("/cases/team/?status=closed").content.decode()
    all_cases = client.get("/cases/team/?status=all").content.decode()
    assert "SP-TEST-0001" in all_cases
    assert "3 cases" in all_cases

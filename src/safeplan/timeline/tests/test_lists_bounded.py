"""The timeline and the work queues come a page at a time, whatever the number of events."""

from __future__ import annotations

import itertools
import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from safeplan.personas import World
from safeplan.testing.lists import assert_bounded
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.timeline import record
from safeplan.timeline.models import CaseEvent, Obligation

PAGE = 5
TYPES = ["arrest", "verdict", "breach", "new_incident", "charge"]
steps = itertools.count(1)


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def add_events(world: World, count: int, *, overdue: bool = True) -> None:
    for _ in range(count):
        n = next(steps)
        record(world.alice, world.case, TYPES[n % len(TYPES)], ago=timedelta(days=20 if overdue else 0, minutes=n))


@pytest.mark.parametrize("path", ["/cases/{case}/timeline/", "/cases/obligations/", "/cases/obligations/team-overdue/"])
def test_the_timeline_and_queues_hold_one_page_whatever_the_number_of_events(world: World, path: str) -> None:
    client = signed_in(world.sue)
    Obligation.objects.update(owner=world.sue)

    def add(count: int) -> None:
        add_events(world, count)
        Obligation.objects.update(owner=world.sue)  # so the supervisor's own queue fills too

    assert_bounded(client, path.format(case=world.case.pk), add, page=PAGE)


def test_the_timeline_pages_through_every_event_once_and_back(world: World) -> None:
    add_events(world, 2 * PAGE + 2)
    client = signed_in(world.alice)
    path = f"/cases/{world.case.pk}/timeline/"
    seen: list[str] = []
    pages = []
    while path:
        html = client.get(path).content.decode()
        pages.append(path)
        seen += re.findall(r"/events/(\d+)/\"", html)
        found = re.search(r'href="\?([^"]*after=[^"]*)" rel="next"', html)
        path = f"/cases/{world.case.pk}/timeline/?{found.group(1).replace('&amp;', '&')}" if found else ""
    assert len(pages) == 3
    assert sorted(map(int, seen)) == sorted(CaseEvent.objects.filter(case=world.case).values_list("pk", flat=True))
    last = client.get(pages[-1]).content.decode()
    back = re.search(r'href="\?([^"]*before=[^"]*)" rel="prev"', last)
    assert back is not None
    middle = client.get(f"/cases/{world.case.pk}/timeline/?{back.group(1).replace('&amp;', '&')}").content.decode()
    assert re.findall(r"/events/(\d+)/\"", middle) == re.findall(
        r"/events/(\d+)/\"", client.get(pages[1]).content.decode()
    )


def test_a_cursor_that_is_not_ours_shows_the_first_page(world: World) -> None:
    add_events(world, 2)
    response = signed_in(world.alice).get(f"/cases/{world.case.pk}/timeline/?after=not-a-cursor")
    assert response.status_code == 200
    assert response.content.decode().count("/events/") >= 2


def test_the_timeline_narrows_to_one_kind_of_event(world: World) -> None:
    add_events(world, 6)
    html = signed_in(world.alice).get(f"/cases/{world.case.pk}/timeline/?type=verdict").content.decode()
    shown = re.findall(r"/events/(\d+)/\"", html)
    verdicts = CaseEvent.objects.filter(case=world.case, type="verdict").values_list("pk", flat=True)
    assert sorted(map(int, shown)) == sorted(verdicts)
    assert len(shown) > 0


def test_a_supervisor_narrows_team_overdue_to_one_owner(world: World) -> None:
    add_events(world, 4)
    Obligation.objects.filter(kind="notify").update(owner=world.sue)
    client = signed_in(world.sue)
    mine = client.get(f"/cases/obligations/team-overdue/?owner={world.sue.pk}").content.decode()
    expected = Obligation.objects.filter(owner=world.sue, done_at__isnull=True).count()
    assert f"{expected} overdue obligation" in mine
    kinds = client.get("/cases/obligations/team-overdue/?kind=reassess").content.decode()
    reassess = Obligation.objects.filter(kind="reassess", done_at__isnull=True)
    assert f"{reassess.count()} overdue obligation" in kinds
    assert all(f"/obligations/{pk}/" in kinds for pk in reassess.values_list("pk", flat=True)[:PAGE])


def test_the_case_page_shows_the_soonest_open_obligations_and_counts_the_rest(world: World) -> None:
    client = signed_in(world.alice)
    assert_bounded(client, f"/cases/{world.case.pk}/", lambda n: add_events(world, n, overdue=False), page=PAGE)
    open_count = Obligation.objects.filter(case=world.case, done_at__isnull=True).count()
    html = client.get(f"/cases/{world.case.pk}/").content.decode()
    assert f"{PAGE} of {open_count} open obligations, the soonest due." in html

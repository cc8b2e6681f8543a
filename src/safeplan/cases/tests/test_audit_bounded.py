"""Audit trails (a case's, a user's) and the refusals summary come a page at a time."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from safeplan.accounts.models import Role
from safeplan.audit.models import AuditEvent
from safeplan.audit.services import access_refused, record
from safeplan.audit.verbs import Verb
from safeplan.personas import World, make_user
from safeplan.testing.lists import assert_bounded
from safeplan.testing.signin import sign_in_verified

PAGE = 4


@pytest.fixture(autouse=True)
def small_pages(settings: Any) -> None:
    settings.LIST_PAGE_SIZE = PAGE


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def add_case_events(world: World, count: int) -> None:
    for _ in range(count):
        record(actor=world.alice, verb=Verb.CASE_VIEWED, target=world.case, case_id=world.case.pk)


def test_a_case_audit_trail_holds_one_page_whatever_its_length(world: World) -> None:
    assert_bounded(
        signed_in(world.sue), f"/cases/{world.case.pk}/audit/", lambda n: add_case_events(world, n), page=PAGE
    )


def test_a_user_audit_trail_holds_one_page_whatever_its_length(world: World) -> None:
    assert_bounded(
        signed_in(world.sue), f"/staff/audit/users/{world.alice.pk}/", lambda n: add_case_events(world, n), page=PAGE
    )


def test_the_refusals_summary_holds_one_page_whatever_the_number_of_people(world: World) -> None:
    made = iter(range(1000))

    def add(count: int) -> None:
        for _ in range(count):
            user = make_user(f"curious{next(made)}", Role.OFFICER, world.north)
            access_refused(actor=user, case_id=world.case.pk + 999, case_exists=False, wanted="view")

    assert_bounded(signed_in(world.sue), "/staff/audit/refused/", add, page=PAGE)


def test_older_events_follow_on_the_next_page_and_every_event_is_shown_once(world: World) -> None:
    add_case_events(world, 2 * PAGE + 1)
    client = signed_in(world.sue)
    path = f"/cases/{world.case.pk}/audit/"
    wanted = set(AuditEvent.objects.filter(case_id=world.case.pk).values_list("pk", flat=True))
    seen = 0
    pages = 0
    while path:
        html = client.get(path).content.decode()
        pages += 1
        seen += html.count('<tr class="govuk-table__row">') - 1
        found = re.search(r'href="\?([^"]*after=[^"]*)" rel="next"', html)
        path = f"/cases/{world.case.pk}/audit/?{found.group(1).replace('&amp;', '&')}" if found else ""
    # Each visit of the trail adds an event of its own, newest first: every event before the first visit is shown.
    assert seen >= len(wanted)
    assert pages >= 3

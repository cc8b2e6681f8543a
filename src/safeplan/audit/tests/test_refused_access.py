"""Every refused case (the 404 gate) is in the audit trail, and a supervisor sees who keeps being refused.
The 404 itself stays exactly the page a missing id gets."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases.models import CaseShare
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.web.pagination import page_size

pytestmark = pytest.mark.django_db

MISSING = 987654
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def refusals() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(verb=Verb.CASE_ACCESS_REFUSED).order_by("id"))


def test_an_outsider_trying_a_case_and_a_made_up_id_gets_the_same_404_and_both_are_audited(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.charlie)
    real = client.get(f"/cases/{world.case.pk}/")
    made_up = client.get(f"/cases/{MISSING}/")
    assert real.status_code == made_up.status_code == 404
    # Only the CSRF token of the sign-out form differs, as it does between any two responses.
    assert CSRF.sub("", real.content.decode()) == CSRF.sub("", made_up.content.decode())
    assert {key: value for key, value in real.items() if key != "Date"} == {
        key: value for key, value in made_up.items() if key != "Date"
    }
    first, second = refusals()
    assert (first.actor, first.case_id, first.detail) == (
        world.charlie,
        world.case.pk,
        {"requested": world.case.pk, "exists": True, "wanted": "view"},
    )
    assert (second.actor, second.case_id, second.detail) == (
        world.charlie,
        None,
        {"requested": MISSING, "exists": False, "wanted": "view"},
    )


def test_a_reader_refused_a_write_page_is_audited_as_wanting_to_change_it(world: World) -> None:
    from datetime import timedelta

    from django.utils import timezone

    CaseShare.objects.create(
        case=world.case,
        team=world.south,
        reason="joint work",
        granted_by=world.alice,
        expires_at=timezone.now() + timedelta(days=5),
    )
    client = Client()
    sign_in_verified(client, world.charlie)
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    assert client.get(f"/cases/{world.case.pk}/incidents/new/").status_code == 404
    (refused,) = refusals()
    assert refused.detail == {"requested": world.case.pk, "exists": True, "wanted": "edit"}


def test_the_case_owners_see_who_tried_to_open_their_case(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.charlie)
    client.get(f"/cases/{world.case.pk}/")
    owner = Client()
    sign_in_verified(owner, world.sue)
    html = owner.get(f"/cases/{world.case.pk}/audit/").content.decode()
    assert "Was refused a case" in html
    assert "charlie" in html


def test_a_supervisor_sees_who_in_their_agency_keeps_being_refused(world: World) -> None:
    prober = Client()
    sign_in_verified(prober, world.charlie)
    for case_id in (world.case.pk, MISSING, MISSING + 1):
        prober.get(f"/cases/{case_id}/")
    once = Client()
    sign_in_verified(once, world.bob)
    once.get(f"/cases/{MISSING}/")
    client = Client()
    sign_in_verified(client, world.sue)
    assert "Refused access to cases" in client.get("/staff/").content.decode()
    html = client.get("/staff/audit/refused/").content.decode()
    assert html.index(world.charlie.get_full_name()) < html.index(world.bob.get_full_name())
    assert html.count("Repeated") == 1
    assert f"/staff/audit/users/{world.charlie.pk}/" in html
    assert AuditEvent.objects.filter(verb=Verb.REFUSALS_VIEWED, actor=world.sue).count() == 1


def test_the_refusals_page_is_only_for_supervisors_and_only_shows_their_agency(world: World) -> None:
    prober = Client()
    sign_in_verified(prober, world.charlie)
    prober.get(f"/cases/{MISSING}/")
    for outsider in (world.alice, world.adam):
        client = Client()
        sign_in_verified(client, outsider)
        assert client.get("/staff/audit/refused/").status_code == 404
    other = Client()
    sign_in_verified(other, world.olga)  # a supervisor of another agency
    assert world.charlie.get_full_name() not in other.get("/staff/audit/refused/").content.decode()


def test_the_refusals_page_makes_the_same_queries_whatever_the_number_of_people(world: World) -> None:
    from safeplan.accounts.models import Role, User
    from safeplan.audit.services import record

    client = Client()
    sign_in_verified(client, world.sue)
    client.get("/staff/audit/refused/")  # the first page after signing in also settles the session
    counts = []
    for people in (3, 60):
        for index in range(len(counts) * 3, people):
            user = User.objects.create_user(
                username=f"probe{index}", role=Role.OFFICER, agency=world.agency, team=world.south
            )
            record(actor=user, verb=Verb.CASE_ACCESS_REFUSED, detail={"requested": MISSING})
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/staff/audit/refused/")
        assert response.status_code == 200
        assert response.content.decode().count("/staff/audit/users/") == min(people, page_size())
        counts.append(len(queries))
    assert counts[0] == counts[1]

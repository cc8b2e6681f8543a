"""Every URL that takes an object id, in every app, answers 404 to everyone outside the object's scope.

The URL patterns are discovered (safeplan.testing.access), not listed: a new pattern is
covered as soon as it exists, and one whose id cannot be filled fails with a message saying so.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safeplan.accounts.models import User
from safeplan.personas import World
from safeplan.testing.access import fill, missing, object_patterns, outsiders_for
from safeplan.testing.signin import sign_in_verified


def test_the_matrix_covers_the_case_pages() -> None:
    routes = {route for route, _ in object_patterns()}
    assert "cases/<int:case_id>/" in routes
    assert "cases/<int:case_id>/locations/<int:location_id>/reveal/" in routes
    # The JSON API's routes too (a professional's own session reaches them; safeplan.api).
    assert "api/v1/cases/<int:case_id>" in routes
    # An agency admin's pages for the API credentials of their integrations.
    assert "staff/admin/integrations/<int:pk>/revoke/" in routes
    # The timeline's pages, once checked by a copy of this matrix in timeline/tests.
    assert {
        "cases/<int:case_id>/timeline/",
        "cases/<int:case_id>/events/new/",
        "cases/<int:case_id>/events/<int:event_id>/",
        "cases/<int:case_id>/events/<int:event_id>/withdrawal-checklist/",
        "cases/<int:case_id>/obligations/<int:obligation_id>/notify/",
        "cases/<int:case_id>/obligations/<int:obligation_id>/complete/",
    } <= routes


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_get_404_on_every_object_url(world: World, method: str) -> None:
    # An outsider gets exactly what a made-up id gets: 404, or 405 where the view
    # does not take the method at all (which says nothing about the record).
    failures = []
    for route, pattern in object_patterns():
        path = fill(route, pattern, world)
        for user in outsiders_for(route, pattern, world):
            client = Client()
            sign_in_verified(client, user)
            response = getattr(client, method)(path)
            baseline = getattr(client, method)(missing(path, route, pattern, world))
            if response.status_code not in (404, 405) or response.status_code != baseline.status_code:
                failures.append(f"{method.upper()} {path} as {user.username} ({user.role}): {response.status_code}")
    assert failures == []


def test_a_missing_id_and_a_forbidden_id_look_the_same(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.charlie)
    forbidden = client.get(f"/cases/{world.case.pk}/")
    missing = client.get("/cases/987654/")
    assert forbidden.status_code == missing.status_code == 404
    # Identical but for the per-response masking of the CSRF token.
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", forbidden.content) == token.sub(b"", missing.content)


def test_every_caseworker_in_the_owning_team_can_open_the_case(world: World) -> None:
    for user in world.inside():
        client = Client()
        sign_in_verified(client, user)
        status = client.get(f"/cases/{world.case.pk}/").status_code
        assert status == (404 if user.role == "admin" else 200), user.username


def test_an_expired_share_gives_no_access_and_a_live_one_does(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.olga)
    idva = User.objects.create_user(
        username="iris", password="x-long-password-9", role="idva", agency=world.other_agency, team=world.elsewhere
    )
    sign_in_verified(client, idva)
    assert client.get(f"/cases/{world.case.pk}/").status_code == 404
    from datetime import timedelta

    from django.utils import timezone

    from safeplan.cases.models import CaseShare

    CaseShare.objects.create(
        case=world.case,
        team=world.elsewhere,
        reason="x",
        granted_by=world.alice,
        expires_at=timezone.now() + timedelta(days=1),
    )
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    # Shared access reads; it does not change the case.
    assert client.get(f"/cases/{world.case.pk}/summary/").status_code == 404

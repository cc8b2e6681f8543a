"""The shared access and bad-input checks, run on the timeline's own pages.

cases/tests covers every app's pages at once; this runs the same checks on ours alone, so
a failure here is ours whatever state the other apps are in.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from safeplan.accounts.testing import sign_in_verified
from safeplan.cases.tests.test_access_matrix import fill, missing, object_patterns, outsiders_for, patterns
from safeplan.cases.tests.test_bad_input import ALL_OPTIONAL, BAD_INPUT
from safeplan.conftest import World

WATCHED_APPS = {"timeline", "cases", "audit", "django_tasks_database"}


def snapshot() -> dict[str, int]:
    # Only the apps a timeline form could write to: others may be mid-build in the same tree.
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in WATCHED_APPS
    }


def timeline_routes() -> list[tuple[str, object]]:
    return [(route, p) for route, p in patterns() if p.callback.__module__ == "safeplan.timeline.views"]


def test_every_timeline_page_is_in_the_shared_registries() -> None:
    routes = {route for route, _ in timeline_routes()}
    assert {
        "cases/obligations/",
        "cases/obligations/team-overdue/",
        "cases/<int:case_id>/timeline/",
        "cases/<int:case_id>/events/new/",
        "cases/<int:case_id>/events/<int:event_id>/",
        "cases/<int:case_id>/events/<int:event_id>/withdrawal-checklist/",
        "cases/<int:case_id>/obligations/<int:obligation_id>/notify/",
        "cases/<int:case_id>/obligations/<int:obligation_id>/complete/",
    } == routes
    forms = {r for r in routes if "new" in r or "notify" in r or "complete" in r or "checklist" in r}
    assert forms <= set(BAD_INPUT) | ALL_OPTIONAL


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_get_404_on_every_timeline_object_url(world: World, method: str) -> None:
    ours = {route for route, _ in timeline_routes()}
    failures = []
    for route, pattern in object_patterns():
        if route not in ours:
            continue
        path = fill(route, pattern, world)
        for user in outsiders_for(route, pattern, world):
            client = Client()
            sign_in_verified(client, user)
            response = getattr(client, method)(path)
            baseline = getattr(client, method)(missing(path, route, pattern, world))
            if response.status_code not in (404, 405) or response.status_code != baseline.status_code:
                failures.append(f"{method.upper()} {path} as {user.username}: {response.status_code}")
    assert failures == []


def test_every_timeline_form_refuses_bad_input_and_saves_nothing(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.sue)
    for route, pattern in timeline_routes():
        if route not in BAD_INPUT:
            continue
        path = fill(route, pattern, world)  # type: ignore[arg-type]
        assert client.get(path).status_code == 200, route
        for payload in BAD_INPUT[route]:
            data = {k: v.format(bob=world.bob.pk, south=world.north.pk) for k, v in payload.items()}
            before = snapshot()
            response = client.post(path, data)
            html = response.content.decode()
            assert response.status_code == 200, f"{route} {payload}: {response.status_code}"
            assert "govuk-error-summary" in html, f"{route} {payload}: no error summary"
            assert snapshot() == before, f"{route} {payload} changed the database"

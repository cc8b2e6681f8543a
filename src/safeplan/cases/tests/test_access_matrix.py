"""Every URL that takes an object id answers 404 to everyone outside the object's scope.

The URL patterns are discovered, not listed: a new pattern is covered as soon as it
exists, and one whose id this test cannot fill fails with a message saying so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter

from safeplan.accounts.models import User
from safeplan.accounts.testing import sign_in_verified
from safeplan.conftest import World
from safeplan.evidence.testing import evidence_ids
from safeplan.plans.testing import version_ids_for
from safeplan.risk.testing import world_assessment
from safeplan.timeline.testing import timeline_ids

# The scope each id belongs to: "case" ids are the owning team's; "agency" ids are the agency's.
ID_SCOPES = {
    "case_id": "case",
    "person_id": "case",
    "location_id": "case",
    "share_id": "case",
    "handover_id": "case",
    "user_id": "agency",
    "team_id": "agency",
    "event_id": "case",
    "obligation_id": "case",
    # risk: an assessment of the case; an instrument is content (its id is not a record).
    "assessment_id": "case",
    "instrument_id": "content",
    # evidence: an incident of the case and one of its exhibits.
    "incident_id": "case",
    "attachment_id": "case",
    # plans: two versions of the case's safety plan (a diff takes both).
    "version_id": "case",
    "other_version_id": "case",
}
# A bare <pk> is named by the route segment before it.
PK_NAMES = {"users": "user_id", "teams": "team_id", "people": "person_id", "locations": "location_id"}


def id_names(route: str, pattern: URLPattern) -> dict[str, str]:
    """Return each converter's name in the pattern mapped to the id kind it stands for."""
    names = {}
    for name in pattern.pattern.converters:
        if name == "pk":
            segment = route.split("<int:pk>")[0].rstrip("/").rsplit("/", 1)[-1]
            names[name] = PK_NAMES.get(segment, f"pk after {segment!r}")
        else:
            names[name] = name
    return names


def patterns(resolvers: list[Any] | None = None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def takes_an_id(pattern: URLPattern) -> bool:
    return any(isinstance(converter, IntConverter) for converter in pattern.pattern.converters.values())


def object_patterns() -> list[tuple[str, URLPattern]]:
    found = [(route, p) for route, p in patterns() if takes_an_id(p)]
    assert found, "no URL pattern takes an id: the discovery is broken"
    return found


def id_factories(world: World) -> dict[str, Callable[[], int | str]]:
    """Return, for each kind of id, how to get one object of that kind in the world's case or agency.

    Another app's pages are covered by adding its id kinds here (and to ID_SCOPES).
    """
    return {
        "case_id": lambda: world.case.pk,
        "person_id": lambda: world.suspect.pk,
        "location_id": lambda: world.location.pk,
        "share_id": lambda: world.share.pk,
        "handover_id": lambda: world.handover.pk,
        "user_id": lambda: world.bob.pk,
        "team_id": lambda: world.north.pk,
        "event_id": lambda: timeline_ids(world)["event_id"],
        "obligation_id": lambda: timeline_ids(world)["obligation_id"],
        "assessment_id": lambda: world_assessment(world).pk,
        "instrument_id": lambda: "ric",
        "incident_id": lambda: evidence_ids(world)["incident_id"],
        "attachment_id": lambda: evidence_ids(world)["attachment_id"],
        "version_id": lambda: version_ids_for(world)[0],
        "other_version_id": lambda: version_ids_for(world)[1],
    }


def fill(route: str, pattern: URLPattern, world: World) -> str:
    factories = id_factories(world)
    path = route
    for name, kind in id_names(route, pattern).items():
        if kind not in factories:
            pytest.fail(f"{route}: no fixture for <{name}> ({kind}); add it to ID_SCOPES and id_factories()")
        # Any converter: <int:case_id>, and <str:instrument_id> for content ids.
        path = re.sub(rf"<(?:\w+:)?{name}>", str(factories[kind]()), path)
    return "/" + path.lstrip("^")


def outsiders_for(route: str, pattern: URLPattern, world: World) -> list[User]:
    scopes = {ID_SCOPES.get(kind) for kind in id_names(route, pattern).values()}
    if "case" in scopes:
        return world.outside()
    # Agency-scoped records: everyone in another agency.
    return [world.olga]


def test_the_matrix_covers_the_case_pages() -> None:
    routes = {route for route, _ in object_patterns()}
    assert "cases/<int:case_id>/" in routes
    assert "cases/<int:case_id>/locations/<int:location_id>/reveal/" in routes


def missing(path: str, route: str, pattern: URLPattern, world: World) -> str:
    """Return the path with every id replaced by one that does not exist."""
    filled = route
    for name in pattern.pattern.converters:
        filled = filled.replace(f"<int:{name}>", "987654")
    return "/" + filled


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

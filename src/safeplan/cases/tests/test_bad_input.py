"""Bad input on every case form gets a GOV.UK error summary and changes nothing."""

from __future__ import annotations

from django.apps import apps
from django.test import Client

from safeplan.accounts.testing import sign_in_verified
from safeplan.cases.tests.test_access_matrix import fill, patterns
from safeplan.conftest import World

# Bad payloads per form route. Every form page under /cases/ must be listed here.
BAD_INPUT: dict[str, list[dict[str, str]]] = {
    "cases/new/": [{}, {"victim_name": "V", "responsible_officer": "999999", "spoc": "999999"}],
    "cases/break-glass/": [{}, {"reference": "SP-NONE-0000", "reason": "a reason that is long enough to pass"}],
    "cases/<int:case_id>/close/": [{}, {"reason": "other", "note": ""}],
    "cases/<int:case_id>/reopen/": [{}, {"reason": "reopening an open case"}],
    "cases/<int:case_id>/handover/": [{}, {"duty": "spoc", "to_user": "{bob}", "reason": "same person"}],
    "cases/<int:case_id>/people/new/": [{}, {"role": "victim", "full_name": "A second victim"}],
    "cases/<int:case_id>/people/<int:person_id>/": [{"role": "child", "full_name": "", "date_of_birth": "31/02/2020"}],
    "cases/<int:case_id>/safe-contact/": [
        {},
        {"allowed_channels": "voicemail", "never": "voicemail"},
        {"allowed_channels": "email", "email": "not-an-email"},
    ],
    "cases/<int:case_id>/locations/new/": [{}, {"kind": "refuge", "address": "   "}],
    "cases/<int:case_id>/shares/new/": [{}, {"team": "{south}", "reason": "x", "expires_on": "2001-01-01"}],
}
# Forms whose every field is optional have no bad input to give.
ALL_OPTIONAL = {"cases/<int:case_id>/summary/", "cases/search/"}
IGNORED_MODELS = {"sessions.Session", "axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"}


def snapshot() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label not in IGNORED_MODELS
    }


def form_routes(client: Client, world: World) -> dict[str, str]:
    found = {}
    for route, pattern in patterns():
        if not route.startswith("cases/"):
            continue
        path = fill(route, pattern, world) if pattern.pattern.converters else "/" + route
        response = client.get(path)
        if response.status_code == 200 and '<form method="post" novalidate>' in response.content.decode():
            found[route] = path
    return found


def test_every_case_form_refuses_bad_input_and_saves_nothing(world: World) -> None:
    world.sue.save()
    client = Client()
    sign_in_verified(client, world.sue)
    routes = form_routes(client, world)
    assert set(routes) - ALL_OPTIONAL == set(BAD_INPUT), "list the bad input for every form page"
    for route, payloads in BAD_INPUT.items():
        for payload in payloads:
            data = {k: v.format(bob=world.bob.pk, south=world.north.pk) for k, v in payload.items()}
            before = snapshot()
            response = client.post(routes[route], data)
            html = response.content.decode()
            assert response.status_code == 200, f"{route} {payload}: {response.status_code}"
            assert "govuk-error-summary" in html, f"{route} {payload}: no error summary"
            assert "There is a problem" in html
            assert snapshot() == before, f"{route} {payload} changed the database"

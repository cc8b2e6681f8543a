"""Bad input on every MARAC form gets a GOV.UK error summary and changes nothing.

The form pages are discovered: every /marac/ route that shows a form to one of the
personas below must have its bad payloads listed here.
"""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client

from safeplan.accounts.models import User
from safeplan.personas import World
from safeplan.testing.access import FORM_TAG, fill, patterns, snapshot
from safeplan.testing.marac import marac_world
from safeplan.testing.signin import sign_in_verified

# route -> (who fills it in, bad payloads)
BAD_INPUT: dict[str, tuple[Callable[[World], User], list[dict[str, str]]]] = {
    "marac/areas/new/": (
        lambda w: w.adam,
        [
            {},
            {"name": "X", "cadence": "weekly", "nation": "england-and-wales", "visible_high_risk_from": "99"},
            {"name": "Northshire MARAC", "cadence": "weekly", "nation": "mars"},
        ],
    ),
    "marac/areas/<int:area_id>/settings/": (
        lambda w: w.adam,
        [{}, {"cadence": "weekly", "nation": "scotland", "visible_high_risk_from": "14", "automatic_from": "3"}],
    ),
    "marac/areas/<int:area_id>/coordinators/": (lambda w: w.adam, [{"coordinators": "{alice}"}]),
    "marac/areas/<int:area_id>/neighbourhoods/new/": (lambda w: w.adam, [{}, {"name": "   "}]),
    "marac/areas/<int:area_id>/protocols/new/": (
        lambda w: w.adam,
        [{}, {"version": "v2", "in_force_from": "31/02/2027", "review_on": "01/01/1899"}],
    ),
    "marac/areas/<int:area_id>/protocols/<int:protocol_id>/signatures/new/": (
        lambda w: w.adam,
        [
            {},
            {"agency": "{health}", "signed_on": "01/01/2020", "signed_by": "x"},
            {"agency": "{probation}", "signed_on": "01/01/2999", "signed_by": "x"},
        ],
    ),
    "marac/referrals/<int:referral_id>/return/": (lambda w: w.mark, [{}, {"reason": "   "}]),
    "marac/referrals/<int:referral_id>/accept/": (lambda w: w.mark, [{}, {"meeting": "987654"}]),
    "marac/meetings/new/": (
        lambda w: w.mark,
        [
            {},
            {"area": "{area}", "meets_on": "31/02/2027", "meets_time": "25:00"},
            {"area": "{area}", "meets_on": "01/01/2001", "meets_time": "10:00"},
        ],
    ),
    "marac/shared/<int:item_id>/actions/new/": (
        lambda w: w.mark,
        [{}, {"part": "victim", "agency": "{housing}", "owner": "x", "due_on": "01/01/2001"}],
    ),
    "marac/actions/<int:action_id>/close/": (lambda w: w.mark, [{}, {"state": "not_done", "reason": " "}]),
    "marac/shared/<int:item_id>/research/": (
        lambda w: w.mark,
        [
            {"kind": "fact", "text": "no token: the form is out of date"},
            {
                "kind": "withheld",
                "text": "x",
                "withheld_reason": " ",
                "submission": "6a1f0d1e-9a8b-4c1e-8f00-000000000001",
            },
        ],
    ),
    "marac/shared/<int:item_id>/record/": (lambda w: w.mark, [{}, {"version": "987", "summary": "x", "risks": "y"}]),
    "marac/shared/<int:item_id>/close/": (lambda w: w.mark, [{}, {"note": "the meeting was not held yet"}]),
    "marac/meetings/<int:meeting_id>/invite/": (lambda w: w.mark, [{}, {"agency": "{probation}"}]),
    "marac/meetings/<int:meeting_id>/attendance/": (
        lambda w: w.mark,
        [{}, {"agency": "{housing}", "name": "Hana", "status": "present"}, {"agency": "{police}", "name": " "}],
    ),
}
PERSONAS: list[Callable[[World], User]] = [lambda w: w.adam, lambda w: w.mark, lambda w: w.pat]


def form_routes(world: World) -> set[str]:
    found = set()
    for persona in PERSONAS:
        client = Client()
        sign_in_verified(client, persona(world))
        for route, pattern in patterns():
            if not route.startswith("marac/"):
                continue
            path = fill(route, pattern, world) if pattern.pattern.converters else "/" + route
            response = client.get(path)
            if response.status_code == 200 and FORM_TAG.search(response.content.decode()):
                found.add(route)
    return found


def test_every_marac_form_refuses_bad_input_and_saves_nothing(world: World) -> None:
    area = marac_world(world).area
    assert form_routes(world) == set(BAD_INPUT), "list the bad input for every MARAC form page"
    ids = {
        "alice": world.alice.pk,
        "health": world.health.pk,
        "probation": world.probation.pk,
        "housing": world.housing.pk,
        "police": world.agency.pk,
        "area": area.pk,
        "token": "6a1f0d1e-9a8b-4c1e-8f00-000000000001",
    }
    for route, (persona, payloads) in BAD_INPUT.items():
        client = Client()
        sign_in_verified(client, persona(world))
        path = fill(route, next(p for r, p in patterns() if r == route), world)
        for payload in payloads:
            data = {k: v.format(**ids) for k, v in payload.items()}
            before = snapshot()
            response = client.post(path, data)
            html = response.content.decode()
            assert response.status_code == 200, f"{route} {payload}: {response.status_code}"
            assert "govuk-error-summary" in html, f"{route} {payload}: no error summary"
            assert snapshot() == before, f"{route} {payload} changed the database"

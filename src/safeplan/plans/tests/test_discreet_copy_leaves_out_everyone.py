"""The discreet copy leaves out every name on the case, children's too, and the victim's confidential address."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.cases.models import Person
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.plans import printing
from safeplan.plans.models import SafetyPlanVersion
from safeplan.plans.plandata import Parts
from safeplan.testing.leaks import before_the_location_was_recorded
from safeplan.testing.plans import plan_url, saved_version

NOTES = Parts(
    safe_places="Take Tommy Tiddler to the refuge at Flat 9, 1 Hidden Lane, Testborough TB1 2ZZ.",
    contacts="Ask for Bea at 1 Hidden Lane. My sister: 07700 900123.",
)


@pytest.fixture
def version(world: World) -> SafetyPlanVersion:
    Person.objects.create(case=world.case, role=Person.Role.CHILD, full_name="Tommy Tiddler")
    # Typed before the refuge was recorded as a location: saved, and masked wherever shown.
    with before_the_location_was_recorded(world):
        return saved_version(world.case, world.alice, parts=NOTES, flags={"has_children": True})


def test_the_discreet_copy_leaves_out_a_childs_name(world: World, version: SafetyPlanVersion) -> None:
    feed = printing.render_html(None, world.case, version, discreet=True, for_pdf=True)
    assert "Tommy" not in feed
    assert "Tiddler" not in feed
    assert "07700 900123" not in feed  # typed text is left out whole, her contacts too


def test_the_discreet_copy_leaves_out_the_confidential_address(
    world: World, alice_client: Client, version: SafetyPlanVersion
) -> None:
    html = alice_client.get(plan_url(world, f"versions/{version.pk}/print/?discreet=1")).content.decode()
    assert "Hidden Lane" not in html
    assert "TB1 2ZZ" not in html
    assert SECRET_ADDRESS not in html


def test_the_victims_own_copy_keeps_her_notes_whole(world: World, version: SafetyPlanVersion) -> None:
    feed = printing.render_html(None, world.case, version, discreet=False, for_pdf=False)
    assert "Tommy Tiddler" in feed


def test_an_outsider_cannot_print_the_discreet_copy(world: World, version: SafetyPlanVersion) -> None:
    from safeplan.testing.signin import sign_in_verified

    client = Client()
    sign_in_verified(client, world.charlie)
    assert client.get(plan_url(world, f"versions/{version.pk}/print/?discreet=1")).status_code == 404

"""The checklist feeds the safety plan: its technology part, in the draft, under the plan's own rules."""

from __future__ import annotations

from django.test import Client

from safeplan.personas import World
from safeplan.plans import selectors as plan_selectors
from safeplan.plans import services as plan_services
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.techsafety import ANSWERS, check_url


def technology_notes(world: World) -> str:
    return plan_selectors.draft_data(world.case)[1].parts.technology_notes


def test_the_checklist_goes_into_the_draft_plans_technology_notes_once(world: World, alice_client: Client) -> None:
    plan_services.draft_record_coping(
        actor=world.alice,
        case=world.case,
        version=plan_selectors.draft_version(world.case),
        coping_strategies="I keep my phone on me",
        none_yet=False,
    )
    alice_client.post(check_url(world, "check/"), ANSWERS)
    response = alice_client.post(check_url(world, "to-plan/"))
    assert response["Location"] == f"/cases/{world.case.pk}/plan/build/parts/"
    notes = technology_notes(world)
    assert notes.startswith("Tech safety checklist:\n1. They may be your emergency contact: check this first")
    assert "(plan this first)" in notes
    alice_client.post(check_url(world, "to-plan/"))
    assert technology_notes(world) == notes


def test_what_was_already_written_there_is_kept(world: World, alice_client: Client) -> None:
    plan_services.draft_record_coping(
        actor=world.alice,
        case=world.case,
        version=plan_selectors.draft_version(world.case),
        coping_strategies="",
        none_yet=True,
    )
    _, data = plan_selectors.draft_data(world.case)
    parts = data.parts.model_copy(update={"technology_notes": "She uses her sister's laptop."})
    plan_services.draft_record_parts(
        actor=world.alice, case=world.case, version=plan_selectors.draft_version(world.case), parts=parts
    )
    alice_client.post(check_url(world, "check/"), ANSWERS)
    alice_client.post(check_url(world, "to-plan/"))
    assert technology_notes(world).startswith("She uses her sister's laptop.\n\nTech safety checklist:")


def test_the_plans_rules_still_apply_and_are_said(world: World, alice_client: Client) -> None:
    alice_client.post(check_url(world, "check/"), ANSWERS)
    response = alice_client.post(check_url(world, "to-plan/"))
    assert response.status_code == 400
    assert "First record what the victim already does to stay safe" in response.content.decode()
    assert not technology_notes(world)


def test_only_the_owning_team_can_add_to_the_plan(world: World, alice_client: Client) -> None:
    alice_client.post(check_url(world, "check/"), ANSWERS)
    client = Client()
    sign_in_verified(client, world.charlie)
    assert client.post(check_url(world, "to-plan/")).status_code == 404
    assert alice_client.get(check_url(world, "to-plan/")).status_code == 405

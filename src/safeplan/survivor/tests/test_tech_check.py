"""The tech safety check in a survivor space: sealed in her document, one ordered list, no JavaScript needed."""

from __future__ import annotations

import re

from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.content.techcheck import tech_check
from safeplan.personas import World
from safeplan.plans.models import SafetyPlanVersion
from safeplan.survivor import drafts, services
from safeplan.survivor.models import Vault
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.survivor import TECH_ANSWERS, document

ANSWERS = TECH_ANSWERS


def test_her_answers_are_sealed_in_her_space_and_make_one_ordered_list(space: tuple[Client, str]) -> None:
    client, words = space
    assert "Is that person an emergency contact" in client.get("/s/e/").content.decode()
    response = client.post("/s/e/", ANSWERS)
    assert response.status_code == 302
    assert response["Location"] == "/s/e/l/"
    saved = document(words).tech
    assert saved is not None
    assert saved.version == tech_check().version
    assert saved.answers["location_shared"] == ["yes"]
    html = client.get("/s/e/l/").content.decode()
    order = re.findall(r'id="step-([a-z_]+)"', html)
    assert order[0] == "location_shared_with_abuser"
    assert order[1] == "record_before_changing"
    assert "android_tracker_alerts" in order
    assert "satnav_history" in order
    assert "iphone_safety_check" not in order
    assert 'id="notice-caution"' in html
    assert "Plan this first" in html
    # Nothing is stored in the clear, and nothing is audited for a survivor.
    vault = Vault.objects.get()
    assert b"location_shared" not in bytes(vault.content)
    assert b"android_phone" not in bytes(vault.content)
    assert not AuditEvent.objects.exists()


def test_she_can_tick_off_steps_and_they_stay_ticked(space: tuple[Client, str]) -> None:
    client, words = space
    client.post("/s/e/", ANSWERS)
    response = client.post("/s/e/l/", {"done": ["use_a_safe_device", "no_such_step"], "action": "save"})
    assert response.status_code == 302
    assert document(words).tech.done == ["use_a_safe_device"]  # type: ignore[union-attr]
    html = client.get("/s/e/l/").content.decode()
    assert re.search(r'<input[^>]*value="use_a_safe_device"[^>]*checked', html)
    assert not re.search(r'<input[^>]*value="your_own_passcode"[^>]*checked', html)


def test_record_it_first_starts_a_diary_entry_she_finishes(space: tuple[Client, str]) -> None:
    client, words = space
    client.post("/s/e/", ANSWERS)
    response = client.post("/s/e/l/", {"action": "record"})
    assert response["Location"] == "/s/d/n/"
    kept = document(words).drafts["journal"]
    assert kept.fields["what_happened"][0].startswith("While checking my phone")
    assert "While checking my phone" in client.get("/s/d/n/").content.decode()


def test_record_it_first_never_overwrites_a_diary_entry_she_had_started(space: tuple[Client, str]) -> None:
    client, words = space
    client.post("/s/e/", ANSWERS)
    opened = services.vault_open(words)
    assert opened is not None
    drafts.draft_save(opened, "journal", {"what_happened": "My own words"})
    client.post("/s/e/l/", {"action": "record"})
    assert document(words).drafts["journal"].fields["what_happened"] == ["My own words"]


def test_the_list_without_answers_asks_the_questions_first(space: tuple[Client, str]) -> None:
    client, _ = space
    response = client.get("/s/e/l/")
    assert response.status_code == 302
    assert response["Location"] == "/s/e/"


def test_bad_answers_are_refused_with_a_message_and_nothing_is_kept(space: tuple[Client, str]) -> None:
    client, words = space
    response = client.post("/s/e/", {**ANSWERS, "devices": ["flip_phone"]})
    assert response.status_code == 200
    assert "Select only the choices shown" in response.content.decode()
    response = client.post("/s/e/", {"devices": ["iphone"]})
    assert "Select yes, no or not sure" in response.content.decode()
    assert document(words).tech is None


def test_the_browser_is_asked_not_to_restore_her_answers(space: tuple[Client, str]) -> None:
    client, _ = space
    client.post("/s/e/", ANSWERS)
    for path in ("/s/e/", "/s/e/l/"):
        html = client.get(path).content.decode()
        forms = re.findall(r"<form [^>]*>(.*?)</form>", html, re.S)
        choosing = [form for form in forms if re.search(r'type="(?:radio|checkbox)"', form)]
        assert choosing, path
        tags = re.findall(r"<form [^>]*>", html)
        for tag, form in zip(tags, forms, strict=True):
            if form in choosing:
                assert 'autocomplete="off"' in tag, path


def test_the_pages_need_an_open_space(db: None) -> None:
    client = Client()
    for path in ("/s/e/", "/s/e/l/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == "/s/o/"


def test_the_pages_stay_small(space: tuple[Client, str]) -> None:
    client, _ = space
    client.post("/s/e/", {**ANSWERS, "devices": [c.id for c in tech_check().question("devices").choices]})
    for path in ("/s/e/", "/s/e/l/"):
        assert len(client.get(path).content) < 60_000, path


def planned(client: Client) -> None:
    client.post("/s/p/", {"situation": "after_separation", "has_children": "no"})
    client.post("/s/e/", ANSWERS)
    client.post("/s/e/l/", {"done": ["use_a_safe_device"], "action": "save"})


def shared_technology_notes(client: Client, world: World, **choice: str) -> str:
    html = client.get("/s/c/").content.decode()
    assert 'name="include_tech"' in html
    code = str(client.post("/s/c/", {"action": "create", **choice}, follow=True).context["created"])
    staff = Client()
    sign_in_verified(staff, world.alice)
    assert staff.post(f"/cases/{world.case.pk}/import-survivor-plan/", {"code": code}).status_code == 302
    return SafetyPlanVersion.objects.get(plan__case=world.case).plan_parts().technology_notes


def test_her_list_goes_into_the_shared_plans_technology_part_only_if_she_chooses(
    space: tuple[Client, str], world: World
) -> None:
    client, _ = space
    planned(client)
    notes = shared_technology_notes(client, world, include_tech="yes")
    assert notes.startswith("Tech safety checklist:\n1. Your location may be shared with them")
    assert "Look for help on a device they cannot get into [done]" in notes


def test_without_her_choice_the_list_stays_in_her_space(space: tuple[Client, str], world: World) -> None:
    client, _ = space
    planned(client)
    assert shared_technology_notes(client, world) == ""

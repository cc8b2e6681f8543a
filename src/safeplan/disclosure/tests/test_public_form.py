"""The public right-to-ask form: it reaches the police, and what was typed survives leaving, never on the device."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from safeplan.disclosure.models import DisclosureRequest, PublicDraft
from safeplan.personas import World
from safeplan.testing.access import snapshot

FILLED = {
    "_form": "clares-law",
    "safe_contact_how": "Email me at a.safe@example.org",
    "safe_contact_when": "Any time",
    "never": "Never phone",
    "applicant_kind": "person_at_risk",
    "applicant_name": "Tess Typed",
    "relationship": "Partner for two months",
    "concerns": "Synthetic worry typed before leaving",
    "subject_name": "Sam Suspect",
}


def code_on(page: str) -> str:
    found = re.search(r'name="code" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


@pytest.fixture
def online(world: World):  # type: ignore[no-untyped-def]
    with override_settings(DISCLOSURE_ONLINE_TEAM=world.north.pk):
        yield world


def test_a_request_sent_online_reaches_the_online_team_as_right_to_ask(online: World) -> None:
    client = Client()
    page = client.get("/s/ask/").content.decode()
    assert "Send to the police" in page
    response = client.post("/s/ask/", {**FILLED, "code": code_on(page)})
    assert response.status_code == 200
    assert "Your request has been sent" in response.content.decode()
    request = DisclosureRequest.objects.get()
    assert (request.team, request.route, request.channel, request.created_by) == (
        online.north,
        "right_to_ask",
        "online",
        None,
    )
    assert request.safe_contact_how == "Email me at a.safe@example.org"
    assert not PublicDraft.objects.exists()


def test_the_quick_exit_keeps_what_was_typed_under_the_code_and_the_code_brings_it_back(online: World) -> None:
    client = Client()
    code = code_on(client.get("/s/ask/").content.decode())
    # The exit beacon: not a navigation, so no redirect; the session ends.
    response = client.post("/s/ask/exit/", {**FILLED, "code": code}, headers={"Sec-Fetch-Mode": "no-cors"})
    assert response.status_code == 204
    draft = PublicDraft.objects.get()
    assert "Synthetic worry" not in draft.code_hash
    assert code not in str(PublicDraft.objects.values_list("code_hash", flat=True)[0])
    # Nothing comes back without the code; with it, every field does.
    fresh = Client()
    assert "Synthetic worry" not in fresh.get("/s/ask/").content.decode()
    page = fresh.post("/s/ask/resume/", {"code": code.upper()}).content.decode()
    assert "Synthetic worry typed before leaving" in page
    assert "a.safe@example.org" in page


def test_the_exit_link_without_javascript_goes_to_the_neutral_site(online: World) -> None:
    response = Client().get("/s/ask/exit/")
    assert response.status_code == 303
    assert response["Location"].startswith("https://")


def test_save_and_come_back_later_works_without_javascript(online: World) -> None:
    client = Client()
    code = code_on(client.get("/s/ask/").content.decode())
    response = client.post("/s/ask/", {**FILLED, "subject_name": "", "code": code, "save": "1"})
    assert response.status_code == 200
    assert code in response.content.decode()
    assert not DisclosureRequest.objects.exists()
    assert "Partner for two months" in Client().post("/s/ask/resume/", {"code": code}).content.decode()


def test_a_wrong_code_or_bad_input_gets_an_error_summary_and_saves_nothing(online: World) -> None:
    client = Client()
    code = code_on(client.get("/s/ask/").content.decode())
    before = snapshot()
    wrong = client.post("/s/ask/resume/", {"code": "not the right words"})
    assert wrong.status_code == 400
    assert "There is a problem" in wrong.content.decode()
    bad = client.post("/s/ask/", {**FILLED, "safe_contact_how": "", "subject_name": "", "code": code})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Say how it is safe to contact them" in page
    # What was typed stays on the page (never lost), under the same code.
    assert "Synthetic worry typed before leaving" in page
    assert code_on(page) == code
    assert snapshot() == before


def test_without_an_online_team_in_production_the_form_says_where_else_to_go(world: World) -> None:
    with override_settings(DISCLOSURE_ONLINE_TEAM=0, PRODUCTION=True):
        response = Client().get("/s/ask/")
    assert response.status_code == 503
    assert "call 101" in response.content.decode()

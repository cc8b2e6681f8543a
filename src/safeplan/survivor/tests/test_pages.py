"""Every survivor page: neutral, not cached, no persistent cookies, nothing in the logs, a safe exit."""

from __future__ import annotations

import logging
import re
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from safeplan.survivor import content, services, session
from safeplan.survivor.models import Vault
from safeplan.testing.survivor import check_answers, create_space

PUBLIC = ["/s/", "/s/i/", "/s/t/", "/s/r/", "/s/q/", "/s/n/", "/s/o/"]
IN_SPACE = [
    "/s/h/",
    "/s/p/",
    "/s/b/",
    "/s/l/1/",
    "/s/l/2/",
    "/s/s/",
    "/s/c/",
]
WORDS_TO_AVOID = ("abuse", "safety", "violence", "victim", "survivor")


def set_cookies(response: object) -> SimpleCookie:
    return response.cookies  # type: ignore[attr-defined,no-any-return]


def test_every_page_is_no_store_with_a_neutral_title(space: tuple[Client, str]) -> None:
    client, _ = space
    client.post("/s/p/", {"situation": "living_with_abuser"})
    for path in [*PUBLIC, *IN_SPACE, "/s/p/c/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "no-store", path
        html = response.content.decode()
        title = html.split("<title>")[1].split("</title>")[0]
        assert title == "Notes" or (title.endswith(" - Notes") and title.count(" ") <= 3), path
        assert not any(word in title.lower() for word in WORDS_TO_AVOID)
        assert "survivor/space.mjs" in html, path
        assert 'href="/s/x/"' in html, path


def test_no_page_sets_a_persistent_cookie(db: None) -> None:
    client = Client()
    responses = [client.get(path) for path in PUBLIC]
    responses.append(client.post("/s/n/"))
    responses += [client.get(path) for path in IN_SPACE]
    responses.append(client.get("/s/x/"))
    names = set()
    for response in responses:
        for morsel in set_cookies(response).values():
            names.add(morsel.key)
            deleting = morsel.value == "" or morsel["max-age"] == 0
            if not deleting:
                assert not morsel["max-age"], morsel.key
                assert not morsel["expires"], morsel.key
    assert session.COOKIE in names


def test_the_wrap_cookie_is_http_only_and_strict(db: None) -> None:
    client = Client()
    response = client.post("/s/n/")
    cookie = set_cookies(response)[session.COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Strict"
    assert cookie["path"] == "/s/"


def test_exit_ends_the_session_and_goes_only_to_the_configured_site(
    space: tuple[Client, str], settings: object
) -> None:
    client, _ = space
    response = client.get("/s/x/?to=https://evil.example/&next=https://evil.example/")
    assert response.status_code == 303
    assert response["Location"] == settings.EXIT_URL  # type: ignore[attr-defined]
    assert client.get("/s/h/").status_code == 302
    assert client.post("/s/x/").status_code == 303


def test_a_copied_session_without_the_browser_cookie_opens_nothing(space: tuple[Client, str]) -> None:
    client, _ = space
    thief = Client()
    thief.cookies["sid"] = client.cookies["sid"].value
    assert thief.get("/s/h/").status_code == 302


def test_an_idle_space_locks_itself_on_the_server(space: tuple[Client, str], monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = space
    assert client.get("/s/h/").status_code == 200
    real = session.time.time
    monkeypatch.setattr(session.time, "time", lambda: real() + session.autolock_seconds() + 1)
    assert client.get("/s/h/").status_code == 302
    monkeypatch.setattr(session.time, "time", real)
    assert client.get("/s/h/").status_code == 302


def test_the_lock_page_locks(space: tuple[Client, str]) -> None:
    client, _ = space
    response = client.get("/s/z/")
    assert "Your space is locked" in response.content.decode()
    assert client.get("/s/h/").status_code == 302


def test_nothing_identifying_a_space_is_logged(db: None, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = Client()
    words = create_space(client)
    client.post("/s/l/1/", {"kind": "trusted", "text": "Zelda Quixote"})
    client.get("/s/h/")
    client.get("/s/z/")
    client.post("/s/o/", {"passphrase": words})
    client.post("/s/o/", {"passphrase": "wrong words here"})
    vault = Vault.objects.get()
    logged = caplog.text + " ".join(str(record.args) for record in caplog.records)
    for needle in (words, vault.lookup, "Zelda", f"vault:{vault.pk}", f"id={vault.pk}"):
        assert needle not in logged


def test_no_link_or_form_on_a_survivor_page_carries_an_id(space: tuple[Client, str]) -> None:
    client, _ = space
    html = "".join(client.get(path).content.decode() for path in [*PUBLIC, *IN_SPACE])
    targets = re.findall(r'(?:href|action)="([^"]*)"', html)
    assert targets
    for target in targets:
        if target.startswith("/language/"):
            # The language switch: back to the same fixed survivor path, nothing else.
            assert re.fullmatch(r"/language/[a-z-]+/\?next=/s/[a-z/0-9]*", target), target
            assert not re.search(r"/\d+/", target) or re.search(r"next=/s/l/[1-3]/(r/)?$", target), target
        elif target.startswith("/"):
            # The only numbers in a survivor path are the fixed list slots (/s/l/1/), never an id.
            assert not re.search(r"/\d+/", target) or re.fullmatch(r"/s/l/[1-3]/(r/)?", target), target
            assert "?" not in target, target


def test_removing_a_contact_and_bad_input(space: tuple[Client, str]) -> None:
    client, _ = space
    bad = client.post("/s/l/1/", {"kind": "trusted", "text": "Zelda", "phone": "call me"})
    assert "govuk-error-summary" in bad.content.decode()
    client.post("/s/l/1/", {"kind": "emergency", "text": "Zelda", "phone": "07700 900123"})
    page = client.get("/s/l/1/")
    assert 'href="tel:07700900123"' in page.content.decode()
    item = page.context["items"][0]
    client.post("/s/l/1/r/", {"item": item.id})
    assert "Zelda" not in client.get("/s/l/1/").content.decode()
    assert client.get("/s/l/3/").status_code == 200  # answered as a notes space answers it


def test_the_plan_uses_the_knowledge_base_in_survivor_words_with_cautions(space: tuple[Client, str]) -> None:
    client, _ = space
    empty = client.post("/s/p/", {})
    assert "Choose the situation closest to yours" in empty.content.decode()
    response = client.post("/s/p/", {"situation": "living_with_abuser", "abuser_checks_accounts": "yes"})
    assert response["Location"] == "/s/p/c/"
    page = client.get("/s/p/c/")
    html = page.content.decode()
    suggestions = page.context["suggestions"]
    assert suggestions
    assert str(suggestions[0].measure.survivor) in html.replace("&#x27;", "'").replace("&quot;", '"')
    cautioned = [s for s in suggestions if s.cautions_that_apply]
    assert cautioned, "checking accounts raises a caution somewhere"
    client.post("/s/p/c/", {"chosen": [suggestions[0].measure.id]})
    assert "1 thing I will do" in client.get("/s/h/").content.decode()


def test_the_emergency_bag_checklist_saves(space: tuple[Client, str]) -> None:
    client, _ = space
    client.post("/s/b/", {"packed": ["bag_money", "bag_medicines"]})
    page = client.get("/s/b/")
    assert page.context["packed"] == {"bag_money", "bag_medicines"}


def test_helplines_are_tap_to_call_with_local_services_after_national(
    db: None, settings: object, tmp_path: Path
) -> None:
    local = tmp_path / "local.yaml"
    local.write_text(
        "helplines:\n  - id: compass\n    name: {en: Compass}\n    number: '0303 333 7444'\n"
        "    description: {en: Local support.}\n    hours: {en: Weekdays}\n    nations: [england]\n"
    )
    settings.LOCAL_HELPLINES_FILE = str(local)  # type: ignore[attr-defined]
    html = Client().get("/s/t/").content.decode()
    for number in ("tel:999", "tel:101", "tel:08082000247", "tel:08088010800", "tel:03033337444"):
        assert f'href="{number}"' in html, number
    assert html.index("tel:08082000247") < html.index("Local services") < html.index("tel:03033337444")


def test_local_services_are_found_by_area_without_typing_where_she_lives(
    db: None, settings: object, tmp_path: Path
) -> None:
    local = tmp_path / "local.yaml"
    service = "  - id: {id}\n    name: {{en: {name}}}\n    number: '{number}'\n    description: {{en: Support.}}\n"
    service += "    hours: {{en: Weekdays}}\n    nations: [england]\n"
    local.write_text(
        "helplines:\n"
        + service.format(id="county", name="County Outreach", number="0300 111 1111")
        + service.format(id="north", name="Northtown Refuge", number="0300 222 2222")
        + "    areas: [Northtown, Eastvale]\n"
        + service.format(id="south", name="Southby Advice", number="0300 333 3333")
        + "    areas: [Southby]\n"
    )
    settings.LOCAL_HELPLINES_FILE = str(local)  # type: ignore[attr-defined]
    html = Client().get("/s/t/").content.decode()
    areas = html.split('id="areas"')[1].split("</ul>")[0]
    assert areas.index("Eastvale") < areas.index("Northtown") < areas.index("Southby")
    # The service for every area comes first; each area lists its own (one service in two areas is in both).
    assert html.index("tel:03001111111") < html.index('id="areas"')
    eastvale = html.split('id="area-1"')[1].split('id="area-2"')[0]
    assert "Northtown Refuge" in eastvale
    assert "Southby Advice" not in eastvale
    assert "Southby Advice" in html.split('id="area-3"')[1]
    assert "?" not in "".join(re.findall(r'href="(#[^"]*)"', html))  # in-page links only, no search


def test_a_broken_local_helplines_file_fails_the_start_up_check(settings: object, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("helplines:\n  - id: x\n    number: 'call us'\n")
    settings.LOCAL_HELPLINES_FILE = str(broken)  # type: ignore[attr-defined]
    from safeplan.survivor.checks import check_local_helplines

    errors = check_local_helplines()
    assert errors
    assert errors[0].id == "safeplan.E101"
    settings.LOCAL_HELPLINES_FILE = str(tmp_path / "missing.yaml")  # type: ignore[attr-defined]
    assert check_local_helplines()
    settings.LOCAL_HELPLINES_FILE = ""  # type: ignore[attr-defined]
    assert check_local_helplines() == []


def test_the_legal_options_load_and_cite_the_guidance(db: None) -> None:
    options = content.legal_options().options
    assert {o.id for o in options} >= {
        "non_molestation_order",
        "occupation_order",
        "restraining_order",
        "police_protection",
        "clares_law",
    }
    html = Client().get("/s/r/").content.decode()
    assert "101" in html
    assert "Clare" in html
    assert content.covering_tracks().sources
    call_command("check")


def test_the_self_check_points_to_the_helpline_and_makes_no_diagnosis(db: None) -> None:
    client = Client()
    worried = client.post("/s/q/", {"afraid": "yes"}, follow=True).content.decode()
    assert "tel:08082000247" in worried
    assert "not a test" in worried
    calm = client.post("/s/q/", {"afraid": "no"}, follow=True).content.decode()
    assert "tel:08082000247" in calm
    assert "cannot tell you whether you are safe" in calm


def test_deleting_a_space_needs_confirmation(space: tuple[Client, str]) -> None:
    client, _ = space
    client.post("/s/s/", {"action": "delete"})
    assert Vault.objects.count() == 1
    client.post("/s/s/", {"action": "delete", "confirm": "yes"})
    assert Vault.objects.count() == 0
    assert client.get("/s/h/").status_code == 302


def test_the_space_is_made_only_when_she_types_two_of_her_words_back(db: None) -> None:
    client = Client()
    words = client.post("/s/n/", follow=True).context["words"]
    assert len(words) == 6
    assert client.get("/s/w/").context["words"] == words  # shown again until she has kept them
    assert Vault.objects.count() == 0
    right = check_answers(client, words)
    asked = client.get("/s/v/").content.decode()
    assert "Check you have kept your words" in asked
    assert asked.count('class="govuk-input govuk-input--width-20"') == 2
    # A typo: nothing is made, what she typed stays (masked), and her words can be seen again.
    typo = client.post("/s/v/", {"first": right["first"], "second": right["second"] + "x"})
    assert typo.status_code == 200
    assert Vault.objects.count() == 0
    html = typo.content.decode()
    assert "is not the word we showed you" in html
    assert f'value="{right["second"]}x"' in html
    assert 'href="/s/w/"' in html
    assert client.post("/s/v/", {"first": "", "second": ""}).status_code == 200
    # Capital letters and spaces do not matter; then the space is made once, and open.
    made = client.post("/s/v/", {"first": right["first"].upper(), "second": f"  {right['second']} "})
    assert made.status_code == 303
    assert made["Location"] == "/s/h/"
    assert Vault.objects.count() == 1
    assert services.vault_open(" ".join(words)) is not None
    assert client.get("/s/h/").status_code == 200
    again = client.get("/s/w/")
    assert again["Location"] == "/s/h/"
    assert client.post("/s/v/", right)["Location"] == "/s/n/"  # sending it again makes nothing
    assert Vault.objects.count() == 1


def test_the_exit_beacon_ends_the_session_without_a_redirect(space: tuple[Client, str]) -> None:
    client, _ = space
    response = client.post("/s/x/", headers={"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "empty"})
    assert response.status_code == 204
    assert client.get("/s/h/").status_code == 302


def test_public_pages_keep_the_lock_and_timer_while_a_space_is_open(space: tuple[Client, str]) -> None:
    client, _ = space
    html = client.get("/s/t/").content.decode()
    assert "data-autolock=" in html
    assert 'href="/s/z/"' in html
    client.get("/s/z/")
    assert "data-autolock=" not in client.get("/s/t/").content.decode()

"""The language switch: on every page, back to the same page, no cookie, a professional's choice remembered."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings

from safeplan.accounts.models import Language, User
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.survivor import create_space

BOTH = [("en-gb", "English"), ("cy", "Welsh")]


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "the page has no lang attribute"
    return match.group(1)


def _cookies_set(response) -> set[str]:  # type: ignore[no-untyped-def]
    return set(response.cookies.keys())


@override_settings(LANGUAGES=BOTH)
@pytest.mark.django_db
def test_the_switch_is_on_the_front_page_and_brings_the_person_back_to_it_without_a_cookie() -> None:
    client = Client()
    page = client.get("/").content.decode()
    assert 'href="/language/cy/?next=/"' in page
    assert 'hreflang="cy"' in page
    response = client.get("/language/cy/", {"next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    # Only the session cookie the page already uses: no language cookie, nothing long-lived.
    assert "django_language" not in _cookies_set(response)
    for morsel in response.cookies.values():
        assert not morsel["max-age"], morsel.key
        assert not morsel["expires"], morsel.key
    assert _lang(client.get("/").content.decode()) == "cy"
    client.get("/language/en-gb/", {"next": "/"})
    assert _lang(client.get("/").content.decode()) == "en"


@override_settings(LANGUAGES=BOTH)
@pytest.mark.django_db
@pytest.mark.parametrize("back", ["https://example.org/", "//example.org/", "javascript:alert(1)", ""])
def test_the_switch_never_sends_anyone_to_another_site(back: str) -> None:
    response = Client().get("/language/cy/", {"next": back})
    assert response.status_code == 302
    assert response["Location"] == "/"


@override_settings(LANGUAGES=BOTH)
@pytest.mark.django_db
def test_a_language_the_service_does_not_offer_is_not_found() -> None:
    assert Client().get("/language/fr/", {"next": "/"}).status_code == 404


@pytest.mark.django_db
def test_welsh_is_refused_while_its_catalogue_is_missing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.LANGUAGES = [("en-gb", "English")]
    assert Client().get("/language/cy/", {"next": "/"}).status_code == 404
    assert "/language/" not in Client().get("/").content.decode()


@override_settings(LANGUAGES=BOTH)
def test_a_professionals_choice_is_recorded_and_follows_them_to_a_new_sign_in(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    response = client.get("/language/cy/", {"next": "/staff/"})
    assert response["Location"] == "/staff/"
    assert User.objects.get(pk=world.alice.pk).language == Language.WELSH
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in_verified(other, world.alice)
    assert _lang(other.get("/staff/").content.decode()) == "cy"


@override_settings(LANGUAGES=BOTH)
@pytest.mark.django_db
def test_a_survivors_choice_survives_opening_the_space_and_goes_with_the_exit() -> None:
    client = Client()
    client.get("/language/cy/", {"next": "/s/"})
    assert _lang(client.get("/s/").content.decode()) == "cy"
    create_space(client)
    assert _lang(client.get("/s/h/").content.decode()) == "cy"
    page = client.get("/s/h/").content.decode()
    assert 'href="/language/en-gb/?next=/s/h/"' in page
    # Leaving ends everything the session held, the language with it.
    client.get("/s/x/")
    assert _lang(client.get("/s/").content.decode()) == "en"

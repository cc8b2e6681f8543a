"""Putting the phone down: a hidden or closed page locks the space, a restored tab shows nothing,
and closing is explained as not the same as leaving."""

from __future__ import annotations

import re

from django.test import Client

from safeplan.survivor import session
from safeplan.testing.survivor import csrf_token as token
from safeplan.testing.survivor import document as space_document


def page_number(html: str) -> str:
    found = re.search(r'data-page="(\d+)"', html)
    assert found
    return found.group(1)


def test_a_hidden_or_closed_page_locks_the_space(space: tuple[Client, str]) -> None:
    client, _words = space
    csrf = token(client)
    shown = page_number(client.get("/s/home/").content.decode())
    response = client.post("/s/lock/", {"away": "1", "page": shown, "csrfmiddlewaretoken": csrf})
    assert response.status_code == 204
    assert client.get("/s/home/").status_code == 302


def test_a_page_left_for_a_newer_page_of_the_space_does_not_lock_it(space: tuple[Client, str]) -> None:
    client, _words = space
    old = page_number(client.get("/s/home/").content.decode())
    client.get("/s/list/contacts/")  # a reload or an address typed in the tab: the newer page is shown first
    assert client.post("/s/lock/", {"away": "1", "page": old, "csrfmiddlewaretoken": token(client)}).status_code == 204
    assert client.get("/s/home/").status_code == 200
    assert client.post("/s/lock/", {"away": "1", "page": "x", "csrfmiddlewaretoken": token(client)}).status_code == 204
    assert client.get("/s/home/").status_code == 200


def test_the_away_beacon_keeps_what_she_was_writing(space: tuple[Client, str]) -> None:
    client, words = space
    csrf = token(client)
    shown = page_number(client.get("/s/list/code_words/").content.decode())
    data = {"away": "1", "page": shown, "_form": "phrases", "text": "Pineapple", "csrfmiddlewaretoken": csrf}
    client.post("/s/lock/", data)
    assert space_document(words).drafts["phrases"].fields == {"text": ["Pineapple"]}
    assert client.get("/s/home/").status_code == 302


def test_only_the_first_page_after_opening_names_the_tab(space: tuple[Client, str]) -> None:
    client, words = space
    client.get("/s/lock/")
    client.post("/s/open/", {"passphrase": words})
    first = client.get("/s/home/").content.decode()
    again = client.get("/s/home/").content.decode()
    tab = re.search(r'data-tab="([^"]+)"', first)
    assert tab
    assert 'data-fresh="1"' in first
    assert f'data-tab="{tab.group(1)}"' in again
    assert 'data-fresh="1"' not in again
    client.get("/s/lock/")
    assert "data-tab=" not in client.get("/s/open/").content.decode()
    client.post("/s/open/", {"passphrase": words})
    assert tab.group(1) not in client.get("/s/home/").content.decode(), "a new token each time it opens"


def test_she_can_choose_to_stay_open_when_the_page_is_hidden(space: tuple[Client, str]) -> None:
    client, words = space
    assert 'data-lock-hidden="1"' in client.get("/s/home/").content.decode()
    client.post("/s/settings/", {"action": "hidden"})
    assert space_document(words).settings.lock_when_hidden is False
    assert 'data-lock-hidden="0"' in client.get("/s/help/").content.decode()
    client.get("/s/lock/")
    client.post("/s/open/", {"passphrase": words})
    assert session.SESSION_KEY in client.session
    assert 'data-lock-hidden="0"' in client.get("/s/home/").content.decode()
    client.post("/s/settings/", {"action": "hidden", "lock_when_hidden": "yes"})
    assert 'data-lock-hidden="1"' in client.get("/s/home/").content.decode()


def test_the_privacy_page_says_closing_is_not_leaving_and_how_to_delete_history(db: None) -> None:
    html = Client().get("/s/about/").content.decode()
    assert "Closing the browser is not the same as leaving" in html
    assert "new tab page" in html
    assert "History" in html

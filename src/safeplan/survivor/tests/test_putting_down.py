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
    shown = page_number(client.get("/s/h/").content.decode())
    response = client.post("/s/z/", {"away": "1", "page": shown, "csrfmiddlewaretoken": csrf})
    assert response.status_code == 204
    assert client.get("/s/h/").status_code == 302


def test_a_page_left_for_a_newer_page_of_the_space_does_not_lock_it(space: tuple[Client, str]) -> None:
    client, _words = space
    old = page_number(client.get("/s/h/").content.decode())
    client.get("/s/l/1/")  # a reload or an address typed in the tab: the newer page is shown first
    assert client.post("/s/z/", {"away": "1", "page": old, "csrfmiddlewaretoken": token(client)}).status_code == 204
    assert client.get("/s/h/").status_code == 200
    assert client.post("/s/z/", {"away": "1", "page": "x", "csrfmiddlewaretoken": token(client)}).status_code == 204
    assert client.get("/s/h/").status_code == 200


def test_the_away_beacon_keeps_what_she_was_writing(space: tuple[Client, str]) -> None:
    client, words = space
    csrf = token(client)
    shown = page_number(client.get("/s/l/2/").content.decode())
    data = {"away": "1", "page": shown, "_form": "phrases", "text": "Pineapple", "csrfmiddlewaretoken": csrf}
    client.post("/s/z/", data)
    assert space_document(words).drafts["phrases"].fields == {"text": ["Pineapple"]}
    assert client.get("/s/h/").status_code == 302


def test_only_the_first_page_after_opening_names_the_tab(space: tuple[Client, str]) -> None:
    client, words = space
    client.get("/s/z/")
    client.post("/s/o/", {"passphrase": words})
    first = client.get("/s/h/").content.decode()
    again = client.get("/s/h/").content.decode()
    tab = re.search(r'data-tab="([^"]+)"', first)
    assert tab
    assert 'data-fresh="1"' in first
    assert f'data-tab="{tab.group(1)}"' in again
    assert 'data-fresh="1"' not in again
    client.get("/s/z/")
    assert "data-tab=" not in client.get("/s/o/").content.decode()
    client.post("/s/o/", {"passphrase": words})
    assert tab.group(1) not in client.get("/s/h/").content.decode(), "a new token each time it opens"


def test_she_can_choose_to_stay_open_when_the_page_is_hidden(space: tuple[Client, str]) -> None:
    client, words = space
    assert 'data-lock-hidden="1"' in client.get("/s/h/").content.decode()
    client.post("/s/s/", {"action": "hidden"})
    assert space_document(words).settings.lock_when_hidden is False
    assert 'data-lock-hidden="0"' in client.get("/s/t/").content.decode()
    client.get("/s/z/")
    client.post("/s/o/", {"passphrase": words})
    assert session.SESSION_KEY in client.session
    assert 'data-lock-hidden="0"' in client.get("/s/h/").content.decode()
    client.post("/s/s/", {"action": "hidden", "lock_when_hidden": "yes"})
    assert 'data-lock-hidden="1"' in client.get("/s/h/").content.decode()


def test_the_privacy_page_says_closing_is_not_leaving_and_how_to_delete_history(db: None) -> None:
    html = Client().get("/s/i/").content.decode()
    assert "Closing the browser is not the same as leaving" in html
    assert "new tab page" in html
    assert "History" in html

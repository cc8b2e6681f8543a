"""Every page a professional or a survivor reaches, shown in Welsh, carries none of our English messages."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from safeplan.personas import World
from safeplan.testing.leaks import crawl
from safeplan.testing.signin import sign_in_verified
from safeplan.testing.survivor import create_space
from safeplan.testing.welsh import PO, catalogue_entries

# Long enough to be a sentence of ours, not a word Welsh shares (names, "MARAC", "IDVA", "SafeLives").
MIN_LENGTH = 24


def _english_messages() -> list[str]:
    found = []
    for (msgid, _plural), strs in catalogue_entries(PO).items():
        if len(msgid) < MIN_LENGTH or "%" in msgid or "{" in msgid or "<" in msgid:
            continue
        if all(s.strip() == msgid.strip() for s in strs):
            continue  # the same in both languages (a command line, a product name)
        found.append(msgid)
    return found


def _english_on(page: str, messages: list[str]) -> list[str]:
    text = html.unescape(re.sub(r"\s+", " ", page))
    return [message for message in messages if message in text]


@pytest.fixture
def messages() -> list[str]:
    found = _english_messages()
    assert len(found) > 1000
    return found


def test_no_staff_page_in_welsh_shows_an_english_message(world: World, messages: list[str]) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    client.get("/language/cy/", {"next": "/"})
    pages = crawl(client, world, limit=120)
    assert len(pages) > 40
    # A plan printed for the victim is in the victim's recorded language (plans.printing), not the reader's.
    english = {
        path: found for path, page in pages.items() if "/print/" not in path and (found := _english_on(page, messages))
    }
    assert english == {}


def test_no_survivor_page_in_welsh_shows_an_english_message(messages: list[str], db: None) -> None:
    client = Client()
    client.get("/language/cy/", {"next": "/s/"})
    create_space(client)
    paths = ["/", "/s/", "/s/h/", "/s/p/", "/s/d/", "/s/d/n/", "/s/b/", "/s/i/", "/s/t/", "/s/r/", "/s/q/", "/s/s/"]
    english = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert '<html lang="cy"' in page, path
        if found := _english_on(page, messages):
            english[path] = found
    assert english == {}

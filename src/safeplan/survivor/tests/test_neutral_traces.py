"""What a browser keeps of the survivor space (addresses, titles, form state, POST bodies) says nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import get_resolver

from safeplan.survivor import urls
from safeplan.survivor.forms import SELF_CHECK
from safeplan.testing.survivor import planned_space

WORDS_THAT_TELL = ("diary", "plan", "code", "word", "bag", "safe", "abuse", "help", "exit", "tech", "list", "share")


def _survivor_paths() -> list[str]:
    return ["/s/" + str(pattern.pattern) for pattern in urls.urlpatterns]


def test_every_survivor_path_is_short_and_says_nothing() -> None:
    paths = _survivor_paths()
    assert len(paths) > 20
    for path in paths:
        assert len(path) <= 9, path
        assert not any(word in path for word in WORDS_THAT_TELL), path
    assert get_resolver().resolve("/s/d/n/").url_name == "diary_new"


def test_each_page_of_a_space_has_its_own_neutral_title(space: tuple[Client, str]) -> None:
    client, _words = space
    planned_space(client)
    pages = {
        "/s/h/": "Home",
        "/s/p/": "Questions",
        "/s/b/": "Checklist",
        "/s/l/1/": "Contacts",
        "/s/l/2/": "Phrases",
        "/s/s/": "Settings",
        "/s/c/": "Share",
        "/s/d/": "Entries",
        "/s/e/": "Checks",
    }
    for path, title in pages.items():
        html = client.get(path).content.decode()
        assert re.search(r"<title>(.*?)</title>", html).group(1) == f"{title} - Notes", path  # type: ignore[union-attr]
    for path in ("/s/", "/s/o/", "/s/i/", "/s/t/", "/s/q/"):
        assert "- Notes</title>" in Client().get(path).content.decode() or path == "/s/"


def test_every_form_of_the_space_turns_autocomplete_off(space: tuple[Client, str]) -> None:
    client, _words = space
    planned_space(client)
    for path in ("/s/h/", "/s/p/", "/s/b/", "/s/l/1/", "/s/l/2/", "/s/s/", "/s/c/", "/s/d/n/", "/s/d/f/", "/s/e/"):
        html = client.get(path).content.decode()
        forms = re.findall(r"<form[^>]*>", html)
        assert forms, path
        for form in forms:
            assert 'autocomplete="off"' in form, (path, form)
    for path in ("/s/o/", "/s/n/", "/s/q/"):
        for form in re.findall(r"<form[^>]*>", Client().get(path).content.decode()):
            assert 'autocomplete="off"' in form, (path, form)


def test_the_bag_redirects_after_saving_and_says_saved_once(space: tuple[Client, str]) -> None:
    client, _words = space
    planned_space(client)
    response = client.post("/s/b/", {"packed": []})
    assert response.status_code == 303
    assert response["Location"] == "/s/b/"
    assert "Saved." in client.get("/s/b/").content.decode()
    assert "Saved." not in client.get("/s/b/").content.decode()


def test_a_share_code_is_shown_once_after_a_redirect_never_on_the_posted_page(space: tuple[Client, str]) -> None:
    client, _words = space
    planned_space(client)
    response = client.post("/s/c/", {"action": "create"})
    assert response.status_code == 303
    first = client.get("/s/c/").content.decode()
    assert 'id="share-code"' in first
    assert 'id="share-code"' not in client.get("/s/c/").content.decode()


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_the_questions_redirect_before_showing_the_answer(db: None, answer: str) -> None:
    client = Client()
    client.get("/s/q/")
    response = client.post("/s/q/", {name: answer for name, _question in SELF_CHECK})
    assert response.status_code == 303
    html = client.get("/s/q/").content.decode()
    assert ("sounds serious" in html) is (answer == "yes")
    assert "Thank you for answering" in html or answer == "yes"

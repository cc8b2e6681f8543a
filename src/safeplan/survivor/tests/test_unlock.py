"""Opening a space: wrong words and rate-limited attempts look the same, and say nothing about existence."""

from __future__ import annotations

from django.test import Client

from safeplan.survivor import limits
from safeplan.survivor.models import Attempt
from safeplan.testing.survivor import create_space

FAILURE = "We couldn"


def test_the_right_words_open_the_space(space: tuple[Client, str]) -> None:
    client, words = space
    client.post("/s/lock/")
    assert client.get("/s/home/").status_code == 302
    response = client.post("/s/open/", {"passphrase": words.upper()})
    assert response.status_code == 302
    assert response["Location"] == "/s/home/"
    assert client.get("/s/home/").status_code == 200


def test_wrong_words_get_one_kind_message_and_no_space(space: tuple[Client, str]) -> None:
    _client, words = space
    other = Client()
    response = other.post("/s/open/", {"passphrase": words + " again"})
    assert response.status_code == 200
    assert FAILURE in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert other.get("/s/home/").status_code == 302


def test_an_empty_attempt_asks_for_the_words(db: None) -> None:
    response = Client().post("/s/open/", {})
    assert "Enter your six words" in response.content.decode()


def test_after_ten_failures_from_one_address_even_the_right_words_get_the_same_message(db: None) -> None:
    owner = Client()
    words = create_space(owner)
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(limits.UNLOCK_PER_ADDRESS):
        wrong = guesser.post("/s/open/", {"passphrase": "apple banana cherry dates eggplant figs"})
        assert FAILURE in wrong.content.decode()
    limited = guesser.post("/s/open/", {"passphrase": words})
    assert limited.status_code == 200
    assert limited.content.decode().count(FAILURE) == wrong.content.decode().count(FAILURE)
    assert guesser.get("/s/home/").status_code == 302
    # Another address is not affected.
    assert Client(REMOTE_ADDR="198.51.100.7").post("/s/open/", {"passphrase": words}).status_code == 302


def test_attempts_store_no_address(db: None) -> None:
    Client(REMOTE_ADDR="203.0.113.9").post("/s/open/", {"passphrase": "apple banana"})
    assert Attempt.objects.exists()
    assert not Attempt.objects.filter(bucket__contains="203.0.113").exists()

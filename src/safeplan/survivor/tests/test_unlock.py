"""Opening a space: wrong words say nothing about existence; many misses are slowed down, honestly, never locked out."""

from __future__ import annotations

import ipaddress

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from safeplan.survivor import limits
from safeplan.survivor.models import Attempt
from safeplan.testing.survivor import create_space, wait_a_while

FAILURE = "We couldn"


def test_the_right_words_open_the_space(space: tuple[Client, str]) -> None:
    client, words = space
    client.post("/s/z/")
    assert client.get("/s/h/").status_code == 302
    response = client.post("/s/o/", {"passphrase": words.upper()})
    assert response.status_code == 302
    assert response["Location"] == "/s/h/"
    assert client.get("/s/h/").status_code == 200


def test_wrong_words_get_one_kind_message_and_no_space(space: tuple[Client, str]) -> None:
    _client, words = space
    other = Client()
    response = other.post("/s/o/", {"passphrase": words + " again"})
    assert response.status_code == 200
    assert FAILURE in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert other.get("/s/h/").status_code == 302


def test_an_empty_attempt_asks_for_the_words(db: None) -> None:
    response = Client().post("/s/o/", {})
    assert "Enter your six words" in response.content.decode()


def test_after_ten_misses_from_one_connection_tries_are_slowed_and_the_message_says_so(db: None) -> None:
    owner = Client()
    words = create_space(owner)
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(limits.FREE):
        wrong = guesser.post("/s/o/", {"passphrase": "apple banana cherry dates eggplant figs"})
        assert FAILURE in wrong.content.decode()
    too_soon = guesser.post("/s/o/", {"passphrase": words})
    assert too_soon.status_code == 429
    html = too_soon.content.decode()
    assert "too many tries from this connection" in html
    assert "Your words may be right" in html
    assert FAILURE not in html
    assert guesser.get("/s/h/").status_code == 302
    # Tries that were too soon cost nothing and are not counted.
    counted = Attempt.objects.count()
    guesser.post("/s/o/", {"passphrase": "apple banana cherry dates eggplant figs"})
    assert Attempt.objects.count() == counted
    # Another connection is not affected.
    assert Client(REMOTE_ADDR="198.51.100.7").post("/s/o/", {"passphrase": words}).status_code == 302


def test_correct_words_always_open_the_space_after_the_wait(db: None) -> None:
    words = create_space(Client())
    guesser = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(limits.FREE * 3):
        guesser.post("/s/o/", {"passphrase": "apple banana cherry dates eggplant figs"})
        wait_a_while(limits.LONGEST_WAIT)
    assert limits.wait_before("unlock", guesser.get("/s/o/").wsgi_request).seconds == 0
    assert guesser.post("/s/o/", {"passphrase": words}).status_code == 302


def test_a_flood_on_the_whole_site_does_not_slow_a_connection_that_has_not_missed(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(limits.SITE_FREE, "unlock", 5)
    words = create_space(Client())
    for number in range(8):
        Client(REMOTE_ADDR=f"198.51.100.{number}").post("/s/o/", {"passphrase": "apple banana cherry"})
    assert Client(REMOTE_ADDR="192.0.2.44").post("/s/o/", {"passphrase": words}).status_code == 302
    flooder = Client(REMOTE_ADDR="203.0.113.50")
    for _ in range(limits.SITE_FLOOD_OWN):
        flooder.post("/s/o/", {"passphrase": "apple banana cherry"})
    assert flooder.post("/s/o/", {"passphrase": words}).status_code == 429


def test_attempts_store_no_address(db: None) -> None:
    Client(REMOTE_ADDR="203.0.113.9").post("/s/o/", {"passphrase": "apple banana"})
    assert Attempt.objects.exists()
    assert not Attempt.objects.filter(bucket__contains="203.0.113").exists()


@given(st.integers(min_value=0, max_value=2**128 - 1), st.integers(min_value=0, max_value=2**64 - 1))
def test_an_ipv6_connection_is_its_64_network(address: int, other_host: int) -> None:
    one = ipaddress.IPv6Address(address)
    same_network = ipaddress.IPv6Address((address >> 64 << 64) | other_host)
    other_network = ipaddress.IPv6Address(address ^ (1 << 64))
    if one.ipv4_mapped is None and same_network.ipv4_mapped is None and other_network.ipv4_mapped is None:
        assert limits.connection(str(one)) == limits.connection(str(same_network))
        assert limits.connection(str(one)) != limits.connection(str(other_network))
        assert limits.connection(str(one)).endswith("/64")


def test_an_ipv4_address_is_its_own_connection_also_when_mapped_into_ipv6() -> None:
    assert limits.connection("203.0.113.9") == "203.0.113.9"
    assert limits.connection("::ffff:203.0.113.9") == "203.0.113.9"
    assert limits.connection("203.0.113.10") != "203.0.113.9"

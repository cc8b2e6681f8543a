"""Starting spaces is slowed down per connection, because each one costs a slow key derivation,
but a refuge's shared connection is never shut out."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.survivor import limits
from safeplan.survivor.models import Vault
from safeplan.testing.survivor import check_answers, wait_a_while

pytestmark = pytest.mark.django_db


def start(client: Client) -> int:
    """Start a space and make it (typing back the two words asked); return the status of the start."""
    started = client.post("/s/n/")
    if started.status_code == 303:
        client.post("/s/v/", check_answers(client, client.get("/s/w/").context["words"]))
    return started.status_code


def test_one_connection_is_slowed_down_after_ten_new_spaces_never_shut_out() -> None:
    for _ in range(limits.FREE):
        assert start(Client()) == 303
    slowed = Client().post("/s/n/")
    assert slowed.status_code == 429
    html = slowed.content.decode()
    assert "Too many new spaces have been started from this connection" in html
    assert "Wait 2 seconds" in html
    assert Vault.objects.count() == limits.FREE
    for started in range(limits.FREE + 1, limits.FREE + 8):
        wait_a_while(limits.LONGEST_WAIT)
        assert start(Client()) == 303
        assert Vault.objects.count() == started


def test_another_connection_can_still_start_one() -> None:
    for _ in range(limits.FREE):
        Client().post("/s/n/")
    assert Client(REMOTE_ADDR="192.0.2.7").post("/s/n/").status_code == 303

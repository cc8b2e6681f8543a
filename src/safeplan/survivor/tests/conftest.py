"""Survivor space test helpers: cheap key derivation, and a client with a space open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from safeplan.domain.vaultcrypto import KdfParams
from safeplan.survivor import services

CHEAP = KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Derive keys with tiny argon2id parameters: the production cost is tested in domain/."""
    monkeypatch.setattr(services, "kdf_params", lambda: CHEAP)
    return


def create_space(client: Client) -> str:
    """Create a space through the pages, leave it open in the client, and return its words."""
    response = client.post("/s/new/", follow=True)
    assert response.redirect_chain == [("/s/words/", 303)]
    words = response.context["words"]
    assert len(words) == 6
    return " ".join(words)


@pytest.fixture
def space(db: None) -> tuple[Client, str]:
    client = Client()
    return client, create_space(client)

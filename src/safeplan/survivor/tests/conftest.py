"""Survivor space test helpers: cheap key derivation, and a client with a space open."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from safeplan.domain.vaultcrypto import KdfParams
from safeplan.survivor import services
from safeplan.testing.survivor import create_space

CHEAP = KdfParams(time_cost=1, memory_cost_kib=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Derive keys with tiny argon2id parameters: the production cost is tested in domain/."""
    monkeypatch.setattr(services, "kdf_params", lambda: CHEAP)
    return


@pytest.fixture
def space(db: None) -> tuple[Client, str]:
    client = Client()
    return client, create_space(client)

"""The tech safety tests' fixture: a client signed in as the case's officer."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified


@pytest.fixture
def alice_client(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client

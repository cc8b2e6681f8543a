"""Shared helpers for the plans tests: a signed-in client for the case's officer."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.accounts.testing import sign_in_verified
from safeplan.conftest import World


@pytest.fixture
def alice_client(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.alice)
    return client


def plan_url(world: World, tail: str = "") -> str:
    return f"/cases/{world.case.pk}/plan/{tail}"

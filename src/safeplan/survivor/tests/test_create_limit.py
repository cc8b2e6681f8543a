"""Starting spaces is limited per address, because each one costs a slow key derivation."""

from __future__ import annotations

import pytest
from django.test import Client

from safeplan.survivor.limits import CREATE_PER_ADDRESS
from safeplan.survivor.models import Vault

pytestmark = pytest.mark.django_db


def test_one_address_cannot_start_spaces_without_limit() -> None:
    for _ in range(CREATE_PER_ADDRESS):
        assert Client().post("/s/new/").status_code == 303
    refused = Client().post("/s/new/")
    assert refused.status_code == 429
    assert "Too many new spaces" in refused.content.decode()
    assert Vault.objects.count() == CREATE_PER_ADDRESS


def test_another_address_can_still_start_one() -> None:
    for _ in range(CREATE_PER_ADDRESS):
        Client().post("/s/new/")
    assert Client(REMOTE_ADDR="192.0.2.7").post("/s/new/").status_code == 303

"""Demo users get a known second factor that the demo loader can print, and only demo users."""

from __future__ import annotations

import pytest
from django.test import Client
from django_otp.oath import TOTP
from pytest_django.fixtures import Settings

from safeplan.accounts.demo_devices import DemoRefused, ensure_demo_backup_codes, ensure_demo_device
from safeplan.accounts.models import AuthenticatorApp, BackupCode
from safeplan.personas import World
from safeplan.testing.signin import sign_in_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_alice(world: World) -> object:
    world.alice.is_demo = True
    world.alice.save()
    return world.alice


def code_from_secret(secret: str) -> str:
    from base64 import b32decode

    return f"{TOTP(b32decode(secret)).token():06d}"


def test_the_demo_secret_signs_in_and_is_the_same_every_time(client: Client, demo_alice: object, world: World) -> None:
    secret = ensure_demo_device(world.alice)
    assert ensure_demo_device(world.alice) == secret
    assert AuthenticatorApp.objects.filter(user=world.alice).count() == 1
    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": code_from_secret(secret)})
    assert client.get("/staff/").status_code == 200


def test_different_demo_users_have_different_secrets(world: World) -> None:
    world.adam.is_demo = world.alice.is_demo = True
    world.adam.save()
    world.alice.save()
    assert ensure_demo_device(world.adam) != ensure_demo_device(world.alice)


def test_demo_backup_codes_are_fixed_and_each_works_once(client: Client, demo_alice: object, world: World) -> None:
    codes = ensure_demo_backup_codes(world.alice)
    assert ensure_demo_backup_codes(world.alice) == codes
    assert len(codes) == 10
    assert BackupCode.objects.filter(device__user=world.alice).count() == 10
    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": codes[0]})
    assert client.get("/staff/").status_code == 200
    assert BackupCode.objects.filter(device__user=world.alice).count() == 9


def test_demo_devices_are_refused_in_production(demo_alice: object, world: World, settings: Settings) -> None:
    settings.MODE = "production"
    with pytest.raises(DemoRefused):
        ensure_demo_device(world.alice)
    with pytest.raises(DemoRefused):
        ensure_demo_backup_codes(world.alice)
    assert not AuthenticatorApp.objects.exists()
    assert not BackupCode.objects.exists()


def test_demo_devices_are_refused_for_real_users(world: World) -> None:
    with pytest.raises(DemoRefused):
        ensure_demo_device(world.adam)
    assert not AuthenticatorApp.objects.exists()

"""Second factors at rest (issue 13): the authenticator app's secret is encrypted and backup codes
are kept only as keyed digests, so a copy of the database cannot make or read a code; signing in
works as before, and devices set up before the change are moved over and still work."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from pytest_django.fixtures import Settings

from safeplan.accounts.codes import backup_code_digest
from safeplan.accounts.models import AuthenticatorApp, BackupCode, BackupCodes
from safeplan.accounts.second_factor import backup_codes_issue
from safeplan.personas import World
from safeplan.testing.signin import code_for, confirmed_device, sign_in_password

pytestmark = pytest.mark.django_db

OLD_KEY = "3132333435363738393031323334353637383930"  # RFC 6238's test secret, in hex


def is_verified(client: Client) -> bool:
    return client.get("/staff/").status_code == 200


def raw_rows(sql: str) -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return list(cursor.fetchall())


def test_the_app_secret_is_ciphertext_in_the_database_and_a_code_still_signs_in(client: Client, world: World) -> None:
    device = confirmed_device(world.alice)
    [(stored,)] = raw_rows(f"SELECT key FROM accounts_authenticatorapp WHERE id = {device.pk}")  # noqa: S608
    assert str(stored).startswith("v1:")
    assert device.key not in str(stored)
    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": code_for(device)})
    assert is_verified(client)


def test_backup_codes_are_stored_as_keyed_digests_only(client: Client, world: World, settings: Settings) -> None:
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    confirmed_device(world.alice)
    codes = backup_codes_issue(actor=world.alice, user=world.alice)
    stored = " ".join(str(row) for row in raw_rows("SELECT * FROM accounts_backupcode"))
    assert not any(code in stored for code in codes)
    # Keyed: a digest made with another SECRET_KEY (what someone with only the database could try) is not it.
    settings.SECRET_KEY = "another-secret-key-that-is-long-enough-for-django-checks"
    assert backup_code_digest(codes[0]) not in stored


def test_a_backup_code_still_works_after_secret_key_rotation(client: Client, world: World, settings: Settings) -> None:
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    confirmed_device(world.alice)
    codes = backup_codes_issue(actor=world.alice, user=world.alice)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-long-enough-for-checks"
    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": codes[3]})
    assert is_verified(client)
    assert BackupCode.objects.filter(device__user=world.alice).count() == len(codes) - 1


def test_devices_set_up_before_the_change_move_over_and_still_sign_in(
    client: Client, world: World, settings: Settings
) -> None:
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    TOTPDevice.objects.create(user=world.alice, name="Authenticator app", key=OLD_KEY, confirmed=True)
    static = StaticDevice.objects.create(user=world.bob, name="Backup codes", confirmed=True)
    StaticToken.objects.create(device=static, token="abcde23456")
    StaticToken.objects.create(device=static, token="fghjk78923")

    migration = __import__("safeplan.accounts.migrations.0006_encrypted_second_factors", fromlist=["move_devices"])
    historical = MigrationExecutor(connection).loader.project_state([("accounts", "0006_encrypted_second_factors")])
    migration.move_devices(historical.apps, None)

    assert not TOTPDevice.objects.exists()
    assert not StaticDevice.objects.exists()
    assert not StaticToken.objects.exists()
    moved = AuthenticatorApp.objects.get(user=world.alice)
    assert moved.key == OLD_KEY
    assert moved.confirmed
    assert not raw_rows(f"SELECT id FROM accounts_authenticatorapp WHERE key = '{OLD_KEY}'")  # noqa: S608
    assert BackupCodes.objects.get(user=world.bob).codes.count() == 2
    assert "abcde23456" not in str(raw_rows("SELECT * FROM accounts_backupcode"))

    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": code_for(moved)})
    assert is_verified(client)
    other = Client()
    sign_in_password(other, "bob")
    other.post("/staff/second-factor/", {"code": "fghjk-78923"})
    assert is_verified(other)

"""Signing in: password, then setting up or giving a second factor; each step audited."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django_otp.oath import totp
from pytest_django.fixtures import Settings

from safeplan.accounts.codes import backup_code_digest
from safeplan.accounts.models import AuthenticatorApp, BackupCode, User
from safeplan.accounts.second_factor import BACKUP_CODE_COUNT, backup_codes_issue
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import PASSWORD, World
from safeplan.testing.signin import code_for, confirmed_device, sign_in_password

pytestmark = pytest.mark.django_db


def verbs_for(user: User) -> list[str]:
    return list(AuditEvent.objects.filter(target_type="user", target_id=str(user.pk)).values_list("verb", flat=True))


def is_verified(client: Client) -> bool:
    return client.get("/staff/").status_code == 200


def test_enrolling_an_authenticator_app_with_a_real_code_gives_ten_backup_codes_once(
    client: Client, world: World
) -> None:
    sign_in_password(client, "alice")
    page = client.get("/staff/second-factor/set-up/app/")
    assert page.status_code == 200
    device = AuthenticatorApp.objects.get(user=world.alice, confirmed=False)
    html = page.content.decode()
    # The QR code is drawn here as inline SVG, and the secret is there to type.
    assert '<svg role="img"' in html
    assert "http" not in html.split('<svg role="img"')[1].split("</svg>")[0]
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert secret is not None
    assert len(secret.group(1).replace(" ", "")) == 32

    code = f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"
    response = client.post("/staff/second-factor/set-up/app/?next=/staff/", {"code": code, "next": "/staff/"})

    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    digests = set(BackupCode.objects.filter(device__user=world.alice).values_list("digest", flat=True))
    assert len(digests) == BACKUP_CODE_COUNT
    shown = response.content.decode()
    tokens = [code.replace("-", "") for code in re.findall(r"\b[a-z2-9]{5}-[a-z2-9]{5}\b", shown)]
    # The page shows each code once; the database holds only their keyed digests.
    assert {backup_code_digest(token) for token in tokens} >= digests
    assert not digests & set(tokens)
    assert is_verified(client)
    assert {Verb.OTP_ENROLLED, Verb.BACKUP_CODES_ISSUED, Verb.OTP_VERIFIED} <= set(verbs_for(world.alice))
    # No code or secret ever reaches the audit trail.
    details = str(list(AuditEvent.objects.values_list("detail", flat=True)))
    assert code not in details
    assert not any(token in details for token in tokens)


def test_a_wrong_enrolment_code_confirms_nothing(client: Client, world: World) -> None:
    sign_in_password(client, "alice")
    client.get("/staff/second-factor/set-up/app/")
    device = AuthenticatorApp.objects.get(user=world.alice)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/staff/second-factor/set-up/app/", {"code": wrong})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not BackupCode.objects.exists()
    assert not is_verified(client)
    assert Verb.OTP_ENROLLED not in verbs_for(world.alice)


def test_the_set_up_page_keeps_the_same_secret_when_loaded_again(client: Client, world: World) -> None:
    sign_in_password(client, "alice")
    client.get("/staff/second-factor/set-up/app/")
    client.get("/staff/second-factor/set-up/app/")
    assert AuthenticatorApp.objects.filter(user=world.alice).count() == 1


def test_a_code_from_the_app_verifies_the_session(client: Client, world: World) -> None:
    device = confirmed_device(world.alice)
    sign_in_password(client, "alice")
    assert not is_verified(client)
    response = client.post("/staff/second-factor/?next=/staff/admin/", {"code": code_for(device), "next": "/staff/"})
    assert response["Location"] == "/staff/"
    assert is_verified(client)
    event = AuditEvent.objects.filter(verb=Verb.OTP_VERIFIED).get()
    assert event.detail["method"] == "totp"


def test_the_same_app_code_cannot_be_used_twice(client: Client, world: World) -> None:
    device = confirmed_device(world.alice)
    code = code_for(device)
    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": code})
    client.post("/staff/logout/")
    other = Client()
    sign_in_password(other, "alice")
    response = other.post("/staff/second-factor/", {"code": code})
    assert response.status_code == 200
    assert not is_verified(other)


def test_a_backup_code_works_once_only(client: Client, world: World, settings: Settings) -> None:
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    confirmed_device(world.alice)
    codes = backup_codes_issue(actor=world.alice, user=world.alice)
    sign_in_password(client, "alice")
    client.post("/staff/second-factor/", {"code": f"{codes[0][:5]}-{codes[0][5:].upper()}"})
    assert is_verified(client)
    assert AuditEvent.objects.filter(verb=Verb.OTP_VERIFIED).get().detail == {
        "method": "backup_code",
        "backup_codes_left": BACKUP_CODE_COUNT - 1,
    }
    client.post("/staff/logout/")

    sign_in_password(client, "alice")
    response = client.post("/staff/second-factor/", {"code": codes[0]})
    assert "The code is not right" in response.content.decode()
    assert not is_verified(client)
    client.post("/staff/second-factor/", {"code": codes[1]})
    assert is_verified(client)


def test_a_wrong_code_is_refused_audited_and_counted(client: Client, world: World) -> None:
    confirmed_device(world.alice)
    sign_in_password(client, "alice")
    response = client.post("/staff/second-factor/", {"code": "000000"})
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "4 more tries" in html
    assert AuditEvent.objects.filter(verb=Verb.OTP_FAILED).count() == 1
    assert not is_verified(client)


def test_five_wrong_codes_sign_the_user_out_and_lock_the_account(client: Client, world: World) -> None:
    confirmed_device(world.alice)
    sign_in_password(client, "alice")
    for _ in range(4):
        assert client.post("/staff/second-factor/", {"code": "000000"}).status_code == 200
    response = client.post("/staff/second-factor/", {"code": "000000"})
    assert response.status_code == 429
    assert "This account is locked for 30 minutes after 5 failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(verb=Verb.LOCKED_OUT).exists()
    # Even the right password is now refused.
    assert sign_in_password(client, "alice").status_code == 429  # type: ignore[attr-defined]


def test_signing_in_and_out_is_audited_without_the_password(client: Client, world: World) -> None:
    sign_in_password(client, "alice")
    client.post("/staff/logout/")
    assert verbs_for(world.alice) == [Verb.LOGIN, Verb.LOGOUT]
    assert PASSWORD not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_a_failed_sign_in_is_audited_against_the_account_but_never_records_what_was_typed(
    client: Client, world: World
) -> None:
    sign_in_password(client, "alice", "not-the-password")
    sign_in_password(client, "my-secret-password-typed-in-the-wrong-box", "x")
    known, unknown = AuditEvent.objects.filter(verb=Verb.LOGIN_FAILED).order_by("id")
    assert known.target_id == str(world.alice.pk)
    assert unknown.target_id == ""
    everything = str(list(AuditEvent.objects.values_list("detail", "actor_label", "target_id")))
    assert "not-the-password" not in everything
    assert "my-secret-password" not in everything


def test_the_sign_in_page_says_nothing_about_which_part_was_wrong(client: Client, world: World) -> None:
    wrong_password = sign_in_password(client, "alice", "nope").content.decode()  # type: ignore[attr-defined]
    no_such_user = sign_in_password(client, "nobody", "nope").content.decode()  # type: ignore[attr-defined]
    message = "Enter a correct username and password"
    assert message in wrong_password
    assert message in no_such_user


def test_new_backup_codes_replace_the_old_ones(client: Client, world: World) -> None:
    from safeplan.testing.signin import sign_in_verified

    old = backup_codes_issue(actor=world.alice, user=world.alice)
    sign_in_verified(client, world.alice)
    response = client.post("/staff/second-factor/backup-codes/")
    assert response.status_code == 200
    new = set(BackupCode.objects.filter(device__user=world.alice).values_list("digest", flat=True))
    assert len(new) == BACKUP_CODE_COUNT
    assert not new & {backup_code_digest(code) for code in old}
    assert AuditEvent.objects.filter(verb=Verb.BACKUP_CODES_ISSUED).count() == 2

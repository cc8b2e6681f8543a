"""An admin's reset of another user's password or second factor cannot be used by any admin to sign in
as them (issue 13): a second admin approves it, the one-time code goes to the user alone, the user sets
their own password or second factor with it, and they and their supervisors are told; each step audited."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from safeplan.accounts import resets
from safeplan.accounts.models import AccountReset, AuthenticatorApp, UndeliveredMail
from safeplan.accounts.second_factor import backup_codes_issue
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import PASSWORD, World
from safeplan.testing.resets import approved_reset, delivered, mailed_code, second_admin
from safeplan.testing.signin import confirmed_device, sign_in_password, sign_in_verified

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "her-own-new-passphrase-42"


def is_verified(client: Client) -> bool:
    return client.get("/staff/").status_code == 200


def verbs() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("verb", flat=True))


def test_asking_changes_nothing_and_tells_the_user_and_her_supervisor(world: World) -> None:
    device = confirmed_device(world.alice)
    admin = Client()
    sign_in_verified(admin, world.adam)
    with delivered():
        response = admin.post(f"/staff/admin/users/{world.alice.pk}/reset/", {"what": "both"})
    assert response.status_code == 302
    reset = AccountReset.objects.get(user=world.alice)
    assert reset.waiting_for_approval
    assert reset.requested_by == world.adam
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)
    assert AuthenticatorApp.objects.filter(pk=device.pk).exists()
    told = {address for message in mail.outbox for address in message.to}
    assert {world.alice.email, world.sue.email} <= told
    assert Verb.USER_RESET_REQUESTED in verbs()


def test_the_admin_who_asked_cannot_approve_and_nobody_sees_the_code(world: World) -> None:
    reset = resets.reset_request(actor=world.adam, user=world.alice, what="password")
    with pytest.raises(ValidationError):
        resets.reset_approve(actor=world.adam, reset=reset)
    admin = Client()
    sign_in_verified(admin, world.adam)
    page = admin.get(f"/staff/admin/users/{world.alice.pk}/").content.decode()
    assert "Waiting for another admin" in page
    assert "Approve the reset" not in page

    ada = Client()
    sign_in_verified(ada, second_admin(world))
    with delivered():
        approved = ada.post(f"/staff/admin/resets/{reset.pk}/approve/", follow=True)
    assert approved.status_code == 200
    code = mailed_code(world.alice)
    # The code reached Alice alone: not the approving admin's page, nor any admin's or supervisor's mail.
    assert code not in approved.content.decode()
    assert code not in admin.get(f"/staff/admin/users/{world.alice.pk}/").content.decode()
    carriers = [message for message in mail.outbox if code in str(message.body)]
    assert [message.to for message in carriers] == [[world.alice.email]]
    stored = AccountReset.objects.get(pk=reset.pk)
    assert stored.code_digest
    assert code not in stored.code_digest
    assert code not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_two_admins_together_still_cannot_sign_in_as_her(world: World) -> None:
    device = confirmed_device(world.alice)
    approved_reset(world, world.alice, "both")
    # Nothing they hold signs in: her password is unchanged (they never chose one) and her devices stay.
    attempt = Client()
    sign_in_password(attempt, "alice", "a-guess-by-the-admin-1")
    assert not is_verified(attempt)
    assert AuthenticatorApp.objects.filter(pk=device.pk).exists()


def test_the_user_sets_her_own_password_and_a_new_second_factor_with_the_code(world: World) -> None:
    confirmed_device(world.alice)
    backup_codes_issue(actor=world.alice, user=world.alice)
    before = Client()
    sign_in_verified(before, world.alice)
    code = approved_reset(world, world.alice, "both")

    page = Client()
    assert page.get("/staff/reset-code/").status_code == 200
    response = page.post(
        "/staff/reset-code/",
        {"username": "alice", "code": code.upper(), "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    world.alice.refresh_from_db()
    assert world.alice.check_password(NEW_PASSWORD)
    assert not AuthenticatorApp.objects.filter(user=world.alice).exists()
    # Her old session ends; she signs in with her own password and sets up a new second factor.
    assert not is_verified(before)
    alice = Client()
    sign_in_password(alice, "alice", NEW_PASSWORD)
    assert alice.get("/staff/")["Location"].startswith("/staff/second-factor/set-up/")
    completed = AuditEvent.objects.get(verb=Verb.USER_RESET_COMPLETED)
    assert completed.actor == world.alice
    assert completed.detail["devices_removed"] == 2
    # The code works once.
    twice = {
        "username": "alice",
        "code": code,
        "new_password1": "another-passphrase-77",
        "new_password2": "another-passphrase-77",
    }
    again = Client().post("/staff/reset-code/", twice)
    assert "not right" in again.content.decode()
    assert verbs().count(Verb.USER_RESET_APPROVED) == 1


def test_a_second_factor_reset_keeps_her_password(world: World) -> None:
    device = confirmed_device(world.alice)
    code = approved_reset(world, world.alice, "second_factor")
    resets.reset_complete(username="alice", code=code)
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)
    assert not AuthenticatorApp.objects.filter(pk=device.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"username": "alice", "code": "wrong-code-abcd-efgh"},
        {"username": "nobody", "code": "CODE"},
        {"username": "", "code": ""},
        {"username": "alice", "code": "CODE", "new_password1": "", "new_password2": ""},
        {"username": "alice", "code": "CODE", "new_password1": "12345678901234", "new_password2": "12345678901234"},
        {"username": "alice", "code": "CODE", "new_password1": NEW_PASSWORD, "new_password2": "different-one-42"},
    ],
)
def test_bad_input_on_the_code_page_changes_nothing(world: World, data: dict[str, str]) -> None:
    code = approved_reset(world, world.alice, "password")
    filled = {key: value.replace("CODE", code) for key, value in data.items()}
    response = Client().post("/staff/reset-code/", filled)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="govuk-error-summary"' in page
    assert NEW_PASSWORD not in page
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)
    assert AccountReset.objects.get(user=world.alice).completed_at is None


def test_an_unknown_username_and_a_wrong_code_read_the_same(world: World) -> None:
    approved_reset(world, world.alice, "password")
    wrong = Client().post("/staff/reset-code/", {"username": "alice", "code": "aaaa-bbbb-cccc-dddd"})
    unknown = Client().post("/staff/reset-code/", {"username": "nobody", "code": "aaaa-bbbb-cccc-dddd"})
    message = "The username or the code is not right"
    assert message in wrong.content.decode()
    assert message in unknown.content.decode()


def test_five_wrong_codes_end_the_reset(world: World) -> None:
    code = approved_reset(world, world.alice, "password")
    for _ in range(resets.CODE_TRIES):
        Client().post("/staff/reset-code/", {"username": "alice", "code": "aaaa-bbbb-cccc-dddd"})
    assert AccountReset.objects.get(user=world.alice).ended_at is not None
    with pytest.raises(ValidationError):
        resets.reset_complete(username="alice", code=code, password=NEW_PASSWORD)
    assert verbs().count(Verb.USER_RESET_CODE_FAILED) == resets.CODE_TRIES


def test_an_undelivered_code_is_not_kept_for_supervisors_to_read(world: World) -> None:
    world.alice.email = ""
    world.alice.save(update_fields=["email"])
    with delivered():
        reset = resets.reset_request(actor=world.adam, user=world.alice, what="password")
        resets.reset_approve(actor=second_admin(world), reset=reset)
    failures = UndeliveredMail.objects.filter(recipient=world.alice, kind=UndeliveredMail.Kind.ACCOUNT)
    assert failures.exists()
    assert not any(re.search(r"\b\w{4}-\w{4}-\w{4}-\w{4}\b", failure.body) for failure in failures)
    assert any("Not kept" in failure.body for failure in failures)


def test_admins_of_another_agency_and_non_admins_get_404(world: World) -> None:
    reset = resets.reset_request(actor=world.adam, user=world.alice, what="password")
    for user in (world.wanda, world.sue, world.alice):
        client = Client()
        sign_in_verified(client, user)
        assert client.get(f"/staff/admin/resets/{reset.pk}/approve/").status_code == 404
        assert client.post(f"/staff/admin/resets/{reset.pk}/approve/").status_code == 404
        assert client.post(f"/staff/admin/resets/{reset.pk}/cancel/").status_code == 404
        assert client.get(f"/staff/admin/users/{world.alice.pk}/reset/").status_code == 404
    assert AccountReset.objects.get(pk=reset.pk).waiting_for_approval


def test_an_admin_cannot_reset_their_own_account_and_one_reset_at_a_time(world: World) -> None:
    with pytest.raises(ValidationError):
        resets.reset_request(actor=world.adam, user=world.adam, what="password")
    resets.reset_request(actor=world.adam, user=world.alice, what="password")
    with pytest.raises(ValidationError):
        resets.reset_request(actor=second_admin(world), user=world.alice, what="second_factor")


def test_a_cancelled_reset_cannot_be_approved(world: World) -> None:
    reset = resets.reset_request(actor=world.adam, user=world.alice, what="password")
    resets.reset_cancel(actor=second_admin(world), reset=reset)
    with pytest.raises(ValidationError):
        resets.reset_approve(actor=second_admin(world), reset=reset)
    assert Verb.USER_RESET_CANCELLED in verbs()

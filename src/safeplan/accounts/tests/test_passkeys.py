"""Passkeys as a second factor: bound to our host, never instead of the password, failures counted.

The full ceremony with a (virtual) authenticator is in tests/browser/test_accounts.py.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client, RequestFactory

from safeplan.accounts.webauthn import WebAuthnHelper, relying_party_id
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.testing.signin import confirmed_device, sign_in_password

pytestmark = pytest.mark.django_db

BEGIN_REGISTRATION = "/staff/webauthn/registration/begin/"
BEGIN_AUTHENTICATION = "/staff/webauthn/authentication/begin/"
COMPLETE_AUTHENTICATION = "/staff/webauthn/authentication/complete/"


def test_passkeys_are_bound_to_the_host_name_without_the_port(settings: object) -> None:
    request = RequestFactory().get("/", HTTP_HOST="localhost:8123")
    assert relying_party_id(request) == "localhost"


def test_outside_production_a_local_origin_on_any_port_is_accepted() -> None:
    request = RequestFactory().get("/", HTTP_HOST="localhost:8123")
    assert "http://localhost:8123" in WebAuthnHelper(request).get_allowed_origins()


def test_a_signed_in_user_without_a_second_factor_may_start_setting_up_a_passkey(client: Client, world: World) -> None:
    sign_in_password(client, "alice")
    response = client.post(BEGIN_REGISTRATION, HTTP_HOST="localhost")
    assert response.status_code == 200
    options = response.json()
    assert options["rp"]["id"] == "localhost"
    assert options["user"]["name"] == "alice"


def test_a_password_alone_cannot_add_a_passkey_to_an_account_that_has_a_second_factor(
    client: Client, world: World
) -> None:
    confirmed_device(world.alice)
    sign_in_password(client, "alice")
    response = client.post(BEGIN_REGISTRATION, HTTP_HOST="localhost")
    assert response.status_code == 403


def test_a_passkey_never_signs_anyone_in_without_a_password(client: Client, world: World) -> None:
    response = client.post(BEGIN_AUTHENTICATION, HTTP_HOST="localhost")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_a_failed_passkey_check_is_audited_and_counted(client: Client, world: World) -> None:
    confirmed_device(world.alice)
    sign_in_password(client, "alice")
    assert client.post(BEGIN_AUTHENTICATION, HTTP_HOST="localhost").status_code == 200
    response = client.post(
        COMPLETE_AUTHENTICATION,
        json.dumps({"id": "AAAA", "rawId": "AAAA", "type": "public-key", "response": {}}),
        content_type="application/json",
        HTTP_HOST="localhost",
    )
    assert response.status_code >= 400
    assert AuditEvent.objects.filter(verb=Verb.OTP_FAILED).get().detail == {"method": "passkey"}
    assert client.get("/staff/").status_code == 302

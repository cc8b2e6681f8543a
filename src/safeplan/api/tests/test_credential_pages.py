"""The agency admin's pages for API credentials: made, listed, rotated and revoked; the key shown once."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from safeplan.api.models import Scope, ServiceCredential
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.testing.access import snapshot
from safeplan.testing.api import world_credential
from safeplan.testing.forms import hidden_values, submit
from safeplan.testing.signin import sign_in_password, sign_in_verified

pytestmark = pytest.mark.django_db

NEW = "/staff/admin/integrations/new/"
KEY = re.compile(r'<code id="api-key">(sp_[^<]+)</code>')
FORM = {"name": "Northshire RMS", "role": "officer", "scopes": [Scope.READ_CASES], "lifetime": "90"}


def admin_client(world: World) -> Client:
    client = Client()
    sign_in_verified(client, world.adam)
    return client


def api_status(key: str) -> int:
    return Client().get("/api/v1/cases", HTTP_AUTHORIZATION=f"Bearer {key}").status_code


def test_the_admin_makes_credentials_and_sees_the_key_once(world: World) -> None:
    client = admin_client(world)
    response = submit(client, NEW, {**FORM, "team": world.north.pk})
    assert response.status_code == 200
    key = KEY.search(response.content.decode())
    assert key is not None, response.content.decode()
    assert api_status(key.group(1)) == 200
    credential = ServiceCredential.objects.get()
    assert credential.account.team == world.north
    assert credential.scopes == [Scope.READ_CASES]
    assert AuditEvent.objects.filter(verb=Verb.API_CREDENTIAL_CREATED, actor=world.adam).count() == 1
    # Never again: not on the list, not on its page.
    for path in ("/staff/admin/integrations/", f"/staff/admin/integrations/{credential.pk}/"):
        page = client.get(path)
        assert page.status_code == 200
        assert "Northshire RMS" in page.content.decode()
        assert key.group(1) not in page.content.decode()
        assert key.group(1).split("_", 2)[2] not in page.content.decode()


def test_a_double_submitted_form_makes_one_credential_and_says_where_the_key_went(world: World) -> None:
    client = admin_client(world)
    token = hidden_values(client.get(NEW).content.decode())
    assert "submission" in token
    data = {**token, **FORM, "team": world.north.pk}
    first = client.post(NEW, data)
    again = client.post(NEW, data)
    assert KEY.search(first.content.decode())
    assert not KEY.search(again.content.decode())
    assert "rotate the key" in again.content.decode()
    assert ServiceCredential.objects.count() == 1


def test_bad_input_gets_an_error_summary_and_changes_nothing(world: World) -> None:
    client = admin_client(world)
    for bad in (
        {},
        {**FORM, "team": world.elsewhere.pk},
        {**FORM, "team": world.north.pk, "role": "admin"},
        {**FORM, "team": world.north.pk, "scopes": ["everything"]},
        {**FORM, "team": world.north.pk, "lifetime": "36500"},
        {**FORM, "team": world.north.pk, "name": "   "},
    ):
        before = snapshot()
        response = submit(client, NEW, bad)
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode(), bad
        assert snapshot() == before, bad


def test_the_same_name_twice_is_refused_on_the_form(world: World) -> None:
    client = admin_client(world)
    submit(client, NEW, {**FORM, "team": world.north.pk})
    before = snapshot()
    response = submit(client, NEW, {**FORM, "team": world.south.pk})
    assert "This agency already has an integration with that name." in response.content.decode()
    assert snapshot() == before


def test_rotating_shows_a_new_key_once_and_the_old_one_stops_working(world: World) -> None:
    client = admin_client(world)
    old = KEY.search(submit(client, NEW, {**FORM, "team": world.north.pk}).content.decode())
    assert old is not None
    credential = ServiceCredential.objects.get()
    confirm = client.get(f"/staff/admin/integrations/{credential.pk}/rotate/")
    assert confirm.status_code == 200
    rotated = client.post(f"/staff/admin/integrations/{credential.pk}/rotate/")
    new = KEY.search(rotated.content.decode())
    assert new is not None
    assert new.group(1) != old.group(1)
    assert api_status(old.group(1)) == 401
    assert api_status(new.group(1)) == 200
    assert AuditEvent.objects.filter(verb=Verb.API_CREDENTIAL_ROTATED, actor=world.adam).count() == 1


def test_revoking_stops_the_integration_for_good(world: World) -> None:
    client = admin_client(world)
    key = KEY.search(submit(client, NEW, {**FORM, "team": world.north.pk}).content.decode())
    assert key is not None
    credential = ServiceCredential.objects.get()
    response = client.post(f"/staff/admin/integrations/{credential.pk}/revoke/")
    assert response.status_code == 302
    assert api_status(key.group(1)) == 401
    page = client.get(f"/staff/admin/integrations/{credential.pk}/").content.decode()
    assert "Revoked" in page
    assert "/rotate/" not in page
    # A second revoke (Back and resend) changes nothing; a rotation is refused with a message.
    before = snapshot()
    client.post(f"/staff/admin/integrations/{credential.pk}/revoke/")
    refused = client.post(f"/staff/admin/integrations/{credential.pk}/rotate/")
    assert "govuk-error-summary" in refused.content.decode()
    assert snapshot() == before
    assert AuditEvent.objects.filter(verb=Verb.API_CREDENTIAL_REVOKED).count() == 1


def test_only_the_agencys_admin_reaches_the_pages(world: World) -> None:
    credential = world_credential(world)
    pages = [
        "/staff/admin/integrations/",
        NEW,
        f"/staff/admin/integrations/{credential.pk}/",
        f"/staff/admin/integrations/{credential.pk}/rotate/",
        f"/staff/admin/integrations/{credential.pk}/revoke/",
    ]
    for user in (world.alice, world.sue, world.olga):
        client = Client()
        sign_in_verified(client, user)
        assert [client.get(page).status_code for page in pages] == [404] * 5, user.username
    # Another agency's admin has their own list, without this agency's integrations.
    client = Client()
    sign_in_verified(client, world.wanda)
    assert "Northshire RMS" not in client.get(pages[0]).content.decode()
    assert [client.get(page).status_code for page in pages[2:]] == [404] * 3


def test_the_admin_needs_a_second_factor_first(world: World) -> None:
    client = Client()
    sign_in_password(client, world.adam.username)
    response = client.get("/staff/admin/integrations/")
    assert response.status_code == 302
    assert "/staff/admin/integrations/" not in response["Location"]

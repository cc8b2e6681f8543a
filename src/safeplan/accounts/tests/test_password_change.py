"""Changing one's own password: every broken rule is said once, next to the field, and nothing changes."""

from __future__ import annotations

import re

from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.personas import PASSWORD, World
from safeplan.testing.signin import sign_in_verified


def test_a_password_that_breaks_several_rules_gets_one_error_element_linked_to_its_field(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    events = AuditEvent.objects.count()
    response = client.post(
        "/staff/password/", {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    ids = re.findall(r'id="([^"]+)"', html)
    assert [i for i in set(ids) if ids.count(i) > 1] == []
    assert html.count('id="id_new_password2-error"') == 1
    field = re.search(r'<input[^>]*name="new_password2"[^>]*>', html)
    assert field is not None
    assert 'aria-describedby="id_new_password2-error"' in field.group(0)
    message = re.search(r'id="id_new_password2-error"[^>]*>(.*?)</p>', html, re.S)
    assert message is not None
    assert "too short" in message.group(1)
    assert "entirely numeric" in message.group(1)
    world.alice.refresh_from_db()
    assert world.alice.check_password(PASSWORD)
    assert AuditEvent.objects.count() == events


def test_an_empty_form_names_each_password_it_wants(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    html = client.post("/staff/password/", {}).content.decode()
    for message in ("Enter your current password", "Enter a new password", "Enter the new password again"):
        assert html.count(message) == 2  # in the error summary and beside the field
    assert "This field is required." not in html

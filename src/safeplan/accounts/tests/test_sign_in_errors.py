"""Sign-in and change-password errors are linked to their boxes, styled as errors, described by ids that exist."""

from __future__ import annotations

import re

from django.test import Client

from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified


def _dangling_descriptions(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    return [ref for refs in re.findall(r'aria-describedby="([^"]+)"', html) for ref in refs.split() if ref not in ids]


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


def test_a_refused_sign_in_is_linked_to_the_username_box(world: World) -> None:
    html = Client().post("/staff/login/", {"username": "alice", "password": "not her password at all"}).content.decode()
    assert "Enter a correct username and password" in html
    assert 'href="#id_username"' in html  # the summary links to the box
    username = _input(html, "username")
    assert "govuk-input--error" in username
    assert "id_username-error" in username
    assert 'id="id_username-error"' in html
    assert _dangling_descriptions(html) == []


def test_a_refused_sign_in_is_still_audited_with_its_username(world: World) -> None:
    from safeplan.audit.models import AuditEvent
    from safeplan.audit.verbs import Verb

    Client().post("/staff/login/", {"username": world.alice.username, "password": "not her password at all"})
    assert AuditEvent.objects.filter(verb=Verb.LOGIN_FAILED, target_id=str(world.alice.pk)).exists()


def test_change_password_errors_are_described_by_ids_that_exist(world: World) -> None:
    client = Client()
    sign_in_verified(client, world.alice)
    html = client.post(
        "/staff/password/", {"old_password": "x", "new_password1": "short", "new_password2": "other"}
    ).content.decode()
    assert "govuk-input--error" in _input(html, "old_password")
    assert _dangling_descriptions(html) == []

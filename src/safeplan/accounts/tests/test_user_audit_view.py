"""A supervisor's view of one user's actions spans cases they may not open: no free text there."""

from __future__ import annotations

from django.test import Client

from safeplan.audit.models import AuditEvent
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified

REASON = "Victim called from a flat on Marsh Road"


def _reopen_reason(world: World) -> None:
    record(
        actor=world.alice, verb=Verb.CASE_REOPENED, target=world.case, case_id=world.case.pk, detail={"reason": REASON}
    )


def test_the_user_audit_page_does_not_show_free_text_reasons(world: World, client: Client) -> None:
    _reopen_reason(world)
    sign_in_verified(client, world.south_supervisor)
    response = client.get(f"/staff/audit/users/{world.alice.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reopened a case" in page
    assert REASON not in page
    assert AuditEvent.objects.filter(verb=Verb.USER_AUDIT_VIEWED, actor=world.south_supervisor).exists()


def test_the_case_audit_page_still_shows_reasons_to_a_supervisor_who_can_open_the_case(
    world: World, client: Client
) -> None:
    _reopen_reason(world)
    sign_in_verified(client, world.sue)
    response = client.get(f"/cases/{world.case.pk}/audit/")
    assert response.status_code == 200
    assert REASON in response.content.decode()


def test_the_user_audit_page_is_not_found_for_a_supervisor_of_another_agency(world: World, client: Client) -> None:
    sign_in_verified(client, world.olga)
    assert client.get(f"/staff/audit/users/{world.alice.pk}/").status_code == 404

"""Risk management plan actions: from the menu or written freely, owned by an invited agency, closed with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.content.marac_menu import marac_menu
from safeplan.marac.models import MaracAction
from safeplan.marac.services import actions as services
from safeplan.marac.services.meetings import agency_invite
from safeplan.personas import World
from safeplan.testing.marac import world_item


def test_the_menu_offers_fewer_actions_at_a_lower_grade() -> None:
    menu = marac_menu()
    standard = {item.id for item in menu.for_grade("standard")}
    high = {item.id for item in menu.for_grade("high")}
    assert standard < high
    assert "dvpn_dvpo" in high
    assert "dvpn_dvpo" not in standard
    assert all(item.sources for item in menu.items)


def _action(world: World, **changes: object) -> MaracAction:
    item = world_item(world)
    agency_invite(actor=world.mark, meeting=item.meeting, agency=world.health)
    fields: dict[str, object] = {
        "part": "victim",
        "menu_id": "home_security",
        "text": "",
        "agency": world.health,
        "owner": "Pat (synthetic)",
        "due_on": timezone.localdate() + timedelta(days=14),
        **changes,
    }
    return services.action_add(actor=world.mark, item=item, **fields)  # type: ignore[arg-type]


def test_a_menu_action_takes_its_words_and_is_audited(world: World) -> None:
    action = _action(world)
    assert action.text.startswith("Arrange a home security survey")
    assert (action.menu_id, action.menu_version, action.state) == ("home_security", 1, "open")
    assert AuditEvent.objects.filter(verb=Verb.MARAC_ACTION_ADDED, case_id=world.case.pk).count() == 1


def test_an_agency_not_invited_cannot_own_an_action(world: World) -> None:
    with pytest.raises(ValidationError):
        _action(world, agency=world.housing)
    assert not MaracAction.objects.exists()


def test_not_done_needs_a_reason_and_only_the_owner_or_coordinator_closes(world: World) -> None:
    action = _action(world)
    with pytest.raises(PermissionDenied):
        services.action_close(actor=world.hana, action=action, state="done")
    with pytest.raises(ValidationError):
        services.action_close(actor=world.pat, action=action, state="not_done", reason=" ")
    closed = services.action_close(actor=world.pat, action=action, state="could_not", reason="She moved away")
    assert (closed.state, closed.state_reason) == ("could_not", "She moved away")
    with pytest.raises(ValidationError):
        services.action_close(actor=world.mark, action=closed, state="done")
    assert AuditEvent.objects.filter(verb=Verb.MARAC_ACTION_CLOSED, actor=world.pat).count() == 1

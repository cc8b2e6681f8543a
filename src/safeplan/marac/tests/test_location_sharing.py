"""A confidential place reaches a partner agency only when the case's team shares it for that agency's open action."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.marac.models import MaracAction
from safeplan.marac.services import meetings as meeting_services
from safeplan.personas import SECRET_ADDRESS, World
from safeplan.testing.marac import world_action
from safeplan.testing.signin import sign_in_verified


def signed_in(user: object) -> Client:
    client = Client()
    sign_in_verified(client, user)  # type: ignore[arg-type]
    return client


def health_action(world: World) -> MaracAction:
    action = world_action(world)
    meeting = action.item.meeting
    meeting_services.agency_invite(actor=world.mark, meeting=meeting, agency=world.health)
    meeting_services.agency_invite(actor=world.mark, meeting=meeting, agency=world.housing)
    meeting_services.agenda_circulate(actor=world.mark, meeting=meeting)
    for user in (world.pat, world.hana):
        meeting_services.confidentiality_acknowledge(actor=user, meeting=meeting)
    MaracAction.objects.filter(pk=action.pk).update(agency=world.health)
    return MaracAction.objects.get(pk=action.pk)


def test_the_place_shows_only_to_the_owning_agency_after_the_case_team_shares_it(world: World) -> None:
    action = health_action(world)
    case_page = f"/marac/shared/{action.item_id}/"
    assert SECRET_ADDRESS not in signed_in(world.pat).get(case_page).content.decode()
    share = f"/cases/{world.case.pk}/marac/share-location/"
    # Partners, coordinators outside the team and the outside world cannot share it.
    for outsider in (world.pat, world.charlie, world.olga):
        assert signed_in(outsider).post(share, {"action": action.pk, "location": world.location.pk}).status_code == 404
    assert MaracAction.objects.get(pk=action.pk).shared_location is None
    response = signed_in(world.alice).post(share, {"action": action.pk, "location": world.location.pk})
    assert response.status_code == 302
    assert AuditEvent.objects.get(verb=Verb.MARAC_LOCATION_SHARED).detail["agency"] == world.health.pk
    assert SECRET_ADDRESS in signed_in(world.pat).get(case_page).content.decode()
    revealed = AuditEvent.objects.filter(verb=Verb.LOCATION_REVEALED, actor=world.pat)
    assert revealed.count() == 1
    assert revealed.get().detail["marac_action"] == action.pk
    # Housing, at the same meeting, and the coordinator never see it.
    assert SECRET_ADDRESS not in signed_in(world.hana).get(case_page).content.decode()
    assert SECRET_ADDRESS not in signed_in(world.mark).get(case_page).content.decode()
    # Once the action is closed, the place goes with it.
    MaracAction.objects.filter(pk=action.pk).update(state="done", closed_at=timezone.now(), closed_by=world.mark)
    page = signed_in(world.pat).get(case_page)
    assert SECRET_ADDRESS not in page.content.decode()

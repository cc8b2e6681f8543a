"""Who can open the risk pages: the case's own access for reading, assessors only for writing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.cases.models import CaseShare
from safeplan.marac.models import MaracDecision
from safeplan.personas import World
from safeplan.risk.models import Assessment, AssessmentDraft
from safeplan.risk.permissions import can_assess
from safeplan.testing.access import fill, patterns
from safeplan.testing.risk import panel_html, world_assessment
from safeplan.testing.signin import sign_in_verified

RISK_ROUTES = (
    "cases/<int:case_id>/risk/",
    "cases/<int:case_id>/risk/new/<str:instrument_id>/",
    "cases/<int:case_id>/risk/<int:assessment_id>/",
    "cases/<int:case_id>/risk/<int:assessment_id>/marac-decision/",
)


def risk_paths(world: World) -> dict[str, str]:
    found = {route: fill(route, pattern, world) for route, pattern in patterns() if route in RISK_ROUTES}
    assert set(found) == set(RISK_ROUTES)
    return found


def client_for(user: User) -> Client:
    client = Client()
    sign_in_verified(client, user)
    return client


def test_every_risk_page_answers_404_to_everyone_outside_the_case(world: World) -> None:
    paths = risk_paths(world)
    before = (Assessment.objects.count(), MaracDecision.objects.count(), AssessmentDraft.objects.count())
    for user in world.outside():
        client = client_for(user)
        for path in paths.values():
            assert client.get(path).status_code == 404, (user.username, path)
            # 405 where the page takes no POST at all, which says nothing about the record.
            assert client.post(path, {"action": "draft", "current_injury": "yes"}).status_code in (404, 405)
    assert (Assessment.objects.count(), MaracDecision.objects.count(), AssessmentDraft.objects.count()) == before


def test_an_admin_of_the_agency_gets_404_too(world: World) -> None:
    client = client_for(world.adam)
    for path in risk_paths(world).values():
        assert client.get(path).status_code == 404


@pytest.mark.parametrize("who", ["alice", "sue", "ida"])
def test_officers_idvas_and_supervisors_in_the_team_can_assess(world: World, who: str) -> None:
    client = client_for(getattr(world, who))
    for path in risk_paths(world).values():
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("who", ["wendy", "mark"])
def test_witness_care_and_marac_coordinators_read_but_do_not_assess(world: World, who: str) -> None:
    user = getattr(world, who)
    assert not can_assess(user, world.case)
    client = client_for(user)
    paths = risk_paths(world)
    assert client.get(paths["cases/<int:case_id>/risk/"]).status_code == 200
    assert client.get(paths["cases/<int:case_id>/risk/<int:assessment_id>/"]).status_code == 200
    assert client.get(paths["cases/<int:case_id>/risk/new/<str:instrument_id>/"]).status_code == 404
    decision = paths["cases/<int:case_id>/risk/<int:assessment_id>/marac-decision/"]
    assert client.get(decision).status_code == 404
    assert client.post(decision, {"decision": "refer", "reason": "x"}).status_code == 404
    assert not MaracDecision.objects.exists()
    # The case page's risk panel offers them nothing they cannot do.
    html = panel_html(world.case, user)
    assert "/risk/new/" not in html
    assert "marac-decision" not in html


def test_a_team_the_case_is_shared_with_reads_but_does_not_assess(world: World) -> None:
    CaseShare.objects.create(
        case=world.case,
        team=world.elsewhere,
        reason="joint work",
        granted_by=world.alice,
        expires_at=timezone.now() + timedelta(days=3),
    )
    idva = User.objects.create_user(
        username="iris", password="x-long-password-9", role="idva", agency=world.other_agency, team=world.elsewhere
    )
    client = client_for(idva)
    paths = risk_paths(world)
    assert client.get(paths["cases/<int:case_id>/risk/<int:assessment_id>/"]).status_code == 200
    assert client.get(paths["cases/<int:case_id>/risk/new/<str:instrument_id>/"]).status_code == 404


def test_an_unknown_instrument_or_another_cases_assessment_is_404(world: World) -> None:
    client = client_for(world.alice)
    assert client.get(f"/cases/{world.case.pk}/risk/new/dash/").status_code == 404
    assessment = world_assessment(world)
    from safeplan.cases.models import Case

    other = Case.objects.create(
        reference="SP-TEST-0002",
        team=world.north,
        responsible_officer=world.alice,
        spoc=world.bob,
        created_by=world.alice,
    )
    assert client.get(f"/cases/{other.pk}/risk/{assessment.pk}/").status_code == 404
    assert client.get(f"/cases/{other.pk}/risk/{assessment.pk}/marac-decision/").status_code == 404

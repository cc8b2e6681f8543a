"""An integration's service account is never offered, or accepted, as a person."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.forms import AgencyContactForm
from safeplan.accounts.models import User
from safeplan.accounts.selectors import teams_for_admin, user_for_admin, users_for_admin
from safeplan.api.models import Scope
from safeplan.api.services import credential_create
from safeplan.cases import services as case_services
from safeplan.cases.forms import CaseCreateForm, HandoverForm
from safeplan.marac.selectors.areas import coordinator_candidates
from safeplan.perpetrators.management_forms import PlanForm
from safeplan.personas import World
from safeplan.testing.marac import marac_world
from safeplan.timeline.forms import QueueFilterForm

pytestmark = pytest.mark.django_db


def service_account(world: World, role: str = "officer") -> User:
    credential, _ = credential_create(
        actor=world.adam,
        name=f"Northshire RMS ({role})",
        team=world.north,
        role=role,
        scopes=[Scope.READ_CASES],
        expires_at=timezone.now() + timedelta(days=30),
    )
    assert credential.account.is_service_account
    return credential.account


def choices(field: object) -> set[int]:
    return set(field.queryset.values_list("pk", flat=True))  # type: ignore[attr-defined]


def test_it_is_not_offered_as_responsible_officer_spoc_handover_or_owner(world: World) -> None:
    account = service_account(world)
    create = CaseCreateForm(team_id=world.north.pk)
    handover = HandoverForm(team_id=world.north.pk)
    queue = QueueFilterForm(team_id=world.north.pk)
    assert world.alice.pk in choices(create.fields["responsible_officer"])
    for field in (create.fields["responsible_officer"], create.fields["spoc"], handover.fields["to_user"]):
        assert account.pk not in choices(field)
    assert account.pk not in choices(queue.fields["owner"])
    assert account.pk not in choices(PlanForm(agency_id=world.agency.pk).fields["spoc"])
    assert account.pk not in choices(AgencyContactForm(agency=world.agency).fields["contact"])


def test_it_is_not_a_marac_coordinator_candidate(world: World) -> None:
    account = service_account(world, role="marac_coordinator")
    area = marac_world(world).area
    candidates = set(coordinator_candidates(area).values_list("pk", flat=True))
    assert world.mark.pk in candidates
    assert account.pk not in candidates


def test_the_case_services_refuse_it_as_responsible_officer_or_spoc(world: World) -> None:
    account = service_account(world)
    with pytest.raises(ValidationError) as refused:
        case_services.case_create(
            actor=world.alice, victim_name="Val Victim", responsible_officer=account, spoc=world.bob
        )
    assert set(refused.value.message_dict) == {"responsible_officer"}


def test_the_agency_admin_manages_it_on_the_credentials_page_not_with_the_people(world: World) -> None:
    account = service_account(world)
    assert account not in users_for_admin(admin=world.adam)
    assert world.alice in users_for_admin(admin=world.adam)
    with pytest.raises(Http404):
        user_for_admin(admin=world.adam, pk=account.pk)
    north = next(t for t in teams_for_admin(admin=world.adam) if t.pk == world.north.pk)
    assert north.member_count == User.objects.filter(team=world.north, is_service_account=False).count()

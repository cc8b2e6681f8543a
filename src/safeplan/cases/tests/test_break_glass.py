"""Break-glass: a reason a reader can read, and access that ends the moment the grounds for it do."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from safeplan.accounts.models import Agency, Role, Team
from safeplan.audit.models import AuditEvent
from safeplan.audit.verbs import Verb
from safeplan.cases import services
from safeplan.cases.models import BreakGlassAccess
from safeplan.cases.selectors import case_for
from safeplan.personas import World
from safeplan.testing.signin import sign_in_verified

REASON = "Urgent: victim reported missing tonight"


@pytest.mark.parametrize(
    "padding",
    [
        "\u200b" * 25,  # zero-width spaces
        "\u200d\u2060\ufeff\u00ad" * 10,  # joiners, word joiners, byte-order marks, soft hyphens
        " \n\t" * 20,  # whitespace that a plain strip() would leave inside
        "a" + " " * 30 + "b",  # spaces in a row count once
        "\u3164" * 25,  # Hangul fillers: letters that draw nothing
        "e" + "\u0301" * 30,  # one letter under a pile of accents
    ],
)
def test_it_refuses_a_reason_without_twenty_characters_a_reader_can_see(world: World, padding: str) -> None:
    with pytest.raises(ValidationError) as refused:
        services.break_glass_open(actor=world.south_supervisor, reference=world.case.reference, reason=padding)
    message = refused.value.message_dict["reason"][0]
    assert "at least 20 characters you can read" in message
    assert "zero-width" in message
    assert not BreakGlassAccess.objects.exists()
    assert not AuditEvent.objects.filter(verb=Verb.CASE_BREAK_GLASS).exists()


def test_it_keeps_the_reason_as_it_reads(world: World) -> None:
    padded = "\u200b" * 5 + "Urgent:\u200b   victim\n\nreported missing tonight" + "\u200b" * 5
    access = services.break_glass_open(actor=world.south_supervisor, reference=world.case.reference, reason=padded)
    assert access.reason == "Urgent: victim reported missing tonight"
    assert AuditEvent.objects.get(verb=Verb.CASE_BREAK_GLASS).reason == access.reason
    assert access.team == world.south


def test_the_page_says_why_zero_width_padding_is_refused(world: World, client: Client) -> None:
    sign_in_verified(client, world.south_supervisor)
    response = client.post(reverse("cases:break_glass"), {"reference": world.case.reference, "reason": "\u200b" * 25})
    assert response.status_code == 200
    page = response.content.decode()
    assert "this reason has 0" in page
    assert "govuk-error-summary" in page
    assert not BreakGlassAccess.objects.exists()


@pytest.fixture
def glass(world: World) -> BreakGlassAccess:
    access = services.break_glass_open(actor=world.south_supervisor, reference=world.case.reference, reason=REASON)
    assert case_for(world.south_supervisor, world.case.pk) == world.case
    return access


def test_access_ends_at_once_when_the_supervisor_loses_the_role(world: World, glass: BreakGlassAccess) -> None:
    world.south_supervisor.role = Role.OFFICER
    world.south_supervisor.save(update_fields=["role"])
    with pytest.raises(Http404):
        case_for(world.south_supervisor, world.case.pk)


def test_access_ends_at_once_when_the_supervisor_leaves_the_team(world: World, glass: BreakGlassAccess) -> None:
    moved_to = Team.objects.create(agency=world.agency, name="Team East")
    world.south_supervisor.team = moved_to
    world.south_supervisor.save(update_fields=["team"])
    with pytest.raises(Http404):
        case_for(world.south_supervisor, world.case.pk)


def test_access_ends_at_once_when_the_supervisor_leaves_the_agency(world: World, glass: BreakGlassAccess) -> None:
    elsewhere = Agency.objects.create(name="Eastshire Police", kind=Agency.Kind.POLICE)
    world.south_supervisor.agency = elsewhere
    world.south_supervisor.team = Team.objects.create(agency=elsewhere, name="Team South")
    world.south_supervisor.save(update_fields=["agency", "team"])
    with pytest.raises(Http404):
        case_for(world.south_supervisor, world.case.pk)


def test_access_ends_at_once_when_the_account_is_disabled(world: World, glass: BreakGlassAccess) -> None:
    world.south_supervisor.is_active = False
    world.south_supervisor.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        case_for(world.south_supervisor, world.case.pk)


def test_a_demotion_closes_the_case_page_on_the_very_next_request(
    world: World, glass: BreakGlassAccess, client: Client
) -> None:
    sign_in_verified(client, world.south_supervisor)
    page = reverse("cases:detail", args=[world.case.pk])
    assert client.get(page).status_code == 200
    world.south_supervisor.role = Role.OFFICER
    world.south_supervisor.save(update_fields=["role"])
    assert client.get(page).status_code == 404
    # Given the role back, the grant holds again until it expires: it was the role that was missing.
    world.south_supervisor.role = Role.SUPERVISOR
    world.south_supervisor.save(update_fields=["role"])
    assert client.get(page).status_code == 200

"""Helpers for tests: the world's MARAC area, with its protocol signed by the police and two partners.

from safeplan.testing.marac import marac_world
area = marac_world(world).area

Northshire MARAC is hosted by Northshire Police; Mark coordinates it (Maria, a coordinator in
Team South, does not). Its protocol in force is signed by Northshire Police, Northshire Health
and Northshire Housing; Eastshire Probation and the Westshire IDVA Service have not signed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.marac.models import (
    AgendaItem,
    MaracAction,
    MaracArea,
    MaracMeeting,
    MaracReferral,
    Neighbourhood,
    ProtocolSignature,
    ReleaseAlert,
    SharingProtocol,
)

if TYPE_CHECKING:
    from safeplan.personas import World


@dataclass
class MaracWorld:
    area: MaracArea
    protocol: SharingProtocol
    neighbourhood: Neighbourhood


def marac_world(world: World) -> MaracWorld:
    """Return the world's MARAC area, making it once per test."""
    cached: MaracWorld | None = getattr(world, "_marac", None)
    if cached is not None:
        return cached
    today = timezone.localdate()
    area = MaracArea.objects.create(
        name="Northshire MARAC", host_agency=world.agency, cadence=MaracArea.Cadence.FORTNIGHTLY
    )
    area.coordinators.add(world.mark)
    protocol = SharingProtocol.objects.create(
        area=area,
        version="2026.1",
        in_force_from=today - timedelta(days=200),
        review_on=today + timedelta(days=165),
        created_by=world.adam,
    )
    for agency in (world.agency, world.health, world.housing):
        ProtocolSignature.objects.create(
            protocol=protocol,
            agency=agency,
            signed_on=today - timedelta(days=200),
            signed_by="Chief Executive (synthetic)",
            recorded_by=world.adam,
        )
    neighbourhood = Neighbourhood.objects.create(area=area, name="Testborough Central")
    cached = MaracWorld(area=area, protocol=protocol, neighbourhood=neighbourhood)
    world._marac = cached  # type: ignore[attr-defined]
    return cached


def area_outsiders(world: World) -> list[User]:
    """Users of every kind who neither configure nor coordinate the world's MARAC area."""
    return [
        world.alice,
        world.sue,
        world.charlie,
        world.south_marac,
        world.ida,
        world.olga,
        world.pat,
        world.hana,
        world.una,
    ]


def refer(world: World, **answers: str) -> MaracReferral:
    """Refer the world's case to its MARAC through the real service (Alice, with consent by default).

    The case's latest checklist is used; without one, the world's assessment (15 yes answers) is made.
    """
    from safeplan.marac.services.referrals import ReferralAnswers, referral_create
    from safeplan.risk.models import Assessment
    from safeplan.testing.risk import world_assessment

    if not Assessment.objects.filter(case=world.case).exists():
        world_assessment(world)
    fields = {"afraid_of": "Sam Suspect and his brother", "victim_aware": "yes", "consent": "given", **answers}
    return referral_create(
        actor=world.alice, case=world.case, area=marac_world(world).area, answers=ReferralAnswers(**fields)
    )


def world_referral(world: World) -> MaracReferral:
    """Return the world case's one referral used by the shared access tests, making it once."""
    cached: MaracReferral | None = getattr(world, "_marac_referral", None)
    if cached is None:
        cached = refer(world)
        world._marac_referral = cached  # type: ignore[attr-defined]
    return cached


def referral_outsiders(world: World) -> list[User]:
    """Users who may not open a referral in the coordinator's queue: all but the area's coordinators."""
    return [*area_outsiders(world), world.adam]


def world_meeting(world: World) -> MaracMeeting:
    """Return a meeting of the world's MARAC in three weeks, arranged by Mark, making it once per test."""
    from safeplan.marac.services.meetings import meeting_create

    cached: MaracMeeting | None = getattr(world, "_marac_meeting", None)
    if cached is None:
        cached = meeting_create(
            actor=world.mark,
            area=marac_world(world).area,
            meets_at=timezone.now() + timedelta(days=21),
            venue="Room 2 (synthetic)",
        )
        world._marac_meeting = cached  # type: ignore[attr-defined]
    return cached


def world_item(world: World) -> AgendaItem:
    """Return a case of the world's on its meeting's agenda (a referral of its own), not yet circulated."""
    from safeplan.marac.services.meetings import referral_accept

    cached: AgendaItem | None = getattr(world, "_marac_item", None)
    if cached is None:
        waiting = MaracReferral.objects.filter(case=world.case, status=MaracReferral.Status.SUBMITTED).first()
        if waiting is None:
            referral = refer(world)
        else:
            # The case already waits in the queue (world_referral): a second referral, made as the service
            # would have made it before that one, keeps both fixtures usable in one test.
            referral = MaracReferral.objects.get(pk=waiting.pk)
            referral.pk = None
            referral.save()
        cached = referral_accept(actor=world.mark, referral=referral, meeting=world_meeting(world))
        world._marac_item = cached  # type: ignore[attr-defined]
    return cached


def world_action(world: World) -> MaracAction:
    """Return an open action on the world's agenda item, owned by Northshire Police (invited as the host)."""
    cached: MaracAction | None = getattr(world, "_marac_action", None)
    if cached is None:
        item = world_item(world)
        cached = MaracAction.objects.create(
            item=item,
            case=item.case,
            part=MaracAction.Part.VICTIM,
            text="Synthetic: a marker on the address",
            agency=world.agency,
            owner="Alice",
            due_on=timezone.localdate() + timedelta(days=14),
            created_by=world.mark,
        )
        world._marac_action = cached  # type: ignore[attr-defined]
    return cached


def world_release_alert(world: World) -> ReleaseAlert:
    """Return the alert Northshire MARAC gets when the world suspect's release is recorded (the real services)."""
    from safeplan.perpetrators.management import custody_save
    from safeplan.testing.perpetrators import world_perpetrator

    cached: ReleaseAlert | None = getattr(world, "_marac_release_alert", None)
    if cached is None:
        world_item(world)
        world_perpetrator(world)
        custody_save(
            actor=world.alice,
            case=world.case,
            person=world.suspect,
            status="sentenced",
            reason="Synthetic prison release notice",
            expected_release_on=timezone.localdate() + timedelta(days=20),
        )
        cached = ReleaseAlert.objects.get(case=world.case)
        world._marac_release_alert = cached  # type: ignore[attr-defined]
    return cached


def briefing_outsiders(world: World) -> list[User]:
    """Users who may not read the world's neighbourhood briefing: everyone but the signatory police's officers."""
    return [
        world.wendy,
        world.ida,
        world.adam,
        world.south_witness_care,
        world.south_idva,
        world.olga,
        world.wanda,
        world.pat,
        world.hana,
        world.una,
    ]

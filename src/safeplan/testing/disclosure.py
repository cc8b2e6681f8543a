"""Clare's Law in the test world: a right-to-ask request handled by Team North."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from safeplan.disclosure.models import DisclosureRequest
from safeplan.disclosure.services import request_create
from safeplan.personas import World

SUBJECT = "Sam Suspect"


def world_request(
    world: World, *, days_ago: int = 1, subject: str = SUBJECT, again: bool = False, born: date | None = None
) -> DisclosureRequest:
    """Return a right-to-ask request from the person at risk, received days_ago, at its first stage."""
    existing = DisclosureRequest.objects.filter(team=world.north, subject_name=subject).first()
    if existing is not None and not again:
        return existing
    return request_create(
        actor=world.alice,
        team=world.north,
        route="right_to_ask",
        channel="phone",
        applicant_kind="person_at_risk",
        received_at=timezone.now() - timedelta(days=days_ago),
        safe_contact_how="Synthetic: call the mobile 07700 900123, say you are from the dentist",
        safe_contact_when="Weekdays before 3pm",
        never="Never leave a voicemail",
        applicant_name="Anna Applicant",
        relationship="New partner of three months",
        concerns="Synthetic: he checks her phone",
        subject_name=subject,
        subject_date_of_birth=born,
    )

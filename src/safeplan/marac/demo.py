"""Synthetic MARAC data for the demo: decisions on the demo cases' assessments, the Demo MARAC and referrals.

Every word here is invented. Decisions and referrals go through the real services (so they
are audited like any other); decisions are then back-dated to just after their assessment.
The Demo MARAC is hosted by the demo police force, coordinated by demo.marac, and its
protocol is signed by the police, the IDVA service and the two demo partner agencies.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safeplan.accounts import demo as account_demo
from safeplan.accounts.models import Agency, User
from safeplan.marac.models import (
    Consent,
    MaracArea,
    MaracDecision,
    MaracMeeting,
    MaracReferral,
    Neighbourhood,
    ProtocolSignature,
    ResearchNote,
    SharingProtocol,
)
from safeplan.marac.services.actions import action_add
from safeplan.marac.services.decisions import marac_decision_record
from safeplan.marac.services.meetings import agency_invite, agenda_circulate, meeting_create, referral_accept
from safeplan.marac.services.referrals import ReferralAnswers, referral_create
from safeplan.marac.services.research import research_add
from safeplan.risk.models import Assessment


def load(seed: int = 20261121) -> int:
    """Load the demo decisions, the Demo MARAC and its referrals, once; return how many demo decisions exist."""
    made = _decisions(seed)
    area = _area()
    _referrals(area)
    _meeting(area)
    _journey(area)
    return made


def _decisions(seed: int) -> int:
    demo = MaracDecision.objects.filter(assessment__case__is_demo=True)
    if demo.exists():
        return demo.count()
    rng = random.Random(seed)  # noqa: S311 - synthetic data, not security
    assessments = Assessment.objects.filter(case__is_demo=True).select_related("case", "case__responsible_officer")
    with transaction.atomic():
        for assessment in assessments.order_by("pk"):
            if not assessment.marac_indicated or rng.random() >= 0.6:
                continue
            refer = assessment.level == "high" or rng.random() < 0.5
            marac_decision_record(
                actor=assessment.case.responsible_officer,
                assessment=assessment,
                decision="refer" if refer else "do_not_refer",
                reason="Synthetic demo reason: "
                + ("meets the referral criteria." if refer else "already heard last month."),
                decided_at=min(assessment.created_at + timedelta(hours=2), timezone.now()),
            )
    return demo.count()


AREA = "Demo MARAC (synthetic)"
REFERRALS = 5


def _area() -> MaracArea:
    found = MaracArea.objects.filter(name=AREA).first()
    if found is not None:
        return found
    police = Agency.objects.get(name=account_demo.POLICE)
    admin = User.objects.get(username="demo.admin")
    today = timezone.localdate()
    with transaction.atomic():
        area = MaracArea.objects.create(
            name=AREA, host_agency=police, cadence=MaracArea.Cadence.FORTNIGHTLY, is_demo=True
        )
        area.coordinators.add(User.objects.get(username="demo.marac"))
        protocol = SharingProtocol.objects.create(
            area=area,
            version="2026.1 (synthetic)",
            in_force_from=today - timedelta(days=180),
            review_on=today + timedelta(days=185),
            reference="Synthetic demo protocol",
            created_by=admin,
        )
        for name in (account_demo.POLICE, account_demo.IDVA, account_demo.HEALTH, account_demo.HOUSING):
            ProtocolSignature.objects.create(
                protocol=protocol,
                agency=Agency.objects.get(name=name),
                signed_on=today - timedelta(days=170),
                signed_by="Chief Executive (synthetic)",
                recorded_by=admin,
            )
        for name in ("North (synthetic)", "South (synthetic)"):
            Neighbourhood.objects.create(area=area, name=name)
    return area


def _referrals(area: MaracArea) -> None:
    """Refer the first demo cases whose decision was to refer, as their responsible officer would."""
    if MaracReferral.objects.filter(area=area).exists():
        return
    referred = 0
    decisions = MaracDecision.objects.filter(
        decision=MaracDecision.Decision.REFER, assessment__case__is_demo=True, assessment__instrument_id="ric"
    ).select_related("assessment__case__responsible_officer", "assessment__case__team")
    seen: set[int] = set()
    for decision in decisions.order_by("assessment__case__reference"):
        case = decision.assessment.case
        if case.pk in seen or referred >= REFERRALS:
            continue
        seen.add(case.pk)
        answers = ReferralAnswers(
            afraid_of="Synthetic demo: the ex-partner and his brother.",
            not_safe_to_talk_to="Synthetic demo: the ex-partner's mother.",
            victim_aware=MaracReferral.Aware.YES,
            consent=Consent.GIVEN,
        )
        try:
            referral_create(actor=case.responsible_officer, case=case, area=area, answers=answers)
        except (ValidationError, PermissionDenied):
            continue
        referred += 1


MEETING_CASES = 3


def _meeting(area: MaracArea) -> None:
    """Arrange the Demo MARAC's next meeting with three cases, both partner agencies invited, agenda circulated."""
    if MaracMeeting.objects.filter(area=area).exists():
        return
    coordinator = User.objects.get(username="demo.marac")
    waiting = list(
        MaracReferral.objects.filter(area=area, status=MaracReferral.Status.SUBMITTED).order_by("referred_at", "pk")
    )[:MEETING_CASES]
    with transaction.atomic():
        meeting = meeting_create(
            actor=coordinator,
            area=area,
            meets_at=(timezone.now() + timedelta(days=21)).replace(hour=10, minute=0, second=0, microsecond=0),
            venue="Synthetic demo: Room 2, the police station",
            chair="Synthetic demo: DI Chair",
        )
        MaracMeeting.objects.filter(pk=meeting.pk).update(is_demo=True)
        for referral in waiting:
            referral_accept(actor=coordinator, referral=referral, meeting=meeting)
        for name in (account_demo.IDVA, account_demo.HEALTH, account_demo.HOUSING):
            agency_invite(actor=coordinator, meeting=meeting, agency=Agency.objects.get(name=name))
        if waiting:
            agenda_circulate(actor=coordinator, meeting=meeting)


# What each partner found in its records, per case on the agenda (all invented).
RESEARCH = (
    (
        "demo.health",
        "fact",
        "Synthetic demo: two visits to A&E in six months with injuries to the arms.",
        True,
    ),
    ("demo.health", "opinion", "Synthetic demo: the GP thinks she is frightened to attend with her partner.", False),
    ("demo.housing", "fact", "Synthetic demo: a report of shouting and a broken door at the property in May.", True),
)


def _journey(area: MaracArea) -> None:
    """Take the demo meeting's cases through the MARAC journey: each partner's research, the chair's record, actions."""
    meeting = MaracMeeting.objects.filter(area=area).order_by("meets_at", "pk").first()
    if meeting is None or ResearchNote.objects.filter(item__meeting=meeting).exists():
        return
    coordinator = User.objects.get(username="demo.marac")
    health = Agency.objects.get(name=account_demo.HEALTH)
    housing = Agency.objects.get(name=account_demo.HOUSING)
    today = timezone.localdate()
    with transaction.atomic():
        for item in meeting.items.select_related("case", "meeting__area").order_by("position"):
            for username, kind, text, share in RESEARCH:
                research_add(actor=User.objects.get(username=username), item=item, kind=kind, text=text, share=share)
            research_add(
                actor=User.objects.get(username="demo.health"),
                item=item,
                kind=ResearchNote.Kind.WITHHELD,
                text="Synthetic demo: a mental health assessment of a third party.",
                withheld_reason="Synthetic demo: about someone else, and not needed to reduce the risk.",
            )
            action_add(
                actor=coordinator,
                item=item,
                part="victim",
                menu_id="",
                text="Synthetic demo: flag the address for an urgent response and check the door is repaired.",
                agency=housing,
                owner="Dana Whitfield (synthetic)",
                due_on=today + timedelta(days=28),
            )
            action_add(
                actor=coordinator,
                item=item,
                part="children",
                menu_id="",
                text="Synthetic demo: tell the health visitor and the school nurse of the MARAC referral.",
                agency=health,
                owner="Priya Nandi (synthetic)",
                due_on=today + timedelta(days=28),
            )

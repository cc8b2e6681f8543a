"""The demo MARAC decisions: synthetic, loaded once, made on demo assessments that call for a referral."""

from __future__ import annotations

import pytest

from safeplan.accounts import demo as account_demo
from safeplan.cases import demo as case_demo
from safeplan.marac import demo
from safeplan.marac.models import MaracArea, MaracDecision, MaracMeeting, MaracReferral
from safeplan.risk import demo as risk_demo

pytestmark = pytest.mark.django_db


def test_the_demo_decides_on_marac_for_some_demo_assessments_once() -> None:
    account_demo.load()
    case_demo.load()
    risk_demo.load()
    made = demo.load()
    assert made > 0
    assert demo.load() == made
    decisions = list(MaracDecision.objects.select_related("assessment__case"))
    assert all(d.assessment.case.is_demo and d.assessment.marac_indicated for d in decisions)
    assert all(d.reason.startswith("Synthetic demo reason") for d in decisions)
    assert all(d.decided_at > d.assessment.created_at for d in decisions)


def test_the_demo_marac_is_coordinated_by_demo_marac_and_has_referrals_once() -> None:
    account_demo.load()
    case_demo.load()
    risk_demo.load()
    demo.load()
    demo.load()
    area = MaracArea.objects.get(name=demo.AREA)
    assert area.is_demo
    assert list(area.coordinators.values_list("username", flat=True)) == ["demo.marac"]
    referrals = MaracReferral.objects.filter(area=area)
    assert 3 <= referrals.count() <= demo.REFERRALS
    assert all(r.case.is_demo and r.afraid_of.startswith("Synthetic demo") for r in referrals)


def test_the_demo_marac_has_a_meeting_with_three_cases_and_two_partner_agencies_once() -> None:
    account_demo.load()
    case_demo.load()
    risk_demo.load()
    demo.load()
    demo.load()
    meeting = MaracMeeting.objects.get(area__name=demo.AREA)
    assert meeting.is_demo
    assert meeting.items.count() == 3
    assert meeting.agenda_circulated_at is not None
    invited = set(meeting.invitations.values_list("agency__name", flat=True))
    assert {account_demo.HEALTH, account_demo.HOUSING} <= invited


def test_the_demo_meeting_has_each_partners_research_and_actions_once() -> None:
    from safeplan.marac.models import MaracAction, ResearchNote

    account_demo.load()
    case_demo.load()
    risk_demo.load()
    demo.load()
    demo.load()
    meeting = MaracMeeting.objects.get(area__name=demo.AREA)
    notes = ResearchNote.objects.filter(item__meeting=meeting)
    assert notes.count() == 4 * meeting.items.count()
    assert {n.agency.name for n in notes} == {account_demo.HEALTH, account_demo.HOUSING}
    assert all(n.text.startswith("Synthetic demo") for n in notes)
    assert not notes.filter(kind="withheld", share=True).exists()
    actions = MaracAction.objects.filter(item__meeting=meeting)
    assert actions.count() == 2 * meeting.items.count()

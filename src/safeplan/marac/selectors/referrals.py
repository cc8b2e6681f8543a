"""Reads of MARAC referrals: what a referral is prefilled with, the coordinator's queue, the case's referrals.

The prefill is built from what the case holds, so the referrer types only what it lacks. It
never carries the victim's confidential locations (masked out of every text as well) or the
safe contact's code word, phone number or email address: partners reach the victim through
the IDVA or the referrer, never directly.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language

from safeplan.accounts.models import User
from safeplan.cases.freetext import redactor_for
from safeplan.cases.models import Case, Person, SafeContact
from safeplan.cases.selectors import people_in_order
from safeplan.content import instruments as instrument_content
from safeplan.domain import marac as rules
from safeplan.evidence.models import Incident
from safeplan.marac.models import MaracArea, MaracReferral
from safeplan.marac.permissions import is_coordinator_role
from safeplan.marac.selectors.areas import signed_areas
from safeplan.risk.models import CRITERION_LABELS, Assessment, Level
from safeplan.risk.selectors import known_last_referral

DAYS_OF_INCIDENTS = 366


def thresholds(area: MaracArea) -> rules.Thresholds:
    return rules.Thresholds(
        visible_high_risk_from=area.visible_high_risk_from,
        escalation_incidents=area.escalation_incidents,
        automatic_from=area.automatic_from,
        consent_needed_below_automatic=area.consent_needed_below_automatic,
    )


def current_checklist(case: Case) -> Assessment | None:
    """Return the case's latest risk identification checklist: a referral is prefilled from it."""
    return Assessment.objects.filter(case=case, instrument_id="ric").order_by("-created_at", "-pk").first()


def areas_to_refer_to(case: Case) -> list[MaracArea]:
    """Return the MARACs whose protocol in force the case's agency has signed."""
    return signed_areas(case.team.agency_id)


def previous_referrals(case: Case, *, before: date) -> list[date]:
    """Return the days of the case's referrals before a day: a referral on the day itself is not a previous one."""
    days = [
        timezone.localdate(moment)
        for moment in MaracReferral.objects.filter(case=case)
        .exclude(status=MaracReferral.Status.RETURNED)
        .values_list("referred_at", flat=True)
    ]
    known = known_last_referral(case, before=before)
    return sorted({day for day in [*days, *([known] if known else [])] if day < before})


def _incidents(case: Case) -> list[Incident]:
    since = timezone.now() - timedelta(days=DAYS_OF_INCIDENTS)
    return list(
        Incident.objects.filter(case=case, occurred_at__gte=since)
        .only("occurred_at", "time_is_approximate", "summary", "case_id")
        .order_by("occurred_at", "sequence")[:100]
    )


def _person(person: Person, mask: Callable[[str], str]) -> dict[str, Any]:
    return {
        "name": mask(person.full_name),
        "other_names": mask(person.other_names),
        "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else "",
        "relationship": mask(person.relationship),
    }


def referral_facts(case: Case, assessment: Assessment, area: MaracArea, *, today: date) -> dict[str, Any]:
    """Return what the case holds for a referral to this MARAC, and the grounds it meets there."""
    mask = redactor_for(case).mask
    people = list(people_in_order(Person.objects.filter(case=case)))
    incidents = _incidents(case)
    previous = previous_referrals(case, before=today)
    incident_days = [timezone.localdate(i.occurred_at) for i in incidents]
    repeat = any(rules.is_repeat(day, previous) for day in [*incident_days, assessment.assessed_on])
    judgement_high = assessment.judgement == Level.HIGH and assessment.score_level != Level.HIGH
    limits = thresholds(area)
    grounds = rules.referral_grounds(
        yes_count=assessment.yes_count,
        incidents_last_12_months=max(assessment.incidents_last_12_months, len(incidents)),
        judgement_high=judgement_high,
        repeat=repeat,
        thresholds=limits,
    )
    answers = assessment.answers
    contact = getattr(case, "safe_contact", None)
    return {
        "case_reference": case.reference,
        "assessment": {
            "id": assessment.pk,
            "assessed_on": assessment.assessed_on.isoformat(),
            "level": assessment.level,
            "yes_count": assessment.yes_count,
            "factor_count": assessment.factor_count,
            "yes_factors": [f for f in assessment.instrument.factor_ids if answers.get(f) == "yes"],
            "instrument_id": assessment.instrument_id,
            "instrument_version": assessment.instrument_version,
            "judgement_reason": mask(assessment.judgement_reason) if judgement_high else "",
            "incidents_last_12_months": assessment.incidents_last_12_months,
        },
        "grounds": list(grounds),
        "automatic": rules.is_automatic(assessment.yes_count, limits),
        "consent_required": rules.consent_required(assessment.yes_count, limits),
        "previous_referral_on": previous[-1].isoformat() if previous else "",
        "victim": [_person(p, mask) for p in people if p.role == Person.Role.VICTIM],
        "perpetrators": [_person(p, mask) for p in people if p.role == Person.Role.SUSPECT],
        "children": [_person(p, mask) for p in people if p.role == Person.Role.CHILD],
        "safe_contact": {
            "channels": list(contact.allowed_channels) if contact else [],
            "never": list(contact.never) if contact else [],
            "safe_times": "; ".join(filter(None, [contact.safe_hours, mask(contact.safe_times)])) if contact else "",
            "caller_may_identify": bool(contact and contact.caller_may_identify),
        },
        "incidents": [
            {
                "on": timezone.localdate(i.occurred_at).isoformat(),
                "approximate": i.time_is_approximate,
                "summary": mask(i.summary),
            }
            for i in incidents
        ],
    }


def coordinator_queue(user: User, *, status: str = "") -> QuerySet[MaracReferral]:
    """Return the referrals to the MARACs the user coordinates, newest first (none for anyone else)."""
    if not is_coordinator_role(user):
        return MaracReferral.objects.none()
    found = MaracReferral.objects.filter(area__coordinators=user)
    if status in MaracReferral.Status.values:
        found = found.filter(status=status)
    return found.select_related("area", "case", "referred_by", "referred_by__agency").order_by("-referred_at", "-pk")


def queued_referral_for(user: User, referral_id: int) -> MaracReferral:
    """Return a referral to one of the user's MARACs; otherwise 404, exactly as for a missing id."""
    referral = coordinator_queue(user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    return referral


def case_referrals(case: Case) -> QuerySet[MaracReferral]:
    """Return the case's referrals, newest first (the case has already passed the gate)."""
    return MaracReferral.objects.filter(case=case).select_related("area", "referred_by").order_by("-referred_at")


def case_referral_for(case: Case, referral_id: int) -> MaracReferral:
    referral = case_referrals(case).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    return referral


def facts_display(facts: dict[str, Any]) -> dict[str, Any]:
    """Return a referral's facts with labels in the active language, for its pages."""
    assessment = facts["assessment"]
    try:
        instrument = instrument_content.instrument(assessment["instrument_id"], assessment["instrument_version"])
        ticks = [instrument.factor(f).question.get(get_language()) for f in assessment["yes_factors"]]
    except (instrument_content.UnknownInstrumentError, KeyError, ValueError):
        ticks = list(assessment["yes_factors"])
    contact = facts["safe_contact"]
    return {
        **facts,
        "assessed_on": date.fromisoformat(assessment["assessed_on"]),
        "level_label": Level(assessment["level"]).label,
        "ground_labels": [str(CRITERION_LABELS[g]) for g in facts["grounds"]],
        "ticks": ticks,
        "channel_labels": [str(SafeContact.CHANNEL_LABELS.get(c, c)) for c in contact["channels"]],
        "never_labels": [str(SafeContact.NEVER_LABELS.get(n, n)) for n in contact["never"]],
        "previous_referral": date.fromisoformat(facts["previous_referral_on"])
        if facts["previous_referral_on"]
        else None,
        "incident_rows": [{**i, "on": date.fromisoformat(i["on"])} for i in facts["incidents"]],
    }


def repeat_window(case: Case) -> tuple[date, date] | None:
    """Return the case's latest referral day and the last day a new incident makes it a repeat, if referred."""
    days = previous_referrals(case, before=date.max)
    if not days:
        return None
    return days[-1], rules.repeat_window_end(days[-1])

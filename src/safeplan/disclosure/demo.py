"""Synthetic Clare's Law requests at every stage, made through the real services by a demo officer.

One request is about the demo's serial perpetrator (safeplan.perpetrators.demo), so the person
index shows a subject with cases and requests; one was decided after the 28-day target, with
its reason.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from safeplan.accounts.models import Agency, User
from safeplan.disclosure import services
from safeplan.disclosure.models import DisclosureRequest
from safeplan.perpetrators.demo import SERIAL_BORN, SERIAL_NAME

# (days ago received, subject, how far it has gone)
REQUESTS = [
    (0, "Kevin Moss (synthetic)", "received"),
    (2, "Lee Hart (synthetic)", "initial_contact"),
    (6, SERIAL_NAME, "face_to_face"),
    (12, "Neil Stone (synthetic)", "checks"),
    (18, "Owen Price (synthetic)", "decided_disclose"),
    (24, "Paul Reed (synthetic)", "disclosed"),
    (26, "Ray Vale (synthetic)", "closed_not_disclosed"),
    (40, "Steve Ward (synthetic)", "late_closed"),
]
FORUM = {
    "attendees": "Synthetic: police chair, IDVA service, probation, children's social care",
    "pressing_need": "Synthetic: convictions for violence against two former partners; the applicant lives with him",
    "lawful": "Synthetic: police common-law power, following the statutory guidance",
    "necessary": "Synthetic: she cannot make an informed choice or protect herself without it",
    "proportionate": "Synthetic: only the convictions for violence against partners, nothing else",
    "what_to_disclose": "Synthetic: two convictions for assaulting former partners",
    "recipient": "Synthetic: the applicant, who is best placed to protect herself",
    "safety_plan": "Synthetic: IDVA referral, safe phone, code word, police marker on the address",
}


def _officer() -> User | None:
    return (
        User.objects.filter(is_demo=True, role="officer", agency__kind=Agency.Kind.POLICE, team__isnull=False)
        .select_related("team__agency")
        .order_by("username")
        .first()
    )


def load() -> int:
    """Make the demo requests once; return how many exist. Running again changes nothing."""
    if DisclosureRequest.objects.filter(is_demo=True).exists():
        return DisclosureRequest.objects.filter(is_demo=True).count()
    officer = _officer()
    if officer is None or officer.team is None:
        return 0
    now = timezone.now()
    for days, subject, reached in REQUESTS:
        received = now - timedelta(days=days, hours=1)
        request = services.request_create(
            actor=officer,
            team=officer.team,
            route="right_to_ask",
            channel="online" if days % 2 else "phone",
            applicant_kind="person_at_risk",
            received_at=received,
            safe_contact_how="Synthetic: mobile 07700 900555; say you are calling from the surgery",
            safe_contact_when="Synthetic: weekdays 9am to 2pm",
            never="Synthetic: never leave a voicemail",
            applicant_name=f"Applicant {days} (synthetic)",
            relationship="Synthetic: new partner",
            concerns="Synthetic: he has told her about a violent ex; she wants to know",
            subject_name=subject,
            subject_date_of_birth=SERIAL_BORN if subject == SERIAL_NAME else None,
            is_demo=True,
        )
        if reached == "received":
            continue
        services.initial_contact_record(
            actor=officer, request=request, contacted_at=received + timedelta(hours=3), immediate_risk=False, action=""
        )
        if reached == "initial_contact":
            continue
        services.face_to_face_record(
            actor=officer, request=request, met_at=received + timedelta(days=min(days - 1, 5)), identity_verified=True
        )
        if reached == "face_to_face":
            continue
        services.checks_record(
            actor=officer,
            request=request,
            done_at=received + timedelta(days=min(days - 1, 9)),
            summary="Synthetic: police records and partner agencies checked",
        )
        if reached == "checks":
            continue
        disclose = reached != "closed_not_disclosed"
        services.forum_record(
            actor=officer,
            request=request,
            held_on=timezone.localdate(now),
            outcome="disclose" if disclose else "not_disclose",
            late_reason="Synthetic: partner agency checks took five weeks" if days > 28 else "",
            **(FORUM if disclose else {k: FORUM[k] for k in ("attendees", "pressing_need", "safety_plan")}),
        )
        if reached == "decided_disclose":
            continue
        if disclose:
            services.disclosure_record(
                actor=officer,
                request=request,
                disclosed_at=now - timedelta(minutes=30),
                recipient="Synthetic: the applicant",
                what_was_said="Synthetic: the agreed words, read in person; nothing given in writing",
                told_confidential=True,
                second_person="Synthetic: IDVA",
            )
            if reached == "disclosed":
                continue
            services.reassessment_record(
                actor=officer, request=request, grade="medium", notes="Synthetic: safety plan reviewed with her"
            )
        services.request_close(
            actor=officer,
            request=request,
            closure="disclosed" if disclose else "not_disclosed",
            note="Synthetic: closed after the decision",
        )
    return DisclosureRequest.objects.filter(is_demo=True).count()

"""Writes of MARAC referrals: make one from a case, return one to its referrer. Each audited in its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case
from safeplan.domain import marac as rules
from safeplan.marac.models import Consent, LawfulBasis, MaracArea, MaracReferral
from safeplan.marac.permissions import coordinates
from safeplan.marac.selectors import referrals as selectors
from safeplan.risk.permissions import can_assess

REFERRAL_MESSAGES = {
    rules.ReferralProblem.NO_GROUNDS: gettext_lazy(
        "The case meets none of this MARAC's referral criteria. Record a professional judgement of high risk "
        "in a new assessment if you believe it should be heard."
    ),
    rules.ReferralProblem.UNKNOWN_CONSENT: gettext_lazy("Select whether the victim consents to the referral."),
    rules.ReferralProblem.CONSENT_NEEDED: gettext_lazy(
        "This MARAC refers without consent only from %(automatic_from)s yes answers; this assessment has "
        "%(yes_count)s. Ask the victim for consent, or refer to the IDVA service instead."
    ),
    rules.ReferralProblem.REASON_NEEDED: gettext_lazy("Explain why there is no consent."),
    rules.ReferralProblem.BASIS_NEEDED: gettext_lazy("Select the lawful basis for sharing without consent."),
}


@dataclass(frozen=True)
class ReferralAnswers:
    """What the referrer adds to what the case holds."""

    afraid_of: str
    victim_aware: str
    consent: str
    safe_to_talk_to: str = ""
    not_safe_to_talk_to: str = ""
    children_schools: str = ""
    victim_unaware_reason: str = ""
    no_consent_reason: str = ""
    lawful_basis: str = ""


def _check_answers(answers: ReferralAnswers) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not answers.afraid_of.strip():
        errors["afraid_of"] = _("Say who the victim is afraid of: everyone who may be a threat, not only the abuser.")
    if answers.victim_aware not in MaracReferral.Aware.values:
        errors["victim_aware"] = _("Select whether the victim knows of the referral.")
    elif answers.victim_aware == MaracReferral.Aware.NO and not answers.victim_unaware_reason.strip():
        errors["victim_unaware_reason"] = _("Say why the victim has not been told.")
    if answers.lawful_basis and answers.lawful_basis not in LawfulBasis.values:
        errors["lawful_basis"] = _("Select the lawful basis for sharing without consent.")
    return errors


def _referral_error(error: rules.ReferralError) -> ValidationError:
    message = str(REFERRAL_MESSAGES[error.code])
    if error.params:
        message %= dict(error.params)
    return ValidationError({error.field: message} if error.field else message)


def referral_create(
    *, actor: User, case: Case, area: MaracArea, answers: ReferralAnswers, today: date | None = None
) -> MaracReferral:
    """Refer the case to a MARAC, prefilled from its current checklist, people, safe contact and incidents."""
    if not can_assess(actor, case):
        raise PermissionDenied
    today = today or timezone.localdate()
    if area.pk not in {a.pk for a in selectors.areas_to_refer_to(case)}:
        raise ValidationError({"area": _("Choose a MARAC whose information sharing protocol your agency has signed.")})
    assessment = selectors.current_checklist(case)
    if assessment is None:
        raise ValidationError(_("Complete a risk identification checklist first: the referral is made from it."))
    errors = _check_answers(answers)
    if errors:
        raise ValidationError(errors)
    facts = selectors.referral_facts(case, assessment, area, today=today)
    consent = str(answers.consent)
    try:
        rules.check_referral(
            grounds=facts["grounds"],
            yes_count=assessment.yes_count,
            consent=consent,
            no_consent_reason=answers.no_consent_reason,
            lawful_basis=answers.lawful_basis,
            thresholds=selectors.thresholds(area),
        )
    except rules.ReferralError as error:
        raise _referral_error(error) from None
    given = consent == Consent.GIVEN
    texts = {
        "afraid_of": answers.afraid_of,
        "safe_to_talk_to": answers.safe_to_talk_to,
        "not_safe_to_talk_to": answers.not_safe_to_talk_to,
        "children_schools": answers.children_schools,
        "victim_unaware_reason": answers.victim_unaware_reason,
        "no_consent_reason": "" if given else answers.no_consent_reason,
    }
    free_text_check(actor=actor, case=case, texts=texts)
    with transaction.atomic():
        waiting = MaracReferral.objects.select_for_update().filter(
            case=case, area=area, status=MaracReferral.Status.SUBMITTED
        )
        if waiting.exists():
            raise ValidationError(_("This case already has a referral waiting for this MARAC's coordinator."))
        made = MaracReferral.objects.create(
            case=case,
            area=area,
            assessment=assessment,
            grounds=facts["grounds"],
            automatic=facts["automatic"],
            previous_referral_on=date.fromisoformat(facts["previous_referral_on"])
            if facts["previous_referral_on"]
            else None,
            prefill=facts,
            victim_aware=answers.victim_aware,
            consent=consent,
            lawful_basis="" if given else answers.lawful_basis,
            referred_by=actor,
            **{field: value.strip() for field, value in texts.items()},
        )
        record(
            actor=actor,
            verb=Verb.MARAC_REFERRAL_MADE,
            target=made,
            case_id=case.pk,
            detail={
                "area": area.pk,
                "assessment": assessment.pk,
                "grounds": facts["grounds"],
                "consent": consent,
                "lawful_basis": str(made.lawful_basis),
                "repeat": rules.REPEAT in facts["grounds"],
            },
        )
    return made


def referral_viewed(*, actor: User, referral: MaracReferral) -> None:
    """Audit a view of a referral (it carries the victim's details)."""
    record(actor=actor, verb=Verb.MARAC_REFERRAL_VIEWED, target=referral, case_id=referral.case_id)


def referral_return(*, actor: User, referral: MaracReferral, reason: str) -> MaracReferral:
    """Return a waiting referral to its referrer with a reason (for example, not this MARAC's area)."""
    if not coordinates(actor, referral.area):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the referral is returned, so the referrer can act on it.")})
    free_text_check(actor=actor, case=referral.case, texts={"reason": reason})
    with transaction.atomic():
        locked = MaracReferral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != MaracReferral.Status.SUBMITTED:
            raise ValidationError(_("This referral has already been dealt with."))
        locked.status = MaracReferral.Status.RETURNED
        locked.returned_reason = reason.strip()
        locked.handled_by = actor
        locked.handled_at = timezone.now()
        locked.save(update_fields=["status", "returned_reason", "handled_by", "handled_at"])
        record(actor=actor, verb=Verb.MARAC_REFERRAL_RETURNED, target=locked, case_id=locked.case_id)
    return locked

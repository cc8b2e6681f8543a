"""Writes of MARAC decisions. Each runs in one transaction with its audit entry."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.marac.models import MaracDecision
from safeplan.risk.models import Assessment
from safeplan.risk.permissions import can_assess
from safeplan.timeline.models import Obligation
from safeplan.timeline.services import obligations_answer


def marac_decision_record(
    *, actor: User, assessment: Assessment, decision: str, reason: str, decided_at: datetime | None = None
) -> MaracDecision:
    """Record whether the case is to be referred to MARAC after this assessment, and why.

    The decision answers the case's open "decide on a MARAC referral" obligations. decided_at
    back-dates it, for loading a history (the demo); it defaults to now and cannot be in the future.
    """
    if not can_assess(actor, assessment.case):
        raise PermissionDenied
    if decision not in MaracDecision.Decision.values:
        raise ValidationError({"decision": _("Select whether to refer the case to MARAC.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Explain the decision.")})
    decision = MaracDecision.Decision(decision).value
    free_text_check(actor=actor, case=assessment.case, texts={"reason": reason})
    now = decided_at or timezone.now()
    if now.tzinfo is None or now > timezone.now():
        raise ValueError("decided_at must be timezone-aware and not in the future")
    with transaction.atomic():
        made = MaracDecision.objects.create(
            assessment=assessment, decision=decision, reason=reason.strip(), decided_by=actor, decided_at=now
        )
        obligations_answer(
            actor=actor,
            case=assessment.case,
            kind=Obligation.Kind.MARAC_DECISION,
            answer_id=made.pk,
            completed_at=now,
        )
        record(
            actor=actor,
            verb=Verb.MARAC_DECISION_RECORDED,
            target=made,
            case_id=assessment.case_id,
            detail={
                "assessment": assessment.pk,
                "decision": decision,
                "level": assessment.level,
                "criteria": list(assessment.marac_criteria),
            },
        )
    return made

"""Writes of the tech safety app: each in one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import permissions
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case
from safeplan.content.techcheck import tech_check
from safeplan.domain.techcheck import AnswerError, normalise_answers
from safeplan.plans import selectors as plan_selectors
from safeplan.plans import services as plan_services
from safeplan.plans.models import SafetyPlanDraft
from safeplan.plans.plandata import Parts
from safeplan.techsafety.models import TechCheck, TechScan


def _require_edit(actor: User, case: Case) -> None:
    if not permissions.can_edit(actor, case):
        raise PermissionDenied
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is closed. Reopen it before recording a tech safety check."))


def techcheck_record(*, actor: User, case: Case, answers: Mapping[str, Any]) -> TechCheck:
    """Save the victim's answers to the tech safety check as a new check on the case."""
    _require_edit(actor, case)
    check = tech_check()
    try:
        given = normalise_answers(check, answers)
    except AnswerError as error:
        raise ValidationError(_("That answer is not one of the choices. Answer the questions again.")) from error
    with transaction.atomic():
        saved = TechCheck.objects.create(case=case, content_version=check.version, answers=given, created_by=actor)
        record(
            actor=actor,
            verb=Verb.TECH_CHECK_RECORDED,
            target=saved,
            case_id=case.pk,
            detail={"content_version": check.version},
        )
    return saved


def techcheck_viewed(*, actor: User, case: Case, check: TechCheck) -> None:
    """Record that the actor read the victim's answers and checklist."""
    record(actor=actor, verb=Verb.TECH_CHECK_VIEWED, target=check, case_id=case.pk)


def techscan_record(
    *,
    actor: User,
    case: Case,
    findings: Sequence[Mapping[str, str]],
    indicators_sha256: str,
    indicators_source: str,
    device_note: str = "",
) -> TechScan:
    """Save a scan's findings (only the findings) as a report on the case."""
    _require_edit(actor, case)
    free_text_check(actor=actor, case=case, texts={"device_note": device_note})
    with transaction.atomic():
        scan = TechScan.objects.create(
            case=case,
            findings={"findings": [dict(finding) for finding in findings]},
            indicators_sha256=indicators_sha256,
            indicators_source=indicators_source,
            device_note=device_note,
            created_by=actor,
        )
        record(
            actor=actor,
            verb=Verb.TECH_SCAN_RECORDED,
            target=scan,
            case_id=case.pk,
            detail={"findings": len(findings), "indicators_sha256": indicators_sha256},
        )
    return scan


def techscan_viewed(*, actor: User, case: Case, scan: TechScan) -> None:
    """Record that the actor read a scan report."""
    record(actor=actor, verb=Verb.TECH_SCAN_VIEWED, target=scan, case_id=case.pk)


def techcheck_to_plan(*, actor: User, case: Case, summary: str) -> None:
    """Add the checklist's summary to the technology part of the case's draft safety plan (started if need be).

    The plan's own rules apply (its draft service checks them: coping strategies first, the case open),
    and the summary is added once: a second press changes nothing.
    """
    _require_edit(actor, case)
    with transaction.atomic():
        # Hold the draft while reading it, so a colleague's change to another part is not written over.
        list(SafetyPlanDraft.objects.select_for_update().filter(case=case))
        data = plan_selectors.draft_data(case)[1]
        notes = data.parts.technology_notes.strip()
        if summary.strip() in notes:
            return
        combined = f"{notes}\n\n{summary}" if notes else summary
        try:
            parts = Parts.model_validate({**data.parts.model_dump(), "technology_notes": combined}, strict=False)
        except PydanticValidationError:
            raise ValidationError(
                _("The plan's technology notes are too long to add the checklist. Shorten them in the plan first.")
            ) from None
        # The version read under the lock above: the draft this summary was added to.
        plan_services.draft_record_parts(
            actor=actor, case=case, parts=parts, version=plan_selectors.draft_version(case)
        )

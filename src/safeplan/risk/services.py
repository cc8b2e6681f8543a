"""Writes of risk assessments and drafts. Each runs in one transaction with its audit entry.

Grading itself is safeplan.domain.risk; this module stores what it decided, with
every input, so the record re-scores exactly (Assessment.regrade).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case
from safeplan.content import instruments as instrument_content
from safeplan.content.instruments import ANSWER_VALUES, Instrument, UnknownInstrumentError
from safeplan.domain.risk import LEVELS, Grading, GradingConfig, GradingError, Problem, current_grade, grade_assessment
from safeplan.risk import follow_up, selectors
from safeplan.risk.models import Assessment, AssessmentDraft, Level, Trigger, VictimView
from safeplan.risk.permissions import can_assess
from safeplan.timeline.models import CaseEvent, Obligation
from safeplan.timeline.services import obligations_answer

# Limits on what a draft may hold: it is saved without validation, so bound it.
DRAFT_MAX_FIELDS = 100
DRAFT_MAX_CHARS = 20_000


def _require_assess(actor: User, case: Case) -> None:
    if not can_assess(actor, case):
        raise PermissionDenied


def current_instrument(instrument_id: str) -> Instrument:
    """Return the current version of the instrument, or raise ValidationError if there is none."""
    try:
        return instrument_content.instrument(instrument_id)
    except UnknownInstrumentError:
        raise ValidationError(_("There is no risk assessment of that kind.")) from None


def _check_trigger(case: Case, trigger: str, trigger_event_id: int | None) -> None:
    if trigger not in Trigger.values:
        raise ValidationError({"trigger": _("Select what led to this assessment.")})
    if trigger_event_id is None:
        return
    if not CaseEvent.objects.filter(pk=trigger_event_id, case_id=case.pk).exists():
        raise ValidationError(_("The event that led to this assessment cannot be found."))


# What to tell the person filling in the form for each refusal of the domain (a Problem);
# an unanswered question is said per question below.
GRADING_MESSAGES = {
    Problem.UNKNOWN_FACTORS: _lazy("The answers do not match this assessment. Start it again."),
    Problem.UNKNOWN_ANSWERS: _lazy("The answers do not match this assessment. Start it again."),
    Problem.UNKNOWN_JUDGEMENT: _lazy("Select whether your professional judgement raises the grade."),
    Problem.REASON_MISSING: _lazy("Explain why your professional judgement raises the grade."),
    Problem.REASON_WITHOUT_JUDGEMENT: _lazy("Select the grade your judgement raises it to, or delete the reason."),
    Problem.REFERRAL_AFTER_TODAY: _lazy("The last MARAC referral must be today or in the past."),
    Problem.BELOW_SCORE: _lazy(
        "Professional judgement can raise the grade but never lower it. The answers give "
        "%(score)s risk: keep that grade, or raise it."
    ),
}
# The domain's argument names that are also fields of the form.
FORM_FIELDS = frozenset({"judgement", "judgement_reason", "last_marac_referral", "incidents_last_12_months"})


def _grading_error(error: GradingError, instrument: Instrument) -> ValidationError:
    """Return the domain's refusal as a ValidationError on the field the user can fix."""
    if error.code == Problem.UNANSWERED:
        numbers = {factor_id: index for index, factor_id in enumerate(instrument.factor_ids, start=1)}
        message = _("Question %(number)s: select yes, no or not known.")
        return ValidationError({f: message % {"number": numbers[f]} for f in error.params["factors"]})
    if error.code not in GRADING_MESSAGES:
        return ValidationError(_("The assessment could not be graded: %(problem)s") % {"problem": error})
    text = str(GRADING_MESSAGES[error.code])
    if error.code == Problem.BELOW_SCORE:
        text %= {"score": Level(error.params["score_level"]).label.lower()}
    return ValidationError({error.field: text} if error.field in FORM_FIELDS else text)


def assessment_create(
    *,
    actor: User,
    case: Case,
    instrument_id: str,
    answers: Mapping[str, str],
    victim_view: str,
    trigger: str,
    incidents_last_12_months: int,
    victim_account: str = "",
    last_marac_referral: date | None = None,
    judgement: str | None = None,
    judgement_reason: str = "",
    notes: str = "",
    trigger_event_id: int | None = None,
    today: date | None = None,
    lowering_reason: str = "",
    completed_at: datetime | None = None,
) -> Assessment:
    """Grade the answers with the current instrument, store the assessment and delete the actor's draft of it.

    The case's grade then follows safeplan.domain.risk.current_grade: a supplementary
    screen can raise it, never lower it; a checklist that lowers it needs lowering_reason
    (kept only then) and opens a check for the team's supervisor. The assessment answers the case's open
    reassessments, opens (or moves) its routine review, and opens a MARAC decision when it
    meets the criteria. completed_at back-dates it, for loading a history (the demo); it
    defaults to now and cannot be in the future.

    Raise PermissionDenied for anyone who may not assess the case, and ValidationError
    (keyed by form field, factor ids included) for anything the domain refuses: a
    missing answer, a judgement below the score or without a reason, a referral date
    after today, a lower grade without a reason.
    """
    _require_assess(actor, case)
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("The case is closed. Reopen it before assessing the risk."))
    instrument = current_instrument(instrument_id)
    if victim_view not in VictimView.values:
        raise ValidationError({"victim_view": _("Select the victim's own view of the risk.")})
    _check_trigger(case, trigger, trigger_event_id)
    # Plain strings from here: the audit chain accepts no enum members.
    trigger, victim_view = Trigger(trigger).value, VictimView(victim_view).value
    now = completed_at or timezone.now()
    if now.tzinfo is None or now > timezone.now():
        raise ValueError("completed_at must be timezone-aware and not in the future")
    today = today or timezone.localdate(now)
    answers = dict(answers)
    # None leaves the content's threshold (grading.yaml) in force.
    grading_config = GradingConfig(escalation_incidents=settings.RISK_ESCALATION_INCIDENTS)
    try:
        grading: Grading = grade_assessment(
            instrument.id,
            answers,
            version=instrument.version,
            judgement=judgement,
            judgement_reason=judgement_reason,
            incidents_last_12_months=incidents_last_12_months,
            last_marac_referral=last_marac_referral,
            today=today,
            config=grading_config,
        )
    except GradingError as error:
        raise _grading_error(error, instrument) from None
    free_text_check(
        actor=actor,
        case=case,
        texts={
            "victim_account": victim_account,
            "notes": notes,
            "judgement_reason": judgement_reason,
            "lowering_reason": lowering_reason,
        },
    )
    with transaction.atomic():
        # One assessment at a time per case, so that "the grade before" is the grade before.
        Case.objects.select_for_update().only("pk").get(pk=case.pk)
        rows = selectors.grade_rows(case)
        before = selectors.case_grade(rows).level
        after = (
            current_grade([*((at, kind, level) for _, at, kind, level in rows), (now, instrument.id, grading.level)])
            or grading.level
        )
        lowered_from = before if before is not None and LEVELS.index(after) < LEVELS.index(before) else None
        lowered = lowered_from is not None
        if lowered_from is not None and not lowering_reason.strip():
            raise ValidationError(
                {
                    "lowering_reason": ValidationError(
                        _(
                            "This lowers the grade from %(before)s to %(after)s. Explain why the risk is lower: "
                            "your supervisor is told."
                        ),
                        code="lowers_grade",
                        params={"before": Level(lowered_from).label, "after": Level(after).label},
                    )
                }
            )
        assessment = Assessment.objects.create(
            case=case,
            instrument_id=grading.instrument_id,
            instrument_version=grading.instrument_version,
            answers=answers,
            level=grading.level,
            score_level=grading.score_level,
            yes_count=grading.yes_count,
            factor_count=grading.factor_count,
            medium_from=grading.medium_from,
            high_from=grading.high_from,
            escalation_from=grading.escalation_from,
            marac_criteria=sorted(grading.marac_criteria),
            judgement=grading.judgement or "",
            judgement_reason=grading.judgement_reason,
            incidents_last_12_months=incidents_last_12_months,
            last_marac_referral=last_marac_referral,
            assessed_on=today,
            victim_view=victim_view,
            victim_account=victim_account.strip(),
            notes=notes.strip(),
            trigger=trigger,
            trigger_event_id=trigger_event_id,
            case_grade_before=before or "",
            case_grade_after=after,
            lowering_reason=lowering_reason.strip() if lowered else "",
            assessed_by=actor,
            created_at=now,
        )
        AssessmentDraft.objects.filter(case=case, user=actor, instrument_id=instrument.id).delete()
        obligations_answer(
            actor=actor, case=case, kind=Obligation.Kind.REASSESS, answer_id=assessment.pk, completed_at=now
        )
        grade = selectors.case_grade([*rows, (assessment.pk, now, assessment.instrument_id, assessment.level)])
        follow_up.routine_review(actor=actor, case=case, assessment=assessment, grade=grade, now=now)
        if assessment.marac_indicated:
            follow_up.marac_decision(actor=actor, case=case, assessment=assessment, now=now)
        if lowered:
            check = follow_up.lowered_grade(actor=actor, case=case, assessment=assessment, now=now)
            record(
                actor=actor,
                verb=Verb.RISK_GRADE_LOWERED,
                target=assessment,
                case_id=case.pk,
                detail={
                    "from": before,
                    "to": after,
                    "supervisor": check.owner_id if check else None,
                    "obligation": check.pk if check else None,
                },
            )
        record(
            actor=actor,
            verb=Verb.RISK_ASSESSMENT_CREATED,
            target=assessment,
            case_id=case.pk,
            detail={
                "instrument": grading.instrument_id,
                "version": grading.instrument_version,
                "level": grading.level,
                "score_level": grading.score_level,
                "yes_count": grading.yes_count,
                "criteria": sorted(grading.marac_criteria),
                "judgement": grading.judgement,
                "trigger": trigger,
                "trigger_event_id": trigger_event_id,
                "case_grade_before": before,
                "case_grade_after": after,
            },
        )
    return assessment


def draft_save(
    *, actor: User, case: Case, instrument_id: str, data: Mapping[str, str], now: datetime | None = None
) -> AssessmentDraft:
    """Keep the form as typed so far for its author, replacing their earlier draft of the same form.

    The data is not validated (that is the point of a draft) but it is bounded.
    """
    _require_assess(actor, case)
    instrument = current_instrument(instrument_id)
    if len(data) > DRAFT_MAX_FIELDS or any(
        not isinstance(value, str) or len(value) > DRAFT_MAX_CHARS for value in data.values()
    ):
        raise ValidationError(_("The draft is too long to save."))
    now = now or timezone.now()
    kept = {name: value for name, value in data.items() if value != ""}
    with transaction.atomic():
        draft, created = AssessmentDraft.objects.update_or_create(
            case=case,
            user=actor,
            instrument_id=instrument.id,
            defaults={"data": kept, "saved_at": now, "expires_at": now + timedelta(days=settings.RISK_DRAFT_DAYS)},
        )
        record(
            actor=actor,
            verb=Verb.RISK_DRAFT_SAVED,
            target=draft,
            case_id=case.pk,
            detail={
                "instrument": instrument.id,
                "answered": sum(1 for factor_id in instrument.factor_ids if kept.get(factor_id) in ANSWER_VALUES),
                "new": created,
            },
        )
    return draft


def draft_discard(*, actor: User, case: Case, instrument_id: str) -> bool:
    """Delete the actor's draft of this form; return False if there was none."""
    _require_assess(actor, case)
    with transaction.atomic():
        draft = AssessmentDraft.objects.filter(case=case, user=actor, instrument_id=instrument_id).first()
        if draft is None:
            return False
        record(
            actor=actor,
            verb=Verb.RISK_DRAFT_DISCARDED,
            target=draft,
            case_id=case.pk,
            detail={"instrument": instrument_id},
        )
        draft.delete()
    return True


def drafts_purge(*, now: datetime | None = None) -> int:
    """Delete every draft past its expiry; return how many."""
    now = now or timezone.now()
    with transaction.atomic():
        expired = AssessmentDraft.objects.filter(expires_at__lte=now)
        cases = sorted(set(expired.values_list("case_id", flat=True)))
        deleted, _counts = expired.delete()
        if deleted:
            record(
                actor=None,
                verb=Verb.RISK_DRAFTS_PURGED,
                actor_label="system",
                detail={"count": deleted, "cases": cases},
            )
    return deleted


def assessment_viewed(*, actor: User, assessment: Assessment) -> None:
    """Record that the actor opened an assessment (its answers and the victim's account)."""
    record(
        actor=actor,
        verb=Verb.RISK_ASSESSMENT_VIEWED,
        target=assessment,
        case_id=assessment.case_id,
    )


def history_viewed(*, actor: User, case: Case) -> None:
    """Record that the actor opened the case's risk history."""
    record(actor=actor, verb=Verb.RISK_HISTORY_VIEWED, target=case, case_id=case.pk)

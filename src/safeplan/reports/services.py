"""The writes of reporting: the audit entry of every report run and export, and the figures entered for it."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import Case
from safeplan.cases.permissions import can_edit
from safeplan.marac.models import MaracArea
from safeplan.reports.models import Answer, AreaPopulation, EqualityMonitoring, Gender, LateReason
from safeplan.timeline.models import Obligation
from safeplan.versioned import NEW, StaleVersion, claim_version

# The most people a MARAC area could hold: a typing mistake above it is refused.
MOST_ADULT_WOMEN = 10_000_000


def report_run(*, actor: User, report: str, params: Mapping[str, str], export: str = "") -> None:
    """Audit one run of a report (or one export of it) with the parameters that chose its figures."""
    detail = {"report": report, **{key: str(value) for key, value in sorted(params.items())}}
    if export:
        detail["format"] = export
    record(actor=actor, verb=Verb.REPORT_EXPORTED if export else Verb.REPORT_VIEWED, detail=detail)


def report_list_viewed(*, actor: User, figure: str, params: Mapping[str, str]) -> None:
    record(actor=actor, verb=Verb.REPORT_LIST_VIEWED, detail={"figure": figure, **dict(sorted(params.items()))})


def area_population_set(*, actor: User, area: MaracArea, adult_women: int, source: str) -> AreaPopulation:
    """Record the area's adult female population (the latest applies), audited in the same transaction."""
    errors = {}
    if not 1 <= adult_women <= MOST_ADULT_WOMEN:
        errors["adult_women"] = _("Enter the number of women aged 16 and over, from 1 to 10,000,000.")
    if not source.strip():
        errors["source"] = _("Say where the figure comes from (for example, the 2021 census).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        population = AreaPopulation.objects.create(
            area=area, adult_women=adult_women, source=source.strip(), recorded_by=actor
        )
        record(
            actor=actor,
            verb=Verb.AREA_POPULATION_SET,
            target=population,
            detail={"area": area.pk, "adult_women": adult_women},
        )
    return population


def equality_monitoring_save(
    *, actor: User, case: Case, minoritised: str, lgbt: str, disabled: str, gender: str, version: int
) -> EqualityMonitoring:
    """Save the victim's equality monitoring answers (coded values only), audited in the same transaction.

    version is the answers' version the actor loaded (NEW when there were none): a save over
    a change the actor never saw raises StaleVersion.
    """
    if not can_edit(actor, case):
        raise PermissionDenied
    for name, value, allowed in (
        ("minoritised", minoritised, Answer.values),
        ("lgbt", lgbt, Answer.values),
        ("disabled", disabled, Answer.values),
        ("gender", gender, Gender.values),
    ):
        if value not in allowed:
            raise ValidationError({name: _("Choose one of the answers.")})
    with transaction.atomic():
        monitoring = EqualityMonitoring.objects.filter(case=case).first()
        if monitoring is not None:
            claim_version(monitoring, version)
        elif version != NEW:
            raise StaleVersion(None)
        else:
            try:
                with transaction.atomic():
                    monitoring = EqualityMonitoring.objects.create(case=case, updated_by=actor)
            except IntegrityError:
                raise StaleVersion(EqualityMonitoring.objects.filter(case=case).first()) from None
        monitoring.minoritised = minoritised
        monitoring.lgbt = lgbt
        monitoring.disabled = disabled
        monitoring.gender = gender
        monitoring.updated_by = actor
        monitoring.save()
        record(
            actor=actor,
            verb=Verb.EQUALITY_MONITORING_SAVED,
            target=monitoring,
            case_id=case.pk,
            detail={"version": monitoring.version},
        )
    return monitoring


def late_reason_save(*, actor: User, obligation: Obligation, reason: str, note: str, version: int) -> LateReason:
    """Record why an obligation missed its deadline (done late, or overdue now), audited in the same transaction.

    version is the reason's version the actor loaded (NEW when there was none): a save over a
    change the actor never saw raises StaleVersion.
    """
    if not can_edit(actor, obligation.case):
        raise PermissionDenied
    if not is_missed(obligation):
        raise ValidationError(_("This obligation has not missed its deadline."))
    if reason not in LateReason.Reason.values:
        raise ValidationError({"reason": _("Choose why it was late.")})
    if reason == LateReason.Reason.OTHER and not note.strip():
        raise ValidationError({"note": _("Say why it was late.")})
    free_text_check(actor=actor, case=obligation.case, texts={"note": note})
    with transaction.atomic():
        late = LateReason.objects.filter(obligation=obligation).first()
        if late is not None:
            claim_version(late, version)
        elif version != NEW:
            raise StaleVersion(None)
        else:
            try:
                with transaction.atomic():
                    late = LateReason.objects.create(obligation=obligation, reason=reason, recorded_by=actor)
            except IntegrityError:
                raise StaleVersion(LateReason.objects.filter(obligation=obligation).first()) from None
        late.reason = reason
        late.note = note.strip()
        late.recorded_by = actor
        late.save()
        record(
            actor=actor,
            verb=Verb.LATE_REASON_RECORDED,
            target=obligation,
            case_id=obligation.case_id,
            detail={"reason": reason, "kind": obligation.kind},
        )
    return late


def is_missed(obligation: Obligation) -> bool:
    """Return True if the obligation was done after its deadline, or is still not done after it."""
    if obligation.done_at is not None:
        return obligation.done_at > obligation.due_at
    return obligation.due_at < timezone.now()

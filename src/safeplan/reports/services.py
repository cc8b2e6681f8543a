"""The writes of reporting: the audit entry of every report run and export, and the figures entered for it."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases.models import Case
from safeplan.marac.models import MaracArea
from safeplan.reports.models import Answer, AreaPopulation, EqualityMonitoring, Gender

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
    *, actor: User, case: Case, minoritised: str, lgbt: str, disabled: str, gender: str
) -> EqualityMonitoring:
    """Save the victim's equality monitoring answers (coded values only), audited in the same transaction."""
    for name, value, allowed in (
        ("minoritised", minoritised, Answer.values),
        ("lgbt", lgbt, Answer.values),
        ("disabled", disabled, Answer.values),
        ("gender", gender, Gender.values),
    ):
        if value not in allowed:
            raise ValidationError({name: _("Choose one of the answers.")})
    with transaction.atomic():
        monitoring, _created = EqualityMonitoring.objects.update_or_create(
            case=case,
            defaults={
                "minoritised": minoritised,
                "lgbt": lgbt,
                "disabled": disabled,
                "gender": gender,
                "updated_by": actor,
            },
        )
        record(actor=actor, verb=Verb.EQUALITY_MONITORING_SAVED, target=monitoring, case_id=case.pk)
    return monitoring

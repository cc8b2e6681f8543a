"""Reads of risk assessments. Every function takes a case the user has already opened (cases.selectors.case_for)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Model, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language

from safeplan.accounts.models import User
from safeplan.cases.facts import CaseFacts
from safeplan.cases.models import Case
from safeplan.content import instruments as instrument_content
from safeplan.content.instruments import UnknownInstrumentError
from safeplan.domain.risk import CHECKLIST_ID, LEVELS, Changes, changes_since, current_grade
from safeplan.risk.models import Assessment, AssessmentDraft

# Columns the case panel needs: never the encrypted answers or free text.
SUMMARY_FIELDS = (
    "id",
    "case",
    "instrument_id",
    "instrument_version",
    "level",
    "yes_count",
    "factor_count",
    "marac_criteria",
    "created_at",
    "case_grade_before",
    "case_grade_after",
)
# The case page draws at most this many recent assessments; the history page draws the page it shows.
PANEL_CHART_LIMIT = 24


def assessments(case: Case) -> QuerySet[Assessment]:
    """Return the case's assessments, oldest first, with who made them and their MARAC decisions."""
    return (
        Assessment.objects.filter(case=case)
        .select_related("assessed_by")
        .prefetch_related("marac_decisions__decided_by")
        .order_by("created_at", "pk")
    )


def assessment_for(case: Case, assessment_id: int) -> Assessment:
    """Return the case's assessment with this id, or 404."""
    return get_object_or_404(assessments(case), pk=assessment_id)


def previous_of(assessment: Assessment) -> Assessment | None:
    """Return the assessment made before this one with the same instrument, if any."""
    earlier = Q(created_at__lt=assessment.created_at) | Q(created_at=assessment.created_at, pk__lt=assessment.pk)
    return (
        Assessment.objects.filter(earlier, case_id=assessment.case_id, instrument_id=assessment.instrument_id)
        .order_by("-created_at", "-pk")
        .first()
    )


def neighbours(assessment: Assessment) -> tuple[int | None, int | None]:
    """Return the ids of the case's assessments just before and just after this one (any instrument)."""
    ids = list(
        Assessment.objects.filter(case_id=assessment.case_id).order_by("created_at", "pk").values_list("pk", flat=True)
    )
    index = ids.index(assessment.pk)
    return (ids[index - 1] if index > 0 else None, ids[index + 1] if index + 1 < len(ids) else None)


@dataclass(frozen=True)
class Change:
    """What changed in one assessment since the previous one made with the same instrument."""

    previous: Assessment | None
    changes: Changes | None
    # "up", "down", "same", or "" when there is nothing to compare with.
    direction: str

    @property
    def newly_yes(self) -> tuple[str, ...]:
        return self.changes.newly_yes if self.changes else ()

    @property
    def no_longer_yes(self) -> tuple[str, ...]:
        return self.changes.no_longer_yes if self.changes else ()


def change_between(previous: Assessment | None, current: Assessment) -> Change:
    """Return the factors newly yes and no longer yes, and the grade's direction, from previous to current."""
    if previous is None:
        return Change(None, None, "")
    changes = changes_since(previous.answers, current.answers, factor_order=_factor_order(current))
    before, after = LEVELS.index(previous.level), LEVELS.index(current.level)
    direction = "up" if after > before else "down" if after < before else "same"
    return Change(previous, changes, direction)


def _factor_order(assessment: Assessment) -> list[str]:
    try:
        return list(assessment.instrument.factor_ids)
    except UnknownInstrumentError:
        return []


@dataclass(frozen=True)
class HistoryEntry:
    assessment: Assessment
    change: Change
    # The latest safeplan.marac.models.MaracDecision on it (read through the reverse relation: marac sits above risk).
    decision: Model | None


def newest_first(case: Case) -> QuerySet[Assessment]:
    """Return the case's assessments, newest first (the history page's order, on risk_assessment_latest)."""
    return (
        Assessment.objects.filter(case=case)
        .select_related("assessed_by")
        .prefetch_related("marac_decisions__decided_by")
        .order_by("-created_at", "-pk")
    )


def history(case: Case, shown: Sequence[Assessment]) -> list[HistoryEntry]:
    """Return the shown assessments (a page of newest_first) each with its change since the previous one.

    The previous assessment of the same instrument may lie on another page: its id is found by a
    subquery per row and the previous assessments are read in one query, so a page costs the
    same whatever the length of the history.
    """
    if not shown:
        return []
    earlier = Assessment.objects.filter(case=case, instrument_id=OuterRef("instrument_id")).filter(
        Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    with_previous = Assessment.objects.filter(pk__in=[a.pk for a in shown]).annotate(
        previous_id=Subquery(earlier.order_by("-created_at", "-pk").values("pk")[:1])
    )
    previous_ids = dict(with_previous.values_list("pk", "previous_id"))
    # One query even when nothing came before (in_bulk of no ids would skip it): the page's cost stays fixed.
    previous = {a.pk: a for a in Assessment.objects.filter(pk__in=with_previous.values("previous_id"))}
    entries = []
    for assessment in shown:
        before = previous.get(previous_ids.get(assessment.pk))
        decisions = list(assessment.marac_decisions.all())
        entries.append(
            HistoryEntry(assessment, change_between(before, assessment), decisions[0] if decisions else None)
        )
    return entries


GradeRow = tuple[int, datetime, str, str]


@dataclass(frozen=True)
class CaseGrade:
    """The case's grade (safeplan.domain.risk.current_grade), what set it, and when it is next reviewed."""

    level: str | None
    # The assessment whose grade stands: the latest checklist, or a later screen that raised it.
    set_by_id: int | None
    # The routine review: the grade's interval after the latest checklist (or, with no
    # checklist yet, the latest screen). A screen does not stand in for the checklist.
    review_due: datetime | None


def grade_rows(case: Case) -> list[GradeRow]:
    """Return (id, created_at, instrument_id, level) for every assessment of the case, oldest first."""
    return list(
        Assessment.objects.filter(case=case)
        .order_by("created_at", "pk")
        .values_list("pk", "created_at", "instrument_id", "level")
    )


def case_grade(rows: Sequence[GradeRow]) -> CaseGrade:
    """Return the case's grade from its assessment rows (see grade_rows), in any order."""
    level = current_grade((created_at, instrument_id, grade) for _, created_at, instrument_id, grade in rows)
    if level is None:
        return CaseGrade(None, None, None)
    checklists = [row for row in rows if row[2] == CHECKLIST_ID]
    since = max(row[1] for row in checklists) if checklists else min(row[1] for row in rows)
    counted = [
        row
        for row in rows
        if row[1] >= since and (row[2] != CHECKLIST_ID or row[1] == since or not checklists) and row[3] == level
    ]
    set_by = max(counted, key=lambda row: (row[1], row[0]))
    base = since if checklists else max(row[1] for row in rows)
    return CaseGrade(level, set_by[0], base + timedelta(days=settings.RISK_REVIEW_DAYS[level]))


@dataclass(frozen=True)
class RiskSummary:
    """What the case page shows about risk, read in a fixed number of queries."""

    latest: Assessment | None
    # Oldest first, for the chart; at most PANEL_CHART_LIMIT.
    recent: list[Assessment]
    total: int
    grade: CaseGrade
    # The assessment whose grade is the case's grade (None without assessments).
    grade_set_by: Assessment | None
    # The latest MaracDecision on any assessment of the case: a later assessment never erases it.
    decision: Model | None
    # The latest assessment that meets the MARAC criteria with no decision recorded since it.
    undecided: Assessment | None
    age_days: int | None
    drafts: list[AssessmentDraft]

    @property
    def review_due(self) -> datetime | None:
        return self.grade.review_due

    @property
    def review_overdue(self) -> bool:
        return self.review_due is not None and self.review_due < timezone.now()

    @property
    def marac_prompt(self) -> bool:
        """Return True if an assessment calls for a MARAC referral and no decision is recorded since."""
        return self.undecided is not None


def fill_case_facts(found: dict[int, CaseFacts]) -> None:
    """Set each case's grade, when it was set and its review date (cases.facts), in one query."""
    rows: dict[int, list[GradeRow]] = {}
    for case_id, pk, created_at, instrument_id, level in (
        Assessment.objects.filter(case_id__in=list(found))
        .order_by()
        .values_list("case_id", "pk", "created_at", "instrument_id", "level")
    ):
        rows.setdefault(case_id, []).append((pk, created_at, instrument_id, level))
    for case_id, case_rows in rows.items():
        grade = case_grade(case_rows)
        facts = found[case_id]
        facts.grade, facts.review_due = grade.level, grade.review_due
        facts.grade_since = next((row[1] for row in case_rows if row[0] == grade.set_by_id), None)


def summary(case: Case, user: User) -> RiskSummary:
    """Return the current grade, its age, the next review, the MARAC decision, recent grades and the user's drafts."""
    recent = list(
        Assessment.objects.filter(case=case)
        .only(*SUMMARY_FIELDS)
        .order_by("-created_at", "-pk")[: PANEL_CHART_LIMIT + 1]
    )
    total = len(recent)
    if total > PANEL_CHART_LIMIT:
        total = Assessment.objects.filter(case=case).count()
        recent = recent[:PANEL_CHART_LIMIT]
    recent.reverse()
    latest = recent[-1] if recent else None
    grade = case_grade(grade_rows(case)) if latest is not None else CaseGrade(None, None, None)
    by_id = {assessment.pk: assessment for assessment in recent}
    set_by = None
    if grade.set_by_id is not None:
        set_by = by_id.get(grade.set_by_id) or Assessment.objects.only(*SUMMARY_FIELDS).get(pk=grade.set_by_id)
    decision = latest_decision(case) if latest is not None else None
    decided_at = getattr(decision, "decided_at", None)
    undecided = next(
        (
            assessment
            for assessment in reversed(recent)
            if assessment.marac_indicated and (decided_at is None or decided_at < assessment.created_at)
        ),
        None,
    )
    now = timezone.now()
    return RiskSummary(
        latest=latest,
        recent=recent,
        total=total,
        grade=grade,
        grade_set_by=set_by,
        decision=decision,
        undecided=undecided,
        age_days=(timezone.localdate(now) - timezone.localdate(latest.created_at)).days if latest else None,
        drafts=list(draft_list(user, case)),
    )


def latest_decision(case: Case) -> Model | None:
    """Return the latest MARAC decision recorded on any assessment of the case, or None."""
    # safeplan.marac sits above risk: its model is reached through the reverse relation.
    decision_model: Any = Assessment.marac_decisions.rel.related_model
    return (
        decision_model.objects.filter(assessment__case=case)
        .select_related("decided_by", "assessment")
        .order_by("-decided_at", "-pk")
        .first()
    )


def draft_list(user: User, case: Case) -> QuerySet[AssessmentDraft]:
    """Return the user's unexpired drafts on the case, without their encrypted content."""
    return (
        AssessmentDraft.objects.filter(case=case, user=user, expires_at__gt=timezone.now())
        .only("id", "instrument_id", "saved_at", "expires_at")
        .order_by("-saved_at")
    )


def draft_for(user: User, case: Case, instrument_id: str) -> AssessmentDraft | None:
    """Return the user's unexpired draft of this form on the case, if any."""
    return AssessmentDraft.objects.filter(
        case=case, user=user, instrument_id=instrument_id, expires_at__gt=timezone.now()
    ).first()


def known_last_referral(case: Case, *, before: date | None = None) -> date | None:
    """Return the latest MARAC referral the case knows of before a day (today by default).

    It comes from earlier assessments and decisions to refer. A referral made on the day
    itself is not a previous referral (safeplan.domain.marac.is_repeat), so it is left out.
    """
    before = before or timezone.localdate()
    dates = [
        day
        for day in Assessment.objects.filter(case=case).values_list("last_marac_referral", flat=True)
        if day is not None
    ]
    # safeplan.marac sits above risk, so its decisions are read through the reverse relation
    # ("refer" is MaracDecision.Decision.REFER).
    dates += [
        timezone.localdate(moment)
        for moment in Assessment.objects.filter(case=case, marac_decisions__decision="refer").values_list(
            "marac_decisions__decided_at", flat=True
        )
    ]
    # Referrals made in safeplan.marac, read the same way (a returned one was never heard).
    dates += [
        timezone.localdate(moment)
        for moment in Case.objects.filter(
            pk=case.pk, marac_referrals__status__in=["submitted", "accepted"]
        ).values_list("marac_referrals__referred_at", flat=True)
    ]
    earlier = [day for day in dates if day < before]
    return max(earlier) if earlier else None


def instrument_titles() -> dict[str, str]:
    """Return each current instrument's id and title in the active language."""
    library = instrument_content.instruments()
    return {item.id: item.title.get(get_language()) for item in library.current}

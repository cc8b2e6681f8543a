"""Risk assessments of a case and unsubmitted drafts (the MARAC decisions they lead to are in safeplan.marac).

An assessment is an append-only record: it keeps the instrument id and version,
the raw answers and every input to the grading (thresholds included), so that
re-scoring it years later with the same instrument version gives the same grade.
A new assessment supersedes the previous one; nothing is edited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeplan.appendonly import AppendOnlyModel
from safeplan.cases.models import Case
from safeplan.content import instruments as instrument_content
from safeplan.content.instruments import Instrument
from safeplan.domain.risk import LEVELS, MARAC_CRITERIA, Grading, GradingConfig, grade_assessment
from safeplan.encryption import EncryptedJSONField, EncryptedTextField


class Level(models.TextChoices):
    STANDARD = "standard", _("Standard")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Trigger(models.TextChoices):
    """What led to the assessment: the trigger points of the guidance, plus the first and a routine review."""

    INITIAL = "initial", _("First assessment for this case")
    NEW_INCIDENT = "new_incident", _("A new incident")
    ARREST = "arrest", _("Arrest of the suspect")
    RELEASE = "release", _("Release of the suspect (from custody or prison)")
    BAIL_CHANGE = "bail_change", _("Bail granted, changed or ended")
    COURT = "court", _("A court hearing or outcome")
    WITHDRAWAL = "withdrawal", _("The victim withdrawing support")
    CHILD_CONTACT = "child_contact", _("Child contact arrangements")
    NEW_RELATIONSHIP = "new_relationship", _("A new relationship")
    REVIEW = "review", _("Routine review")
    OTHER = "other", _("Something else")


class VictimView(models.TextChoices):
    """The victim's own view of the risk, asked in every assessment."""

    STANDARD = "standard", _("Standard: they do not expect to be seriously harmed")
    MEDIUM = "medium", _("Medium: they think they could be seriously harmed")
    HIGH = "high", _("High: they think they could be seriously harmed at any time")
    NOT_SURE = "not_sure", _("They are not sure")


CRITERION_LABELS = {
    "visible_high_risk": _("Visible high risk (the number of yes answers)"),
    "professional_judgement": _("Professional judgement"),
    "potential_escalation": _("Potential escalation (the number of incidents)"),
    "repeat": _("Repeat (referred to MARAC in the last 12 months)"),
}


class Assessment(AppendOnlyModel):
    correction_hint = "make a new assessment instead"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assessments")
    instrument_id = models.CharField(_("instrument"), max_length=80)
    instrument_version = models.PositiveIntegerField(_("instrument version"))
    # factor id -> "yes" | "no" | "unknown", exactly as given.
    answers = EncryptedJSONField(_("answers"))
    level = models.CharField(_("grade"), max_length=10, choices=Level.choices)
    score_level = models.CharField(_("grade from the answers"), max_length=10, choices=Level.choices)
    yes_count = models.PositiveSmallIntegerField(_("yes answers"))
    factor_count = models.PositiveSmallIntegerField(_("questions"))
    # The settings the grade was made with, so that a later change of settings
    # does not change what an old assessment re-scores to.
    medium_from = models.PositiveSmallIntegerField()
    high_from = models.PositiveSmallIntegerField()
    escalation_from = models.PositiveSmallIntegerField()
    marac_criteria = models.JSONField(_("MARAC criteria met"), default=list)
    judgement = models.CharField(_("professional judgement"), max_length=10, choices=Level.choices, blank=True)
    judgement_reason = EncryptedTextField(_("reason for the professional judgement"), blank=True)
    incidents_last_12_months = models.PositiveSmallIntegerField(_("incidents in the last 12 months"))
    last_marac_referral = models.DateField(_("last MARAC referral"), null=True, blank=True)
    # The day the grade was made for: "repeat" is counted back from it.
    assessed_on = models.DateField(_("assessed on"))
    victim_view = models.CharField(_("the victim's view of the risk"), max_length=10, choices=VictimView.choices)
    victim_account = EncryptedTextField(_("the victim's account, in their own words"), blank=True)
    notes = EncryptedTextField(_("other information"), blank=True)
    # The case's grade (safeplan.domain.risk.current_grade) just before and just after this
    # assessment: a screen never lowers it; a checklist that does needs lowering_reason.
    case_grade_before = models.CharField(_("case grade before"), max_length=10, choices=Level.choices, blank=True)
    case_grade_after = models.CharField(_("case grade after"), max_length=10, choices=Level.choices, blank=True)
    lowering_reason = EncryptedTextField(_("why the risk is lower"), blank=True)
    trigger = models.CharField(_("what led to this assessment"), max_length=20, choices=Trigger.choices)
    # A specific event on the case timeline that triggered it (set by the timeline app).
    trigger_event_id = models.PositiveBigIntegerField(null=True, blank=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "-created_at"], name="risk_assessment_latest")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(yes_count__lte=models.F("factor_count")), name="yes_within_count"
            ),
            models.CheckConstraint(condition=models.Q(level__in=LEVELS), name="assessment_level_known"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id} v{self.instrument_version} ({self.case_id}, {self.created_at:%Y-%m-%d})"

    @property
    def instrument(self) -> Instrument:
        """Return the instrument version this assessment was made with."""
        return instrument_content.instrument(self.instrument_id, self.instrument_version)

    @property
    def marac_indicated(self) -> bool:
        """Return True if the grade is high or any MARAC criterion is met."""
        return self.level == Level.HIGH or bool(self.marac_criteria)

    @property
    def lowered_grade(self) -> bool:
        """Return True if this assessment lowered the case's grade."""
        before, after = self.case_grade_before, self.case_grade_after
        return bool(before and after) and LEVELS.index(after) < LEVELS.index(before)

    def criterion_labels(self) -> list[str]:
        """Return the met MARAC criteria as labels, in the order of the criteria."""
        return [str(CRITERION_LABELS[c]) for c in MARAC_CRITERIA if c in self.marac_criteria]

    def review_due(self) -> datetime:
        """Return when the routine review of this assessment is due."""
        return self.created_at + timedelta(days=settings.RISK_REVIEW_DAYS[self.level])

    def regrade(self) -> Grading:
        """Return the grading of the stored answers with the stored instrument version and settings."""
        return grade_assessment(
            self.instrument_id,
            self.answers,
            version=self.instrument_version,
            judgement=self.judgement or None,
            judgement_reason=self.judgement_reason,
            incidents_last_12_months=self.incidents_last_12_months,
            last_marac_referral=self.last_marac_referral,
            today=self.assessed_on,
            config=GradingConfig(
                medium_from=self.medium_from, high_from=self.high_from, escalation_incidents=self.escalation_from
            ),
        )

    def matches(self, grading: Grading) -> bool:
        """Return True if the grading gives exactly the stored result."""
        return (
            grading.level == self.level
            and grading.score_level == self.score_level
            and grading.yes_count == self.yes_count
            and grading.factor_count == self.factor_count
            and sorted(grading.marac_criteria) == sorted(self.marac_criteria)
        )


class AssessmentDraft(models.Model):
    """An unsubmitted assessment form, kept for its author so an interrupted interview can resume."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    instrument_id = models.CharField(max_length=80)
    # Form field name -> the value as typed (not validated until submitted).
    data = EncryptedJSONField()
    saved_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "user", "instrument_id"], name="one_draft_per_form"),
        ]

    def __str__(self) -> str:
        return f"Draft {self.instrument_id} ({self.case_id})"

    @property
    def instrument_title(self) -> str:
        """Return the title of the draft's instrument in the active language."""
        try:
            return instrument_content.instrument(self.instrument_id).title.get(get_language())
        except instrument_content.UnknownInstrumentError:
            return self.instrument_id

"""Safety plans: one per case, saved as immutable versions, built through a server-side draft.

A version keeps everything as it was shown when it was saved: the measure wording (all
languages) and the cautions are copied in, so an old plan reads the same after the
knowledge base changes. Anything the victim said (coping strategies, circumstances, who
does what, contacts and code words) is encrypted at rest.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.appendonly import AppendOnlyModel
from safeplan.cases.models import Case
from safeplan.content.schema import LocalText
from safeplan.encryption import EncryptedJSONField, EncryptedTextField
from safeplan.plans import labels
from safeplan.plans.plandata import STORED, CircumstancesAnswers, Parts
from safeplan.versioned import Versioned


class SafetyPlan(models.Model):
    """The case's safety plan: the history of its versions."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safety_plan")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Safety plan for {self.case}"


class SafetyPlanVersion(AppendOnlyModel):
    """One saved version of a plan. Never changed once saved: a change is a new version."""

    correction_hint = "save a new version"

    class Source(models.TextChoices):
        BUILT = "built", _("Built with the victim")
        SURVIVOR = "survivor", _("Shared by the survivor from their own space")

    class Reason(models.TextChoices):
        FIRST = "first", _("First plan")
        TRIGGER = "trigger", _("Review after a trigger point (for example a release, bail or a breach)")
        SCHEDULED = "scheduled", _("Scheduled review")
        VICTIM_ASKED = "victim_asked", _("The victim asked for changes")
        SURVIVOR_SHARED = "survivor_shared", _("The survivor shared their own plan")
        OTHER = "other", _("Something else changed")

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.BUILT)
    reason = models.CharField(_("why this version"), max_length=20, choices=Reason.choices)
    coping_strategies = EncryptedTextField(_("what the victim already does to stay safe"), blank=True)
    # CircumstancesAnswers as JSON: the situation and each answer ("yes", "no", "not_sure").
    circumstances = EncryptedJSONField(_("circumstances"))
    # Parts as JSON, plus "bag": the bag checklist as shown ([{measure_id, title, survivor, cautions, ticked}]).
    parts = EncryptedJSONField(_("plan parts"))
    change_note = EncryptedTextField(_("what changed and why"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.plan.case} plan version {self.number}"

    def circumstances_answers(self) -> CircumstancesAnswers:
        return CircumstancesAnswers.model_validate(self.circumstances, strict=False, context=STORED)

    def plan_parts(self) -> Parts:
        return Parts.model_validate({k: v for k, v in self.parts.items() if k != "bag"}, strict=False, context=STORED)

    def bag_checklist(self) -> list[dict[str, Any]]:
        """Return the bag checklist as shown when the version was saved."""
        return [
            {**entry, "title": LocalText(entry["title"]), "survivor": LocalText(entry["survivor"])}
            for entry in self.parts.get("bag", [])
        ]


class SafetyPlanItem(AppendOnlyModel):
    """One measure in a version: the victim's decision, who does what by when, and the wording shown."""

    correction_hint = "save a new version"

    class Status(models.TextChoices):
        WILL_DO = "will_do", labels.STATUS_SHORT["will_do"]
        ALREADY_DOING = "already_doing", labels.STATUS_SHORT["already_doing"]
        NOT_NOW = "not_now", labels.STATUS_SHORT["not_now"]
        NOT_SAFE = "not_safe", labels.STATUS_SHORT["not_safe"]

    version = models.ForeignKey(SafetyPlanVersion, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    measure_id = models.CharField(max_length=80)
    plan_part = models.CharField(max_length=40)
    topics = models.JSONField(default=list)
    # The wording as shown, every language: {"en": ..., "cy": ...}.
    title = models.JSONField()
    survivor_text = models.JSONField()
    professional_text = models.JSONField()
    # How the tailoring offered it, and the cautions shown: [{"severity": ..., "reason": {"en": ...}}].
    suggestion = models.CharField(max_length=30)
    cautions = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.CharField(max_length=20, blank=True)
    owner_note = EncryptedTextField(_("who does what"), blank=True)
    due_on = models.DateField(_("by when"), null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "measure_id"], name="plan_item_measure_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=["will_do", "already_doing", "not_now", "not_safe"]),
                name="plan_item_status_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} ({self.status})"

    @property
    def title_text(self) -> LocalText:
        return LocalText(self.title)

    @property
    def survivor(self) -> LocalText:
        return LocalText(self.survivor_text)

    @property
    def professional(self) -> LocalText:
        return LocalText(self.professional_text)

    @property
    def caution_list(self) -> list[dict[str, Any]]:
        return [{"severity": c["severity"], "reason": LocalText(c["reason"])} for c in self.cautions]

    @property
    def actor_label(self) -> str:
        return str(labels.ACTOR_LABELS.get(self.actor, ""))

    @property
    def actor_label_survivor(self) -> str:
        return str(labels.ACTOR_LABELS_SURVIVOR.get(self.actor, ""))

    @property
    def status_label_survivor(self) -> str:
        return str(labels.STATUS_LABELS[self.status])


class SafetyPlanDraft(Versioned):
    """The plan being built with the victim, kept server-side until it is saved as a new version."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="plan_draft")
    based_on = models.ForeignKey(SafetyPlanVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # PlanData as JSON.
    data = EncryptedJSONField(_("draft"))
    started_at = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Draft plan for {self.case}"

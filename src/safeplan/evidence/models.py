"""Incidents, their amendments and exhibits: append-only, chained by hash per case.

Each Incident and Amendment is one link of its case's chain (safeplan.domain.hashchain): the
row stores its sequence, the previous link's hash and its own hash. Rows are never changed or
deleted through the application; a correction is a new Amendment.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.appendonly import AppendOnlyModel
from safeplan.cases.models import Case
from safeplan.encryption import EncryptedTextField
from safeplan.idempotent import Submitted


class Incident(AppendOnlyModel, Submitted):
    correction_hint = "add an amendment instead"

    class Source(models.TextChoices):
        ENTERED = "entered", _("Entered by staff")
        IMPORTED = "imported", _("Imported from saved messages")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incidents")
    sequence = models.PositiveIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    occurred_at = models.DateTimeField(_("when it happened"), db_index=True)
    time_is_approximate = models.BooleanField(_("the date or time is approximate"), default=False)
    approximation = models.CharField(_("how approximate"), max_length=100, blank=True)
    place = EncryptedTextField(_("where it happened"), blank=True)
    summary = EncryptedTextField(_("what happened"))
    victim_words = EncryptedTextField(_("the victim's account in their own words"), blank=True)
    words_used = EncryptedTextField(_("the words used by the person who harmed them"), blank=True)
    injuries = EncryptedTextField(_("injuries"), blank=True)
    # Comma-separated body region codes (evidence.regions), encrypted: injuries are health data.
    body_regions = EncryptedTextField(_("where on the body"), blank=True)
    witnesses = EncryptedTextField(_("who else was there"), blank=True)
    children_present = models.BooleanField(_("children were present"), default=False)
    children = EncryptedTextField(_("the children there"), blank=True)
    police_reference = EncryptedTextField(_("police crime reference"), blank=True)
    agencies_told = EncryptedTextField(_("agencies told and their references"), blank=True)
    effect = EncryptedTextField(_("the effect on the victim"), blank=True)

    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ENTERED)
    source_format = models.CharField(max_length=20, blank=True)
    source_ref = models.CharField(max_length=40, blank=True)
    source_attachment = models.ForeignKey(
        "Attachment", on_delete=models.PROTECT, null=True, blank=True, related_name="imported_incidents"
    )
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["occurred_at", "sequence"]
        verbose_name = _("incident")
        constraints = [models.UniqueConstraint(fields=["case", "sequence"], name="evidence_incident_case_sequence")]
        # The case's incident list, in date order a page at a time.
        indexes = [models.Index(fields=["case", "occurred_at", "sequence"], name="evidence_incident_list")]

    def __str__(self) -> str:
        return f"incident {self.pk} of case {self.case_id}"

    def region_codes(self) -> list[str]:
        return [code for code in (self.body_regions or "").split(",") if code]


class Amendment(AppendOnlyModel):
    class Kind(models.TextChoices):
        CORRECTION = "correction", _("A correction")
        ADDITION = "addition", _("Something to add")
        EXHIBIT = "exhibit", _("An exhibit added")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="incident_amendments")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="amendments")
    sequence = models.PositiveIntegerField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    kind = models.CharField(_("kind of amendment"), max_length=10, choices=Kind.choices)
    field_name = models.CharField(_("what it changes"), max_length=30, blank=True)
    text = EncryptedTextField(_("the amendment"), blank=True)
    reason = EncryptedTextField(_("reason"), blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("amendment")
        constraints = [models.UniqueConstraint(fields=["case", "sequence"], name="evidence_amendment_case_sequence")]

    def __str__(self) -> str:
        return f"amendment {self.pk} of incident {self.incident_id}"


class Attachment(AppendOnlyModel, Submitted):
    """An exhibit: the original file, encrypted at rest, with the SHA-256 of its original bytes."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photograph")
        SCREENSHOT = "screenshot", _("Screenshot")
        AUDIO = "audio", _("Audio recording")
        VIDEO = "video", _("Video")
        DOCUMENT = "document", _("Document")
        MESSAGES = "messages", _("Saved messages")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="exhibits")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, null=True, blank=True, related_name="attachments")
    amendment = models.OneToOneField(
        Amendment, on_delete=models.PROTECT, null=True, blank=True, related_name="attachment"
    )
    number = models.PositiveIntegerField()
    kind = models.CharField(_("kind of exhibit"), max_length=12, choices=Kind.choices)
    description = EncryptedTextField(_("description"), blank=True)
    original_name = EncryptedTextField(blank=True)
    content_type = models.CharField(max_length=80)
    extension = models.CharField(max_length=10)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=80, unique=True)
    wrapped_key = models.TextField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["number"]
        verbose_name = _("exhibit")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="evidence_attachment_case_number")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"EX-{self.number:03d}"


class SharedCopy(AppendOnlyModel):
    """A copy of an exhibit for sharing, with location metadata removed; the original is kept."""

    attachment = models.OneToOneField(Attachment, on_delete=models.PROTECT, related_name="shared_copy")
    removed = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=80, unique=True)
    wrapped_key = models.TextField()
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("shared copy")

    def __str__(self) -> str:
        return f"shared copy of {self.attachment_id}"

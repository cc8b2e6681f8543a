"""The person index: suspects and Clare's Law subjects matched across cases, without revealing the cases.

An IndexEntry is one record of a person (a suspect on a case, or the subject of a disclosure
request). Entries that name the same person (safeplan.domain.people.same_person says "match",
or someone confirmed a possible match) belong to one Perpetrator. A Perpetrator is the index's
own identity for the person: serial flags, reviews, orders and custody attach to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency, Team
from safeplan.cases.models import Person
from safeplan.encryption import EncryptedTextField


class Perpetrator(models.Model):
    """One person as the index knows them, across every record that names them."""

    created_at = models.DateTimeField(auto_now_add=True)
    # Suspect on cases of two or more different victims within the window (PERPETRATOR_SERIAL_YEARS).
    flagged_at = models.DateTimeField(_("flagged as a serial perpetrator"), null=True, blank=True)
    victim_count = models.PositiveSmallIntegerField(default=0)
    request_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["flagged_at"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"P-{self.pk:06d}"


class IndexEntry(models.Model):
    class Source(models.TextChoices):
        SUSPECT = "suspect", _("Suspect or perpetrator on a case")
        DVDS_SUBJECT = "dvds_subject", _("Subject of a Clare's Law request")

    source = models.CharField(max_length=20, choices=Source.choices)
    person = models.OneToOneField(Person, on_delete=models.CASCADE, null=True, blank=True, related_name="index_entry")
    person_version = models.PositiveIntegerField(default=0)
    # Set by the disclosure app for its subjects (it sits above this app, hence no foreign key).
    disclosure_id = models.PositiveBigIntegerField(null=True, blank=True, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    full_name = models.CharField(max_length=200)
    other_names = models.CharField(max_length=200, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    # When the record started (the case opened, the request arrived): the serial window counts from it.
    started_at = models.DateTimeField()
    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.PROTECT, related_name="entries")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source="suspect", person__isnull=False, disclosure_id__isnull=True)
                | models.Q(source="dvds_subject", person__isnull=True, disclosure_id__isnull=False),
                name="index_entry_has_one_source",
            )
        ]

    def __str__(self) -> str:
        return f"index entry {self.pk} ({self.source})"

    def names(self) -> list[str]:
        """Return the name and every alias, aliases split on commas, semicolons or slashes."""
        return [self.full_name, *split_aliases(self.other_names)]


def split_aliases(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").replace("/", ",").split(",") if part.strip()]


class IndexName(models.Model):
    """A name or alias of an entry, normalised (domain.people.name_key), so a lookup is one indexed query."""

    entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="keys")
    key = models.CharField(max_length=300, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "key"], name="index_name_once")]

    def __str__(self) -> str:
        return f"key of entry {self.entry_id}"


class MatchDecision(models.Model):
    """Someone in the owning team said two records are, or are not, the same person."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("The same person")
        REJECTED = "rejected", _("Not the same person")

    # entry_a.pk < entry_b.pk: one decision per pair, whichever side made it.
    entry_a = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="+")
    entry_b = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="+")
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = EncryptedTextField(_("how you know"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry_a", "entry_b"], name="match_decision_once_per_pair"),
            models.CheckConstraint(condition=models.Q(entry_a__lt=models.F("entry_b")), name="match_decision_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.decision}: {self.entry_a_id} and {self.entry_b_id}"


class Enquiry(models.Model):
    """A question to the team that owns another record of the same person: the way to learn more."""

    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="+")
    to_entry = models.ForeignKey(IndexEntry, on_delete=models.CASCADE, related_name="enquiries")
    to_team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    message = EncryptedTextField(_("your question"))
    asked_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-asked_at", "-pk"]
        indexes = [models.Index(fields=["to_team", "answered_at", "asked_at"])]

    def __str__(self) -> str:
        return f"enquiry {self.pk} to team {self.to_team_id}"


class SerialReview(models.Model):
    """A supervisor's review of a flagged serial perpetrator, for their agency, on a cadence."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Keep monitoring")
        MULTI_AGENCY = "multi_agency", _("Refer for multi-agency tasking (for example MATAC)")
        DISRUPT = "disrupt", _("Start or change disruption tactics")
        NO_LONGER = "no_longer", _("No further action: risk no longer present")

    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.PROTECT, related_name="reviews")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reasons = EncryptedTextField(_("reasons"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)
    next_review_on = models.DateField(_("next review"))

    class Meta:
        ordering = ["-reviewed_at", "-pk"]
        indexes = [models.Index(fields=["agency", "perpetrator", "reviewed_at"])]

    def __str__(self) -> str:
        return f"review of {self.perpetrator_id} by agency {self.agency_id}"

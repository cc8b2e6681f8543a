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


class Order(models.Model):
    """An order or notice that restricts the perpetrator and protects the victim of one case."""

    class Kind(models.TextChoices):
        NON_MOLESTATION = "non_molestation", _("Non-molestation order")
        RESTRAINING = "restraining", _("Restraining order")
        DVPN = "dvpn", _("Domestic violence protection notice (DVPN)")
        DVPO = "dvpo", _("Domestic violence protection order (DVPO)")
        DAPN = "dapn", _("Domestic abuse protection notice (DAPN)")
        DAPO = "dapo", _("Domestic abuse protection order (DAPO)")
        SPO = "spo", _("Stalking protection order")
        BAIL = "bail", _("Bail conditions")
        LICENCE = "licence", _("Licence conditions")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    conditions_plain = EncryptedTextField(_("conditions, in words the victim can understand"))
    notification_duties = EncryptedTextField(_("notification duties"), blank=True)
    starts_on = models.DateField(_("starts"))
    expires_on = models.DateField(_("ends"), null=True, blank=True)
    # The timeline event that marked the order ending as a trigger point, once recorded.
    expiry_event_id = models.PositiveBigIntegerField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expires_on", "pk"]
        indexes = [models.Index(fields=["expires_on", "expiry_event_id"])]

    def __str__(self) -> str:
        return f"{self.kind} on case {self.case_id}"


class OrderBreach(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="breaches")
    event_id = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-occurred_at", "-pk"]

    def __str__(self) -> str:
        return f"breach of order {self.order_id}"


class Custody(models.Model):
    """Where the perpetrator is held or supervised, as the agency knows it, with every change kept."""

    class Status(models.TextChoices):
        REMAND = "remand", _("On remand")
        SENTENCED = "sentenced", _("Serving a sentence")
        LICENCE = "licence", _("Released on licence")
        POST_SENTENCE = "post_sentence", _("Post-sentence supervision")
        RELEASED = "released", _("Released, no supervision")

    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.PROTECT, related_name="custody")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    expected_release_on = models.DateField(_("expected release date"), null=True, blank=True)
    licence_conditions = EncryptedTextField(_("licence conditions, in plain words"), blank=True)
    licence_ends_on = models.DateField(_("licence ends"), null=True, blank=True)
    managing_agency = models.CharField(_("managing agency"), max_length=200, blank=True)
    mappa_category = models.CharField(_("MAPPA category"), max_length=1, blank=True)
    mappa_level = models.CharField(_("MAPPA level"), max_length=1, blank=True)
    iom = models.BooleanField(_("managed under IOM"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["perpetrator", "agency"], name="custody_once_per_agency")]

    def __str__(self) -> str:
        return f"custody of {self.perpetrator_id}"


class CustodyChange(models.Model):
    """One change of custody status or release date, and why: release dates move."""

    custody = models.ForeignKey(Custody, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=20, choices=Custody.Status.choices)
    expected_release_on = models.DateField(null=True, blank=True)
    reason = EncryptedTextField(_("why it changed"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"custody change {self.pk}"


class ReleaseTrigger(models.Model):
    """A release date reaching a case: the event and obligations, or a notice waiting for the owning team."""

    custody = models.ForeignKey(Custody, on_delete=models.CASCADE, related_name="triggers")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    release_on = models.DateField()
    event_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["custody", "case", "release_on"], name="release_trigger_once")]

    def __str__(self) -> str:
        return f"release {self.release_on} on case {self.case_id}"


class PerpetratorPlan(models.Model):
    """A perpetrator management plan, in place before release: a named SPOC, tactics and links to MAPPA or IOM."""

    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.PROTECT, related_name="plans")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    spoc = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("single point of contact for the perpetrator"),
    )
    tactics = models.JSONField(default=list)
    tactics_version = models.PositiveIntegerField(default=1)
    links = EncryptedTextField(_("links to MAPPA, IOM or other management"), blank=True)
    notes = EncryptedTextField(_("plan"), blank=True)
    due_by = models.DateField(_("to be in place by"), null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["perpetrator", "agency"], name="perpetrator_plan_once_per_agency")
        ]

    def __str__(self) -> str:
        return f"plan for {self.perpetrator_id}"


class PlanReview(models.Model):
    plan = models.ForeignKey(PerpetratorPlan, on_delete=models.CASCADE, related_name="reviews")
    decision = EncryptedTextField(_("decision"))
    next_review_on = models.DateField(_("next review"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"review of plan {self.plan_id}"

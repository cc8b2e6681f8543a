"""Clare's Law requests: intake with safe contact, stages with their clocks, the forum decision and the disclosure.

A request belongs to the police team that handles it; only that team's caseworkers see it.
Its clocks are computed from when it was received under the rule set of the team's nation
(content/disclosure.yaml, with settings), and kept on the request so that a later change of
rules does not move a deadline that was already set.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Team
from safeplan.cases.models import Case
from safeplan.encryption import EncryptedTextField
from safeplan.idempotent import Submitted


class Grade(models.TextChoices):
    STANDARD = "standard", _("Standard")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class DisclosureRequest(Submitted):
    class Channel(models.TextChoices):
        ONLINE = "online", _("Online form")
        IN_PERSON = "in_person", _("In person at a police station")
        PHONE = "phone", _("By phone (101)")
        PARTNER = "partner", _("Through a partner agency")
        POLICE = "police", _("Started by the police")

    class Applicant(models.TextChoices):
        PERSON_AT_RISK = "person_at_risk", _("The person at risk")
        THIRD_PARTY = "third_party", _("Someone else, on their behalf")
        POLICE_OR_PARTNER = "police_or_partner", _("The police or a partner agency (right to know)")

    class Outcome(models.TextChoices):
        DISCLOSE = "disclose", _("Disclose")
        NOT_DISCLOSE = "not_disclose", _("Do not disclose")

    class Closure(models.TextChoices):
        DISCLOSED = "disclosed", _("Disclosure made and risk reassessed")
        NOT_DISCLOSED = "not_disclosed", _("Decided not to disclose; applicant told and supported")
        WITHDRAWN = "withdrawn", _("Applicant withdrew")
        NO_CONTACT = "no_contact", _("No safe contact possible")
        OTHER = "other", _("Other")

    reference = models.CharField(max_length=20, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="disclosure_requests")
    nation = models.CharField(max_length=20)
    rules_version = models.PositiveIntegerField()
    guidance = models.CharField(max_length=200)
    route = models.CharField(_("route"), max_length=30)
    route_kind = models.CharField(max_length=4)  # "ask" or "tell": figures group by it across nations
    channel = models.CharField(_("how it came in"), max_length=20, choices=Channel.choices)
    applicant_kind = models.CharField(_("who is applying"), max_length=20, choices=Applicant.choices)
    received_at = models.DateTimeField(_("received"))
    # Safe contact comes first: how and when the applicant may be contacted, and what never to do.
    safe_contact_how = EncryptedTextField(_("how it is safe to contact them"))
    safe_contact_when = EncryptedTextField(_("when it is safe"), blank=True)
    never = EncryptedTextField(_("never do this"), blank=True)
    applicant_name = EncryptedTextField(_("applicant's name"), blank=True)
    person_at_risk_name = EncryptedTextField(_("name of the person at risk"), blank=True)
    relationship = EncryptedTextField(_("their relationship with the subject"), blank=True)
    concerns = EncryptedTextField(_("what worries them"), blank=True)
    # The subject is indexed (safeplan.perpetrators) like a suspect: name as in the person index.
    subject_name = models.CharField(_("subject's name"), max_length=200)
    subject_other_names = models.CharField(_("subject's other names"), max_length=200, blank=True)
    subject_date_of_birth = models.DateField(_("subject's date of birth"), null=True, blank=True)
    # The clocks, fixed when the request is received.
    initial_contact_due = models.DateTimeField()
    face_to_face_due = models.DateTimeField(null=True, blank=True)
    decision_due = models.DateTimeField()
    # Stage 1: initial contact and the immediate-risk check.
    initial_contact_at = models.DateTimeField(null=True, blank=True)
    immediate_risk = models.BooleanField(null=True, blank=True)
    immediate_action = EncryptedTextField(_("what was done about the immediate risk"), blank=True)
    # Stage 2: face to face, with identity verified (right to ask only).
    face_to_face_at = models.DateTimeField(null=True, blank=True)
    identity_verified = models.BooleanField(default=False)
    # Stage 3: checks (police systems and partner agencies).
    checks_done_at = models.DateTimeField(null=True, blank=True)
    checks_summary = EncryptedTextField(_("what the checks found"), blank=True)
    # Stage 4: the decision (a ForumDecision holds the reasoning).
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    late_reason = EncryptedTextField(_("why the decision missed the target"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure = models.CharField(max_length=20, choices=Closure.choices, blank=True)
    closure_note = EncryptedTextField(_("closing note"), blank=True)
    # The case opened from the request when the risk after disclosure is high (for the MARAC referral).
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "closed_at", "received_at"]),
            # The team's list, the soonest decision first.
            models.Index(fields=["team", "closed_at", "decision_due", "id"], name="disclosure_request_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="", decided_at__isnull=True)
                | (~models.Q(outcome="") & models.Q(decided_at__isnull=False)),
                name="disclosure_outcome_has_time",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_at__isnull=True, closure="")
                | (models.Q(closed_at__isnull=False) & ~models.Q(closure="")),
                name="disclosure_closed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def asks(self) -> bool:
        return self.route_kind == "ask"

    @property
    def stage(self) -> str:
        """Return the stage the request is at: the next thing to do."""
        if self.closed_at is not None:
            return "closed"
        if self.outcome == self.Outcome.DISCLOSE:
            disclosed = any(True for _ in self.disclosures.all())
            if not disclosed:
                return "disclose"
            if not any(True for _ in self.reassessments.all()):
                return "reassess"
            return "close"
        if self.outcome:
            return "close"
        if self.checks_done_at is not None:
            return "forum"
        if self.face_to_face_at is not None or (self.initial_contact_at is not None and not self.asks):
            return "checks"
        if self.initial_contact_at is not None:
            return "face_to_face"
        return "initial_contact"


class ForumDecision(models.Model):
    """The multi-agency forum's decision, with the reasoning the guidance asks for."""

    request = models.OneToOneField(DisclosureRequest, on_delete=models.CASCADE, related_name="forum")
    held_on = models.DateField(_("date of the forum"))
    attendees = EncryptedTextField(_("who attended, and for which agency"))
    pressing_need = EncryptedTextField(_("the pressing need for disclosure, or why there is none"))
    lawful = EncryptedTextField(_("why disclosure is lawful"), blank=True)
    necessary = EncryptedTextField(_("why it is necessary"), blank=True)
    proportionate = EncryptedTextField(_("why it is proportionate"), blank=True)
    outcome = models.CharField(_("decision"), max_length=20, choices=DisclosureRequest.Outcome.choices)
    what_to_disclose = EncryptedTextField(_("what is to be disclosed"), blank=True)
    recipient = EncryptedTextField(_("to whom (the person best placed to protect)"), blank=True)
    safety_plan = EncryptedTextField(_("safety plan"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"forum decision on {self.request_id}"


class Disclosure(models.Model):
    """A disclosure made in person: nothing is produced for the applicant to take away."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="disclosures")
    disclosed_at = models.DateTimeField(_("when"))
    disclosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    second_person = models.CharField(_("second person present"), max_length=200, blank=True)
    recipient = EncryptedTextField(_("to whom"))
    what_was_said = EncryptedTextField(_("what was said"))
    told_confidential = models.BooleanField(_("the recipient was told to keep it confidential"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["disclosed_at", "pk"]

    def __str__(self) -> str:
        return f"disclosure on {self.request_id}"


class Reassessment(models.Model):
    """The risk after disclosure: the guidance asks for evidence of a full risk assessment at every stage."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="reassessments")
    grade = models.CharField(_("risk now"), max_length=10, choices=Grade.choices)
    notes = EncryptedTextField(_("what changed and what is being done"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessed_at", "pk"]

    def __str__(self) -> str:
        return f"reassessment of {self.request_id}"


class Deviation(models.Model):
    """A departure from the guidance in one request: case by case, with a reason and an approver."""

    request = models.ForeignKey(DisclosureRequest, on_delete=models.CASCADE, related_name="deviations")
    what = EncryptedTextField(_("what departs from the guidance"))
    reason = EncryptedTextField(_("why"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]

    def __str__(self) -> str:
        return f"deviation on {self.request_id}"


class PublicDraft(models.Model):
    """What someone typed into the public right-to-ask form, kept under their code when they left it.

    The code is never stored, only its SHA-256; what was typed is encrypted. Nothing is left
    on the device: the form comes back only to someone who types the code.
    """

    code_hash = models.CharField(max_length=64, unique=True)
    fields_json = EncryptedTextField()
    saved_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"public draft {self.pk}"

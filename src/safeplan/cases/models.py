"""Cases, the people in them, safe contact, confidential locations, and who may see them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Language, Team
from safeplan.domain.contact import Channel, Never, SafeWindow
from safeplan.encryption import EncryptedJSONField, EncryptedTextField
from safeplan.idempotent import Submitted
from safeplan.versioned import Versioned


class Case(Versioned, Submitted):
    # version counts saves of the case's own edit form (the summary), not closes or handovers,
    # which check their own state.
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class ClosureReason(models.TextChoices):
        RISK_REDUCED = "risk_reduced", _("Risk reduced and support completed")
        VICTIM_DECLINED = "victim_declined", _("Victim declined further support")
        NO_CONTACT = "no_contact", _("No safe contact possible")
        MOVED_AREA = "moved_area", _("Victim moved out of the area (referred on)")
        TRANSFERRED = "transferred", _("Transferred to another agency")
        OTHER = "other", _("Other")

    reference = models.CharField(_("reference"), max_length=20, unique=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases", verbose_name=_("owning team"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closure_reason = models.CharField(_("reason for closing"), max_length=20, choices=ClosureReason.choices, blank=True)
    closure_note = EncryptedTextField(_("closing note"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    responsible_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="responsible_for"
    )
    spoc = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="spoc_for",
        verbose_name=_("single point of contact"),
    )
    summary = EncryptedTextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        # The case lists: a team's, and a person's as responsible officer or SPOC, by status, newest first.
        indexes = [
            models.Index(fields=["team", "status", "-created_at", "-id"], name="case_team_list"),
            models.Index(fields=["responsible_officer", "status", "-created_at"], name="case_officer_list"),
            models.Index(fields=["spoc", "status", "-created_at"], name="case_spoc_list"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", closed_at__isnull=True)
                | models.Q(status="closed", closed_at__isnull=False),
                name="case_closed_has_time",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def victim(self) -> Person | None:
        return next((p for p in self.people.all() if p.role == Person.Role.VICTIM), None)


class Person(Versioned, Submitted):
    class Role(models.TextChoices):
        VICTIM = "victim", _("Victim")
        SUSPECT = "suspect", _("Suspect or perpetrator")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other household member")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    full_name = models.CharField(_("full name"), max_length=200)
    other_names = models.CharField(_("other names used"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    relationship = models.CharField(_("relationship to the victim"), max_length=100, blank=True)
    notes = EncryptedTextField(_("notes"), blank=True)
    # What the service writes to them (the plan, letters, notices) is in this language; unknown is bilingual.
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "full_name"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=models.Q(role="victim"), name="one_victim_per_case")
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class SafeContact(Versioned):
    """How the victim may safely be contacted, and what must never be done."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="safe_contact")
    allowed_channels = models.JSONField(_("allowed ways to make contact"), default=list)
    phone_number = EncryptedTextField(_("safe phone number"), blank=True)
    email = EncryptedTextField(_("safe email address"), blank=True)
    third_party = EncryptedTextField(_("trusted third party and how to reach them"), blank=True)
    work_details = EncryptedTextField(_("how to make contact at work"), blank=True)
    # When contact is safe, as days and time ranges ({"windows": [SafeWindow.as_data(), ...]}), checked at
    # every contact; safe_times holds anything more about time in words, which is not checked.
    safe_windows = EncryptedJSONField(_("safe times to make contact"), default=dict, blank=True)
    safe_times = EncryptedTextField(_("more about safe times"), blank=True)
    never = models.JSONField(_("never do this"), default=list)
    never_other = EncryptedTextField(_("anything else that must never be done"), blank=True)
    code_word = EncryptedTextField(_("code word"), blank=True)
    caller_may_identify = models.BooleanField(_("the caller may say who they are"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    @property
    def windows(self) -> list[SafeWindow]:
        """The safe times as windows; none means the arrangement sets no time limit."""
        return [SafeWindow.from_data(data) for data in (self.safe_windows or {}).get("windows", [])]

    @property
    def safe_hours(self) -> str:
        """The safe times as one line of text, as they are typed and shown."""
        return "; ".join(str(window) for window in self.windows)

    CHANNEL_LABELS = {
        Channel.PHONE_CALL: _("Phone call to the safe number"),
        Channel.TEXT_MESSAGE: _("Text message to the safe number"),
        Channel.VOICEMAIL: _("Voicemail"),
        Channel.EMAIL: _("Email to the safe address"),
        Channel.LETTER: _("Letter"),
        Channel.HOME_VISIT: _("Visit at home"),
        Channel.VIA_THIRD_PARTY: _("Through the trusted third party"),
        Channel.AT_WORK: _("At work"),
        Channel.IN_PERSON_ELSEWHERE: _("In person at an agreed safe place"),
    }
    NEVER_LABELS = {
        Never.VOICEMAIL: _("Never leave a voicemail"),
        Never.LETTERS_HOME: _("Never send letters home"),
        Never.LANDLINE: _("Never call the landline"),
        Never.HOME_VISITS: _("Never visit the home"),
        Never.UNIFORMED_OFFICERS: _("Never send uniformed officers"),
        Never.MARKED_CARS: _("Never use a marked car"),
        Never.TEXT_MESSAGES: _("Never send text messages"),
        Never.CONTACT_AT_WORK: _("Never make contact at work"),
        Never.WITHHELD_NUMBER: _("Never call from a withheld number"),
    }

    def __str__(self) -> str:
        return f"Safe contact for {self.case}"

    def allowed_labels(self) -> list[str]:
        return [str(self.CHANNEL_LABELS[Channel(c)]) for c in self.allowed_channels]

    def never_labels(self) -> list[str]:
        return [str(self.NEVER_LABELS[Never(n)]) for n in self.never]


class ConfidentialLocation(Submitted):
    """Where the victim is: hidden by default, revealed only with a need to know, every reveal audited."""

    class Kind(models.TextChoices):
        CURRENT_ADDRESS = "current_address", _("Current address")
        REFUGE = "refuge", _("Refuge")
        TEMPORARY = "temporary", _("Temporary accommodation")
        WORKPLACE = "workplace", _("Workplace")
        SCHOOL = "school", _("Children's school or nursery")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="locations")
    kind = models.CharField(_("kind of place"), max_length=20, choices=Kind.choices)
    address = EncryptedTextField(_("address"))
    notes = EncryptedTextField(_("notes"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-is_current", "-created_at"]

    def __str__(self) -> str:
        # Never the address: this string can reach logs, lists and page titles.
        return f"{self.get_kind_display()} ({self.case})"


class Handover(models.Model):
    class Duty(models.TextChoices):
        RESPONSIBLE_OFFICER = "responsible_officer", _("Responsible officer")
        SPOC = "spoc", _("Single point of contact")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    duty = models.CharField(max_length=20, choices=Duty.choices)
    from_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="handovers_received")
    reason = EncryptedTextField(_("reason"))
    handed_over_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-handed_over_at"]

    def __str__(self) -> str:
        return f"{self.get_duty_display()} handover ({self.case})"


class CaseShare(Submitted):
    """Another team's access to a case, until it expires or is revoked."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="shared_cases")
    reason = EncryptedTextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"Share of {self.case} with {self.team_id}"


class BreakGlassAccess(models.Model):
    """A supervisor's time-limited emergency access to a case outside their team."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="break_glass")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    # The team the supervisor was in when access was given: access ends when they leave it
    # (and when the team is deleted, which empties this).
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    reason = EncryptedTextField(_("reason"))
    opened_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return f"Break-glass access to {self.case}"

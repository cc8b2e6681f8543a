"""Case events, the obligations they create, and the record of telling the victim.

Event types and their rules are content (safeplan/content/events.yaml), not model choices:
a deployment can change the rules without a migration, and each event keeps the version of
the rules its obligations were computed under.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.appendonly import AppendOnlyModel
from safeplan.cases.models import Case, SafeContact
from safeplan.content.events import EventType, event_rules
from safeplan.domain.contact import Channel
from safeplan.domain.workdays import london_day
from safeplan.encryption import EncryptedTextField
from safeplan.idempotent import Submitted
from safeplan.timeline import eventdata


class CaseEvent(Submitted):
    """Something that happened in the case: an arrest, a bail decision, a hearing, a withdrawal."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    type = models.CharField(_("type"), max_length=80)
    rules_version = models.PositiveIntegerField()
    occurred_at = models.DateTimeField(_("when it happened"))
    # When the result reached the case from the court: the notify clock of a court outcome runs from it.
    received_at = models.DateTimeField(_("when the result was received"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    details = EncryptedTextField(_("notes"), blank=True)
    # The type's own fields (bail conditions, hearing date and place...) as JSON, encrypted:
    # they are written in plain words for the victim and can say where the victim goes.
    fields_json = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "type", "occurred_at"]),
            # The timeline, newest first a page at a time (web.pagination.keyset).
            models.Index(fields=["case", "-occurred_at", "-id"], name="timeline_event_list"),
        ]

    def __str__(self) -> str:
        # Never the details: this string can reach logs and page titles.
        return f"{self.type} ({self.case_id})"

    @property
    def event_type(self) -> EventType:
        return event_rules().by_id(self.type)

    @property
    def fields(self) -> dict[str, Any]:
        """Return the type's fields as Python values (dates, times, booleans, text)."""
        cached = self.__dict__.get("_fields")
        if cached is None:
            cached = eventdata.load(self.event_type, json.loads(self.fields_json) if self.fields_json else {})
            self.__dict__["_fields"] = cached
        return cached

    def field_rows(self) -> list[eventdata.FieldRow]:
        """Return each recorded field with its label and value, in the order the type declares them."""
        return eventdata.rows(self.event_type, self.fields)

    def set_fields(self, values: dict[str, Any]) -> None:
        self.fields_json = json.dumps(eventdata.dump(values), sort_keys=True) if values else ""
        self.__dict__["_fields"] = dict(values)


class Obligation(models.Model):
    """Something someone must do by a deadline: because of an event, or because of a risk assessment.

    An event asks for notifications, reassessments and plan reviews. A risk assessment asks
    for its routine review, for a MARAC decision when it meets the referral criteria, and for
    a supervisor to check a checklist that lowered the case's grade.
    """

    class Kind(models.TextChoices):
        NOTIFY = "notify", _("Tell the victim")
        REASSESS = "reassess", _("Reassess the risk")
        REVIEW_PLAN = "review_plan", _("Review the safety plan")
        REVIEW_RISK = "review_risk", _("Routine risk review")
        MARAC_DECISION = "marac_decision", _("Decide on a MARAC referral")
        CHECK_LOWERED_GRADE = "check_lowered_grade", _("Check a lowered risk grade")

    class OwnerRole(models.TextChoices):
        SPOC = "spoc", _("Single point of contact")
        WITNESS_CARE = "witness_care", _("Witness care")
        RESPONSIBLE_OFFICER = "responsible_officer", _("Responsible officer")
        SUPERVISOR = "supervisor", _("Supervisor")

    class Completion(models.TextChoices):
        NOTIFIED = "notified", _("The victim was told")
        ASSESSMENT = "assessment", _("A new risk assessment was recorded")
        PLAN_VERSION = "plan_version", _("The safety plan was reviewed")
        MANUAL = "manual", _("Done, with a note")
        VICTIM_OPTED_OUT = "victim_opted_out", _("The victim asked not to be told about this")
        TOLD_BY_OTHER_AGENCY = "told_by_other_agency", _("Another agency told the victim")
        MARAC_DECISION = "marac_decision", _("A MARAC decision was recorded")
        NOT_NEEDED = "not_needed", _("Not needed, with the reason (the case was closing)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="obligations")
    # The event that asked for it; None when a risk assessment did (asked_by_assessment_id).
    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="obligations", null=True, blank=True)
    # Set by the risk app (which sits above this one, hence no foreign key).
    asked_by_assessment_id = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    owner_role = models.CharField(max_length=20, choices=OwnerRole.choices)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="obligations")
    # True when the rule gives the obligation to witness care but nobody in witness care can
    # open the case, so the single point of contact holds it.
    owner_fallback = models.BooleanField(default=False)
    working_days = models.PositiveSmallIntegerField()
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completion = models.CharField(max_length=30, choices=Completion.choices, blank=True)
    completion_note = EncryptedTextField(_("note"), blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Filled by the plans and risk apps when a new plan version or assessment answers the obligation.
    answered_by_plan_version_id = models.PositiveBigIntegerField(null=True, blank=True)
    answered_by_assessment_id = models.PositiveBigIntegerField(null=True, blank=True)
    answered_by_marac_decision_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["owner", "done_at", "due_at"]),
            models.Index(fields=["case", "kind", "done_at"]),
            models.Index(fields=["done_at", "due_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_at__isnull=True, done_by__isnull=True)
                | models.Q(done_at__isnull=False, done_by__isnull=False),
                name="obligation_done_has_who",
            ),
            models.CheckConstraint(
                condition=models.Q(event__isnull=False) | models.Q(asked_by_assessment_id__isnull=False),
                name="obligation_has_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for case {self.case_id} due {self.due_at:%Y-%m-%d}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    def state(self, now: datetime | None = None) -> str:
        """Return "done", "done_late", "overdue", "due_today" or "upcoming"."""
        now = now or timezone.now()
        if self.done_at is not None:
            return "done_late" if self.done_at > self.due_at else "done"
        if self.due_at < now:
            return "overdue"
        if london_day(self.due_at) == london_day(now):
            return "due_today"
        return "upcoming"


class NotificationRecord(models.Model):
    """A time the victim was told, or someone tried to tell them, about a development."""

    class Outcome(models.TextChoices):
        TOLD = "told", _("The victim was told")
        NOT_REACHED = "not_reached", _("Tried, but could not reach the victim safely")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notifications")
    obligation = models.ForeignKey(Obligation, on_delete=models.PROTECT, related_name="notifications")
    notified_at = models.DateTimeField(_("when"))
    notified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(
        _("how"), max_length=30, choices=[(c.value, SafeContact.CHANNEL_LABELS[c]) for c in Channel]
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    what_was_said = EncryptedTextField(_("what was said"))
    # A contact outside the victim's safe times is recorded only as an emergency, with the reason.
    emergency = models.BooleanField(_("an emergency, outside the safe times"), default=False)
    emergency_reason = EncryptedTextField(_("why it could not wait"), blank=True)
    # The contact in the case's contact log that told the victim (one contact may answer several).
    contact = models.ForeignKey(
        "Contact", on_delete=models.PROTECT, null=True, blank=True, related_name="notifications"
    )

    class Meta:
        ordering = ["notified_at", "pk"]

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome} for obligation {self.obligation_id}"


class ChecklistTick(models.Model):
    """One point of the withdrawal statement checklist, ticked by the officer."""

    event = models.ForeignKey(CaseEvent, on_delete=models.CASCADE, related_name="checklist_ticks")
    item_id = models.CharField(max_length=80)
    ticked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ticked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["ticked_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "item_id"], name="checklist_tick_once")]

    def __str__(self) -> str:
        return f"{self.item_id} on event {self.event_id}"


class CaseNote(AppendOnlyModel, Submitted):
    """A practitioner's note on the case. Never edited: a correction is a new note that supersedes it, with a reason."""

    correction_hint = "write a correction, which supersedes it with a reason"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    text = EncryptedTextField(_("note"))
    # The note this one corrects; the original stays, shown as corrected, with the reason.
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    correction_reason = EncryptedTextField(_("why it is corrected"), blank=True)

    class Meta:
        ordering = ["-written_at", "-pk"]
        indexes = [models.Index(fields=["case", "written_at"])]

    def __str__(self) -> str:
        # Never the text: this string can reach logs and page titles.
        return f"Note {self.pk} ({self.case_id})"


class Contact(AppendOnlyModel, Submitted):
    """A contact with the victim, or an attempt at one, checked against the safe contact arrangement.

    A contact the professional made (outgoing) by a channel the arrangement does not allow, or
    outside the safe times, is recorded only as an emergency with the reason: truthfully, audited,
    and shown to the supervisor. One the victim made (incoming) is hers to make and is not checked.
    """

    correction_hint = "record a note that corrects it"

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("We contacted the victim")
        INCOMING = "incoming", _("The victim contacted us")

    class Outcome(models.TextChoices):
        SPOKE = "spoke", _("Spoke with the victim")
        MESSAGE_LEFT = "message_left", _("Left a message by an agreed way")
        NO_ANSWER = "no_answer", _("No answer")
        NOT_SAFE = "not_safe", _("The victim could not talk safely")
        SOMEONE_ELSE = "someone_else", _("Someone else answered: nothing was said")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    contacted_at = models.DateTimeField(_("when"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    channel = models.CharField(
        _("how"), max_length=30, choices=[(c.value, SafeContact.CHANNEL_LABELS[c]) for c in Channel]
    )
    direction = models.CharField(_("who made contact"), max_length=10, choices=Direction.choices)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    summary = EncryptedTextField(_("what was said or what happened"))
    # An outgoing contact the arrangement does not allow (the channel, the time or both), recorded
    # as an emergency with the reason: the supervisor sees it.
    against_arrangement = models.BooleanField(default=False)
    emergency_reason = EncryptedTextField(_("why it could not wait or be done another way"), blank=True)

    class Meta:
        ordering = ["-contacted_at", "-pk"]
        indexes = [
            models.Index(fields=["case", "contacted_at"]),
            models.Index(fields=["against_arrangement", "contacted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.outcome} ({self.case_id})"

    @property
    def told(self) -> bool:
        """Whether the victim heard what the professional had to say."""
        return self.outcome == self.Outcome.SPOKE

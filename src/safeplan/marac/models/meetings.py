"""MARAC meetings: the agenda of accepted referrals, the agencies invited, who attended and what was recorded.

Who sees what is decided in safeplan.marac.selectors.access (need to know); these models only
hold the facts it decides from: the invitation, the circulation of the agenda, the meeting's
time, and the open actions an agency holds.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency
from safeplan.cases.models import Case, ConfidentialLocation
from safeplan.domain import maracmeeting as rules
from safeplan.domain.workdays import london_day
from safeplan.encryption import EncryptedTextField
from safeplan.idempotent import Submitted
from safeplan.marac.models.areas import MaracArea, Neighbourhood
from safeplan.marac.models.referrals import MaracReferral
from safeplan.versioned import Versioned


class MaracMeeting(models.Model):
    """One meeting of a MARAC: its time, place, chair, agenda and the state of its minutes."""

    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="meetings")
    meets_at = models.DateTimeField(_("when it meets"))
    venue = models.CharField(_("where (or how) it meets"), max_length=200, blank=True)
    chair = models.CharField(_("chair"), max_length=200, blank=True)
    agenda_circulated_at = models.DateTimeField(null=True, blank=True)
    agenda_circulated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    held_at = models.DateTimeField(null=True, blank=True)
    minutes_due_at = models.DateTimeField(null=True, blank=True)
    minutes_issued_at = models.DateTimeField(null=True, blank=True)
    minutes_issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # When the coordinators were told the minutes are overdue (once; safeplan.marac.services.escalation).
    minutes_escalated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-meets_at", "-pk"]
        indexes = [models.Index(fields=["area", "-meets_at"], name="marac_meeting_area")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(minutes_issued_at__isnull=True) | models.Q(held_at__isnull=False),
                name="marac_minutes_after_meeting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} meeting {self.pk}"

    @property
    def meets_on(self) -> date:
        return london_day(self.meets_at)

    @property
    def agenda_cutoff(self) -> date:
        return rules.agenda_cutoff(self.meets_on, self.area.agenda_cutoff_working_days, self.area.nation)

    @property
    def access_ends_at(self) -> datetime:
        return rules.access_ends(self.meets_at, self.area.access_days_after)

    def minutes_overdue(self, now: datetime | None = None) -> bool:
        return bool(
            self.minutes_due_at and self.minutes_issued_at is None and self.minutes_due_at < (now or timezone.now())
        )


class MeetingInvitation(models.Model):
    """An agency invited to a meeting: only a signatory of the area's protocol in force can be."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.CASCADE, related_name="invitations")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "agency"], name="one_invitation_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency} invited to {self.meeting}"


class Attendance(models.Model):
    """A person at a meeting for an agency, or their apologies; each acknowledges the confidentiality statement."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Attended")
        APOLOGIES = "apologies", _("Sent apologies")

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.CASCADE, related_name="attendance")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)
    information_sent = models.BooleanField(_("sent their information before the meeting"), default=False)
    acknowledged_at = models.DateTimeField(_("acknowledged the confidentiality statement"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=models.Q(user__isnull=False), name="one_attendance_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency}) at {self.meeting}"


class AgendaItem(Versioned):
    """A case on a meeting's agenda: the accepted referral, and what the meeting recorded about it."""

    meeting = models.ForeignKey(MaracMeeting, on_delete=models.PROTECT, related_name="items")
    referral = models.OneToOneField(MaracReferral, on_delete=models.PROTECT, related_name="agenda_item")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    late = models.BooleanField(_("added after the cut-off"), default=False)
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)
    summary = EncryptedTextField(_("the chair's summary"), blank=True)
    risks = EncryptedTextField(_("the risks identified"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closing_note = EncryptedTextField(_("why the case is closed at MARAC"), blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique"),
        ]

    def __str__(self) -> str:
        return f"Agenda item {self.position} of {self.meeting}"


class ResearchNote(Submitted):
    """One agency's research for a case before the meeting: private to the agency unless marked to share."""

    class Kind(models.TextChoices):
        FACT = "fact", _("Fact from our records")
        OPINION = "opinion", _("Professional opinion")
        WITHHELD = "withheld", _("Held but not shared")

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="research")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = EncryptedTextField(_("what the records show"))
    withheld_reason = EncryptedTextField(_("why it is not shared"), blank=True)
    share = models.BooleanField(_("share at the meeting"), default=False)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name", "written_at", "pk"]
        indexes = [models.Index(fields=["item", "agency"], name="marac_research_item_agency")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="withheld") | models.Q(share=False), name="marac_withheld_never_shared"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.agency} ({self.item})"


class MaracAction(models.Model):
    """An action of the risk management plan: owned by an agency and a named person, due on a day."""

    class Part(models.TextChoices):
        VICTIM = rules.VICTIM, _("The victim")
        CHILDREN = rules.CHILDREN, _("The children")
        OTHER_ADULTS = rules.OTHER_ADULTS, _("Other adults at risk")
        PERPETRATOR = rules.PERPETRATOR, _("The perpetrator")

    class State(models.TextChoices):
        OPEN = rules.OPEN, _("Open")
        DONE = rules.DONE, _("Done")
        COULD_NOT = rules.COULD_NOT, _("Could not be done: circumstances changed")
        NOT_DONE = rules.NOT_DONE, _("Not done by the agency")

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    part = models.CharField(_("who it protects"), max_length=20, choices=Part.choices)
    menu_id = models.CharField(max_length=60, blank=True)
    menu_version = models.PositiveIntegerField(null=True, blank=True)
    text = EncryptedTextField(_("the action"))
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    owner = models.CharField(_("named owner"), max_length=200)
    due_on = models.DateField(_("due"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    state_reason = EncryptedTextField(_("reason"), blank=True)
    # A confidential location the owning team chose to share with the action's agency, for this action only.
    shared_location = models.ForeignKey(
        ConfidentialLocation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The latest meeting at which the action, still open, came up for review.
    carried_to = models.ForeignKey(
        MaracMeeting, on_delete=models.PROTECT, null=True, blank=True, related_name="carried_actions"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["case", "agency", "state"], name="marac_action_agency_open"),
            models.Index(fields=["state", "due_on"], name="marac_action_overdue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state=rules.OPEN, closed_at__isnull=True)
                | (~models.Q(state=rules.OPEN) & models.Q(closed_at__isnull=False)),
                name="marac_action_closed_has_when",
            ),
        ]

    def __str__(self) -> str:
        return f"MARAC action {self.pk} ({self.agency})"

    def is_overdue(self, today: date | None = None) -> bool:
        return rules.is_overdue(self.state, self.due_on, today or timezone.localdate())


class VictimUpdate(Submitted):
    """What the IDVA (or the referrer) passed on to the victim after the meeting, and by which channel."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="victim_updates")
    channel = models.CharField(_("how"), max_length=30)
    passed_on = EncryptedTextField(_("what was passed on"))
    told_at = models.DateTimeField(_("when"))
    # A contact outside the victim's safe times is recorded only as an emergency, with the reason.
    emergency = models.BooleanField(_("an emergency, outside the safe times"), default=False)
    emergency_reason = EncryptedTextField(_("why it could not wait"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-told_at", "-pk"]

    def __str__(self) -> str:
        return f"Victim update for {self.item}"

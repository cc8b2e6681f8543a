"""Forms for the timeline pages. Rules that need the database or the content live in the services."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import User
from safeplan.cases.models import SafeContact
from safeplan.content.events import EventField, EventType, event_rules
from safeplan.domain.contact import Channel
from safeplan.timeline.models import NotificationRecord, Obligation
from safeplan.timeline.services import NOTIFY_COMPLETIONS
from safeplan.web.fields import DateField, OnceForm, RadiosField, TextField, TimeField

LONDON = ZoneInfo("Europe/London")


def _text(value: Any) -> str:
    return str(value.get(get_language()))


def london(day: date | None, moment: time | None) -> datetime | None:
    """Return the day and time as a moment in Europe/London, or None if either is missing."""
    if day is None or moment is None:
        return None
    return datetime.combine(day, moment, tzinfo=LONDON)


class QueueFilterForm(forms.Form):
    """Narrow a work queue to one kind of obligation and, on the team's queue, one owner."""

    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Every kind")), *Obligation.Kind.choices], required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )

    def __init__(self, *args: Any, team_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if team_id is None:
            del self.fields["owner"]
        else:
            people = User.objects.people().filter(team_id=team_id, is_active=True).order_by("first_name")
            self.fields["owner"].queryset = people  # type: ignore[attr-defined]

    def narrow(self, rows: Any) -> Any:
        """Return the rows narrowed by whichever filters were given and valid."""
        if not self.is_valid():
            return rows
        if self.cleaned_data["kind"]:
            rows = rows.filter(kind=self.cleaned_data["kind"])
        if self.cleaned_data.get("owner") is not None:
            rows = rows.filter(owner=self.cleaned_data["owner"])
        return rows


class TimelineFilterForm(forms.Form):
    """Narrow a case's timeline to one kind of event."""

    type = forms.ChoiceField(label=_("Kind of event"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [("", _("Every kind")), *((e.id, _text(e.label)) for e in event_rules().event_types)]
        self.fields["type"].choices = kinds  # type: ignore[attr-defined]


class EventTypeForm(forms.Form):
    type = RadiosField(label=_("What happened?"), required_message=_("Select what happened"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [(e.id, _text(e.label)) for e in event_rules().event_types]  # type: ignore[attr-defined]


def _yaml_field(field: EventField) -> forms.Field:
    label = _text(field.label)
    # Content labels are headings in their own right ("Bail granted by"): quote them in errors.
    quoted = format_lazy(_("“{label}”"), label=label)
    answer = format_lazy(_("Answer “{label}”"), label=label)
    help_text = _text(field.help) if field.help else ""
    if field.kind == "text":
        return TextField(label=label, help_text=help_text, required=field.required, required_message=answer)
    if field.kind == "date":
        extra: dict[str, Any] = {"help_text": help_text} if help_text else {}
        return DateField(label=label, subject=quoted, required=field.required, **extra)
    if field.kind == "time":
        return TimeField(label=label, subject=quoted, required=field.required)
    if field.kind == "choice":
        return RadiosField(
            label=label,
            help_text=help_text,
            required=field.required,
            choices=[(c.id, _text(c.label)) for c in field.choices],
            required_message=answer,
        )
    # yes_no: radios, so that "no" is an answer rather than an unticked box.
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        required=field.required,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={"required": answer},
    )


class EventForm(OnceForm):
    """When it happened, the type's own fields from events.yaml, and notes; sent twice, it records once."""

    FIXED = ("occurred_on", "occurred_time", "received_on", "received_time", "details")

    occurred_on = DateField(label=_("Date it happened"), subject=_("the date it happened"), past=True)
    occurred_time = TimeField(label=_("Time it happened"), subject=_("the time it happened"))
    received_on = DateField(
        label=_("Date the result reached you"), subject=_("the date the result reached you"), past=True, required=False
    )
    received_time = TimeField(
        label=_("Time the result reached you"), subject=_("the time the result reached you"), required=False
    )

    def __init__(self, *args: Any, event_type: EventType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event_type = event_type
        counts_from_receipt = event_type.notify is not None and event_type.notify.counted_from == "information_received"
        if counts_from_receipt:
            self.fields["received_on"].help_text = _(
                "The deadline to tell the victim runs from when the result reached you. "
                "Leave these empty if it was at the time it happened."
            )
        else:
            del self.fields["received_on"]
            del self.fields["received_time"]
        for field in event_type.fields:
            if field.id in self.FIXED:
                raise ValueError(f"event field {field.id!r} clashes with a form field")
            self.fields[field.id] = _yaml_field(field)
        self.fields["details"] = TextField(
            label=_("Notes"),
            help_text=_("Anything else the team needs to know. Kept encrypted."),
            rows=4,
            max_length=None,
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        half_given = bool(data.get("received_on")) != bool(data.get("received_time"))
        already_wrong = self.has_error("received_on") or self.has_error("received_time")
        if "received_on" in self.fields and half_given and not already_wrong:
            self.add_error("received_on", _("Give both the date and the time the result reached you, or neither."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_at": london(data["occurred_on"], data["occurred_time"]),
            "received_at": london(data.get("received_on"), data.get("received_time")),
            "details": data.get("details", ""),
            "fields": {f.id: data[f.id] for f in self.event_type.fields if data.get(f.id) not in (None, "")},
            "submission": data["submission"],
        }


# Where a service error about a moment goes on the form.
MOMENT_FIELDS = {
    "occurred_at": "occurred_on",
    "received_at": "received_on",
    "notified_at": "notified_on",
    "type": None,
}


class NotificationForm(forms.Form):
    notified_on = DateField(label=_("Date"), subject=_("the date you made contact"), past=True)
    notified_time = TimeField(label=_("Time"), subject=_("the time you made contact"))
    channel = RadiosField(
        label=_("How did you make contact?"),
        help_text=_("Only a way the safe contact arrangement allows is accepted."),
        choices=[(c.value, SafeContact.CHANNEL_LABELS[c]) for c in Channel],
        required_message=_("Select how you made contact"),
    )
    outcome = RadiosField(
        label=_("Was the victim told?"),
        choices=NotificationRecord.Outcome.choices,
        required_message=_("Select whether the victim was told"),
    )
    what_was_said = TextField(
        label=_("What you told the victim, or what happened when you tried"),
        rows=5,
        help_text=_("Kept encrypted."),
        required=True,
        required_message=_("Enter what you told the victim, or what happened when you tried"),
        max_length=None,
    )
    emergency = forms.BooleanField(
        label=_("It was an emergency and could not wait for a safe time"),
        required=False,
        help_text=_("Only if the contact was outside the victim's safe times. Your supervisor can see it."),
    )
    emergency_reason = TextField(
        label=_("Why it could not wait"),
        rows=3,
        required=False,
        help_text=_("Kept encrypted."),
        max_length=None,
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "notified_at": london(data["notified_on"], data["notified_time"]),
            "channel": data["channel"],
            "outcome": data["outcome"],
            "what_was_said": data["what_was_said"],
            "emergency": bool(data.get("emergency")),
            "emergency_reason": data.get("emergency_reason", ""),
        }


class CompleteForm(forms.Form):
    note = TextField(
        label=_("What was done"),
        rows=4,
        help_text=_("For example, where the reassessment or the plan review is recorded. Kept encrypted."),
        required=True,
        required_message=_("Enter what was done"),
        max_length=None,
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if kind == Obligation.Kind.NOTIFY:
            self.fields = {
                "reason": RadiosField(
                    label=_("Why are you not recording a notification?"),
                    choices=[(c.value, c.label) for c in NOTIFY_COMPLETIONS],
                    required_message=_("Select why you are not recording a notification"),
                ),
                **self.fields,
            }
            self.fields["note"].help_text = _("Who told the victim and when, or when the victim asked not to be told.")


class ChecklistForm(forms.Form):
    statement = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    background_report = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        withdrawal = event_rules().withdrawal
        for name, checklist in (
            ("statement", withdrawal.statement),
            ("background_report", withdrawal.background_report),
        ):
            self.fields[name].label = _text(checklist.title)
            self.fields[name].choices = [(item.id, _text(item.text)) for item in checklist.items]  # type: ignore[attr-defined]

    def ticked(self) -> list[str]:
        return [*self.cleaned_data["statement"], *self.cleaned_data["background_report"]]

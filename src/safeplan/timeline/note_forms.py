"""Forms for case notes and the contact log. The safe contact rule is the service's (timeline.notes)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.cases.models import SafeContact
from safeplan.domain.contact import Channel
from safeplan.timeline.forms import london
from safeplan.timeline.models import Contact, Obligation
from safeplan.web.fields import DateField, OnceForm, RadiosField, TextField, TimeField


class NoteForm(OnceForm):
    text = TextField(
        label=_("Note"),
        rows=6,
        help_text=_("Kept encrypted. A note cannot be changed later, only corrected with a reason."),
        required=True,
        required_message=_("Write the note"),
        max_length=None,
    )


class NoteCorrectForm(OnceForm):
    text = TextField(
        label=_("Corrected note"),
        rows=6,
        help_text=_("The original stays in the history, marked as corrected."),
        required=True,
        required_message=_("Write the corrected note"),
        max_length=None,
    )
    reason = TextField(
        label=_("Why is it corrected?"),
        rows=3,
        required=True,
        required_message=_("Say why the note is corrected"),
        max_length=None,
    )


class ContactForm(OnceForm):
    contacted_on = DateField(label=_("Date"), subject=_("the date of the contact"), past=True)
    contacted_time = TimeField(label=_("Time"), subject=_("the time of the contact"))
    direction = RadiosField(
        label=_("Who made contact?"),
        choices=Contact.Direction.choices,
        required_message=_("Select who made contact"),
    )
    channel = RadiosField(
        label=_("How?"),
        help_text=_("A contact you make is checked against the safe contact arrangement and its safe times."),
        choices=[(c.value, SafeContact.CHANNEL_LABELS[c]) for c in Channel],
        required_message=_("Select how contact was made"),
    )
    outcome = RadiosField(
        label=_("What happened?"),
        choices=Contact.Outcome.choices,
        required_message=_("Select what happened"),
    )
    summary = TextField(
        label=_("What was said, or what happened"),
        rows=5,
        help_text=_("Kept encrypted."),
        required=True,
        required_message=_("Write what was said, or what happened"),
        max_length=None,
    )
    answers = forms.TypedMultipleChoiceField(
        label=_("Developments the victim was told about in this contact"),
        help_text=_("Each one ticked is marked as told if you spoke with the victim, or as an attempt otherwise."),
        choices=[],
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    emergency = forms.BooleanField(
        label=_("It was an emergency: it could not wait for a safe time or be made another way"),
        required=False,
        help_text=_("Only for a contact the arrangement does not allow. It is marked and your supervisor sees it."),
    )
    emergency_reason = TextField(
        label=_("Why it could not wait or be done another way"),
        rows=3,
        required=False,
        help_text=_("Kept encrypted."),
        max_length=None,
    )

    def __init__(self, *args: Any, waiting: Iterable[Obligation] = (), labels: dict[int, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(o.pk, labels[o.pk]) for o in waiting]
        if choices:
            self.fields["answers"].choices = choices  # type: ignore[attr-defined]
        else:
            del self.fields["answers"]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "contacted_at": london(data["contacted_on"], data["contacted_time"]),
            "channel": data["channel"],
            "direction": data["direction"],
            "outcome": data["outcome"],
            "summary": data["summary"],
            "emergency": bool(data.get("emergency")),
            "emergency_reason": data.get("emergency_reason", ""),
            "answers": data.get("answers", []),
            "submission": data.get("submission"),
        }

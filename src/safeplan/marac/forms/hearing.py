"""The case team's form for what the victim was told after the meeting (the safe contact rule is the service's)."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.cases.models import SafeContact
from safeplan.domain.contact import Channel
from safeplan.timeline.forms import london
from safeplan.web.fields import DateField, OnceForm, RadiosField, TextField, TimeField


class VictimUpdateForm(OnceForm):
    told_on = DateField(label=_("Date"), subject=_("the date you made contact"), past=True)
    told_time = TimeField(label=_("Time"), subject=_("the time you made contact"))
    channel = RadiosField(
        label=_("How did you make contact?"),
        help_text=_("Only a way the safe contact arrangement allows is accepted."),
        choices=[(c.value, SafeContact.CHANNEL_LABELS[c]) for c in Channel],
        required_message=_("Select how you made contact"),
    )
    passed_on = TextField(
        label=_("What you passed on from the meeting"),
        rows=5,
        help_text=_("Kept encrypted. Never what another agency shared in confidence."),
        required=True,
        required_message=_("Write down what you passed on to the victim."),
    )
    emergency = forms.BooleanField(
        label=_("It was an emergency and could not wait for a safe time"),
        required=False,
        help_text=_("Only if the contact was outside the victim's safe times. Your supervisor can see it."),
    )
    emergency_reason = TextField(label=_("Why it could not wait"), rows=3)

    def told_at(self) -> datetime | None:
        return london(self.cleaned_data.get("told_on"), self.cleaned_data.get("told_time"))

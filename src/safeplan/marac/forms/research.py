"""Forms of the MARAC case pages: an agency's research note, the chair's record, telling the victim, closure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.marac.models import ResearchNote
from safeplan.web.fields import OnceForm, RadiosField, TextField, VersionedForm


class ResearchForm(OnceForm):
    kind = RadiosField(
        label=_("What is it?"),
        choices=ResearchNote.Kind.choices,
        required_message=_("Select whether it is a fact, an opinion, or held but not shared."),
    )
    text = TextField(
        label=_("What your agency's records show"),
        rows=5,
        required=True,
        required_message=_("Write what your agency's records show."),
    )
    withheld_reason = TextField(label=_("If it is held but not shared, why not?"))
    share = forms.BooleanField(label=_("Share at the meeting"), required=False)


class ItemRecordForm(VersionedForm):
    summary = TextField(label=_("The chair's summary"), rows=5)
    risks = TextField(label=_("The risks identified"), rows=5)


class ItemCloseForm(forms.Form):
    note = TextField(
        label=_("Why is the case closed at MARAC?"),
        required=True,
        required_message=_("Say why the case is closed at MARAC."),
    )

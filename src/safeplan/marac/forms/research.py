"""Forms of the MARAC case pages: an agency's research note, the chair's record, telling the victim, closure."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.cases.models import ConfidentialLocation
from safeplan.marac.models import MaracAction, ResearchNote
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


class LocationShareForm(forms.Form):
    action = RadiosField(label=_("For which action?"), choices=(), required_message=_("Choose the action."))
    location = RadiosField(label=_("Which place?"), choices=(), required_message=_("Choose the place to share."))

    def __init__(
        self,
        *args: Any,
        actions: list[MaracAction] | None = None,
        locations: list[ConfidentialLocation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actions = {str(a.pk): a for a in actions or []}
        self.locations = {str(p.pk): p for p in locations or []}
        action_field, location_field = self.fields["action"], self.fields["location"]
        assert isinstance(action_field, forms.ChoiceField)
        assert isinstance(location_field, forms.ChoiceField)
        action_field.choices = [(key, f"{a.agency.name}: {a.text}") for key, a in self.actions.items()]
        location_field.choices = [
            (key, f"{p.get_kind_display()} ({p.created_at:%d %b %Y})") for key, p in self.locations.items()
        ]

"""Forms for the risk management plan's actions: add one at the meeting, close one afterwards."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency
from safeplan.content.marac_menu import MenuItem
from safeplan.marac.models import MaracAction
from safeplan.web.fields import DateField, RadiosField, TextField


class ActionForm(forms.Form):
    part = RadiosField(
        label=_("Who does the action protect?"),
        choices=MaracAction.Part.choices,
        required_message=_("Select who the action protects."),
    )
    menu_id = RadiosField(label=_("From the menu (for this risk grade)"), choices=(), required=False)
    text = TextField(label=_("Or write the action (it replaces the menu's words)"))
    agency = RadiosField(label=_("Owning agency"), choices=(), required_message=_("Choose the owning agency."))
    owner = TextField(
        label=_("Named owner"), rows=0, max_length=200, required=True, required_message=_("Name the owner.")
    )
    due_on = DateField(subject=_("the due date"), label=_("Due"))

    def __init__(
        self, *args: Any, menu: list[MenuItem] | None = None, agencies: list[Agency] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        language = get_language()
        self.agencies = {str(a.pk): a for a in agencies or []}
        menu_field = self.fields["menu_id"]
        agency_field = self.fields["agency"]
        assert isinstance(menu_field, forms.ChoiceField)
        assert isinstance(agency_field, forms.ChoiceField)
        menu_field.choices = [(item.id, item.text.get(language)) for item in menu or []]
        agency_field.choices = [(key, a.name) for key, a in self.agencies.items()]

    def chosen_agency(self) -> Agency:
        return self.agencies[self.cleaned_data["agency"]]


class CloseForm(forms.Form):
    state = RadiosField(
        label=_("How did the action end?"),
        choices=[c for c in MaracAction.State.choices if c[0] != MaracAction.State.OPEN],
        required_message=_("Select how the action ended."),
    )
    reason = TextField(label=_("If it was not done, why?"))

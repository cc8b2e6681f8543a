"""Forms of the perpetrator's orders, custody and management plan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import User
from safeplan.content.perpetrator_tactics import perpetrator_tactics
from safeplan.perpetrators.models import Custody, Order
from safeplan.timeline.forms import london
from safeplan.web.fields import DateField, RadiosField, TextField, TimeField

LONG = 5000


class OrderForm(forms.Form):
    kind = RadiosField(label=_("Kind"), choices=Order.Kind.choices, required_message=_("Select the kind of order"))
    conditions_plain = TextField(
        label=_("Conditions, in words the victim can understand"),
        rows=5,
        required=True,
        required_message=_("Write the conditions in words the victim can understand"),
        max_length=LONG,
    )
    notification_duties = TextField(
        label=_("Notification duties (what they must tell the police, and when)"), max_length=LONG
    )
    starts_on = DateField(subject=_("the date it starts"), label=_("Starts"))
    expires_on = DateField(
        subject=_("the date it ends"),
        label=_("Ends"),
        required=False,
        help_text=_("Leave empty if it has no end date."),
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class BreachForm(forms.Form):
    order = RadiosField(
        label=_("Which order was broken?"), choices=[], required_message=_("Choose the order that was broken")
    )
    when_on = DateField(subject=_("the date it happened"), label=_("Date"), past=True)
    when_time = TimeField(subject=_("the time it happened"), label=_("Time"))
    details = TextField(
        label=_("What happened"), rows=4, required=True, required_message=_("Say what happened"), max_length=LONG
    )

    def __init__(self, *args: Any, orders: Sequence[tuple[int, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["order"]
        assert isinstance(field, RadiosField)
        field.choices = [(str(pk), label) for pk, label in orders]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        moment: datetime | None = london(data["when_on"], data["when_time"])
        return {"order_id": int(data["order"]), "occurred_at": moment, "details": data["details"]}


class CustodyForm(forms.Form):
    status = RadiosField(
        label=_("Where are they?"), choices=Custody.Status.choices, required_message=_("Select where they are")
    )
    expected_release_on = DateField(
        subject=_("the expected release date"), label=_("Expected release date"), required=False
    )
    licence_conditions = TextField(label=_("Licence conditions, in plain words"), max_length=LONG)
    licence_ends_on = DateField(subject=_("the date the licence ends"), label=_("Licence ends"), required=False)
    managing_agency = TextField(label=_("Managing agency (for example probation)"), rows=0, max_length=200)
    mappa_category = forms.ChoiceField(
        label=_("MAPPA category"),
        choices=[("", _("Not MAPPA")), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4")],
        required=False,
    )
    mappa_level = forms.ChoiceField(
        label=_("MAPPA level"), choices=[("", _("Not MAPPA")), ("1", "1"), ("2", "2"), ("3", "3")], required=False
    )
    iom = forms.BooleanField(label=_("Managed under integrated offender management (IOM)"), required=False)
    reason = TextField(
        label=_("What changed, and how you know"),
        rows=2,
        required=True,
        required_message=_("Say what changed, and how you know"),
        max_length=2000,
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PlanForm(forms.Form):
    spoc = forms.ModelChoiceField(
        label=_("Single point of contact for the perpetrator"),
        queryset=User.objects.none(),
        error_messages={"required": _("Choose who in your agency is the perpetrator's single point of contact")},
    )
    tactics = forms.MultipleChoiceField(
        label=_("Diversion and disruption tactics"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one tactic")},
    )
    links = TextField(label=_("Links to MAPPA, IOM or other management"), max_length=2000)
    notes = TextField(label=_("Plan"), rows=5, max_length=LONG)

    def __init__(self, *args: Any, agency_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        spoc = self.fields["spoc"]
        assert isinstance(spoc, forms.ModelChoiceField)
        spoc.queryset = (
            User.objects.people()
            .filter(agency_id=agency_id, is_active=True, team__isnull=False)
            .order_by("first_name", "username")
        )
        tactics = self.fields["tactics"]
        assert isinstance(tactics, forms.MultipleChoiceField)
        language = get_language()
        tactics.choices = [(t.id, t.label.get(language)) for t in perpetrator_tactics().tactics]

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PlanReviewForm(forms.Form):
    decision = TextField(
        label=_("What was decided"),
        rows=4,
        required=True,
        required_message=_("Record what was decided"),
        max_length=LONG,
    )
    next_review_on = DateField(subject=_("the date of the next review"), label=_("Next review"))

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

"""Forms an admin fills in to set up a MARAC area."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency, Nation, User
from safeplan.domain.risk import instrument_factor_ids
from safeplan.marac.forms.fields import number_field
from safeplan.marac.models import MaracArea
from safeplan.marac.services.areas import MAX_ACCESS_DAYS, MAX_ESCALATION_INCIDENTS, MAX_WORKING_DAYS, AreaSettings
from safeplan.web.fields import DateField, RadiosField


class AreaForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the MARAC"), max_length=200, error_messages={"required": _("Enter the MARAC's name.")}
    )
    cadence = RadiosField(
        label=_("How often does it meet?"),
        choices=MaracArea.Cadence.choices,
        required_message=_("Choose how often it meets."),
    )
    nation = RadiosField(
        label=_("Whose bank holidays set its working days?"),
        choices=Nation.choices,
        required_message=_("Choose the nation."),
    )
    visible_high_risk_from = number_field(
        _("Visible high risk: yes answers on the risk checklist"),
        minimum=1,
        maximum=24,
        help_text=_("SafeLives recommends 14."),
    )
    escalation_incidents = number_field(
        _("Potential escalation: police-reported incidents in 12 months"),
        minimum=1,
        maximum=MAX_ESCALATION_INCIDENTS,
        help_text=_("SafeLives recommends 3."),
    )
    automatic_from = number_field(
        _("Referred automatically from this many yes answers (optional)"),
        minimum=1,
        maximum=24,
        required=False,
        help_text=_("Some areas take every case scoring 17 or more, with or without consent."),
    )
    consent_needed_below_automatic = forms.BooleanField(
        label=_("Below the automatic score, a referral needs the victim's consent"), required=False
    )
    agenda_cutoff_working_days = number_field(
        _("The agenda closes this many working days before the meeting"), minimum=0, maximum=MAX_WORKING_DAYS
    )
    minutes_working_days = number_field(
        _("Minutes are due this many working days after the meeting"),
        minimum=1,
        maximum=MAX_WORKING_DAYS,
        help_text=_("Many areas use 3."),
    )
    access_days_after = number_field(
        _("Partner agencies keep access to a case this many days after its meeting"),
        minimum=1,
        maximum=MAX_ACCESS_DAYS,
        help_text=_("Longer while the agency holds an open action on the case."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        factors = len(instrument_factor_ids("ric"))
        for name in ("visible_high_risk_from", "automatic_from"):
            self.fields[name] = number_field(
                self.fields[name].label,
                minimum=1,
                maximum=factors,
                required=self.fields[name].required,
                help_text=self.fields[name].help_text,
            )
        if editing:
            del self.fields["name"]

    def settings(self) -> AreaSettings:
        data = self.cleaned_data
        return AreaSettings(**{name: data[name] for name in AreaSettings.__dataclass_fields__})

    @staticmethod
    def initial_for(area: MaracArea) -> dict[str, Any]:
        return {name: getattr(area, name) for name in AreaSettings.__dataclass_fields__}


# A new area's form starts from the model's defaults, the one place they are written.
DEFAULTS = {
    field.name: field.default
    for field in MaracArea._meta.concrete_fields
    if field.name
    in {
        "nation",
        "visible_high_risk_from",
        "escalation_incidents",
        "agenda_cutoff_working_days",
        "minutes_working_days",
        "access_days_after",
    }
}


class UserChoices(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class CoordinatorsForm(forms.Form):
    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinators"] = UserChoices(
            label=_("Coordinators of this MARAC"),
            help_text=_("They receive its referrals, build its agendas and write its minutes."),
            queryset=candidates,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"invalid_choice": _("Choose coordinators from the list")},
        )


class NeighbourhoodForm(forms.Form):
    name = forms.CharField(
        label=_("Neighbourhood policing area"),
        max_length=200,
        error_messages={"required": _("Enter the neighbourhood's name.")},
    )


class ProtocolForm(forms.Form):
    version = forms.CharField(
        label=_("Version"), max_length=40, error_messages={"required": _("Enter the protocol's version.")}
    )
    in_force_from = DateField(label=_("In force from"), subject=_("the date it comes into force"))
    review_on = DateField(label=_("Review due"), subject=_("the date its review is due"))
    reference = forms.CharField(label=_("Where the signed document is kept (optional)"), max_length=300, required=False)


class AgencyChoice(forms.ModelChoiceField[Agency]):
    def label_from_instance(self, obj: Agency) -> str:
        return f"{obj.name} ({obj.get_kind_display()})"


class SignatureForm(forms.Form):
    signed_on = DateField(label=_("Signed on"), subject=_("the date it was signed"), past=True)
    signed_by = forms.CharField(
        label=_("Signed by (name and post)"),
        help_text=_("For example, the chief executive."),
        max_length=200,
        error_messages={"required": _("Enter who signed for the agency, and their post.")},
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"] = AgencyChoice(
            label=_("Agency"),
            queryset=agencies,
            empty_label=_("Choose an agency"),
            error_messages={
                "required": _("Choose the agency that signed"),
                "invalid_choice": _("Choose an agency from the list"),
            },
        )
        self.order_fields(["agency", "signed_on", "signed_by"])

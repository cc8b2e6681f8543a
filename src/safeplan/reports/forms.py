from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.reports.models import Answer, Gender, LateReason
from safeplan.reports.services import MOST_ADULT_WOMEN
from safeplan.web.fields import RadiosField, TextField, VersionedForm


class PopulationForm(forms.Form):
    adult_women = forms.IntegerField(
        label=_("Women aged 16 and over living in the area"),
        min_value=1,
        max_value=MOST_ADULT_WOMEN,
        error_messages={
            "required": _("Enter the number of women aged 16 and over."),
            "invalid": _("Enter the number of women aged 16 and over as a whole number, like 152000."),
            "min_value": _("Enter the number of women aged 16 and over, from 1 to 10,000,000."),
            "max_value": _("Enter the number of women aged 16 and over, from 1 to 10,000,000."),
        },
    )
    source = forms.CharField(
        label=_("Where the figure comes from"),
        max_length=200,
        help_text=_("For example: 2021 census, females aged 16 and over."),
        error_messages={"required": _("Say where the figure comes from (for example, the 2021 census).")},
    )


class EqualityForm(VersionedForm):
    """The victim's equality monitoring answers, in SafeLives' MARAC return categories."""

    minoritised = RadiosField(
        label=_("Is the victim Black, Asian or from another racially minoritised group?"),
        choices=Answer.choices,
        required_message=_("Select whether the victim is Black, Asian or racially minoritised, or not known"),
    )
    lgbt = RadiosField(
        label=_("Is the victim lesbian, gay, bisexual or trans?"),
        choices=Answer.choices,
        required_message=_("Select whether the victim is lesbian, gay, bisexual or trans, or not known"),
    )
    disabled = RadiosField(
        label=_("Is the victim disabled?"),
        choices=Answer.choices,
        required_message=_("Select whether the victim is disabled, or not known"),
    )
    gender = RadiosField(
        label=_("The victim's gender"),
        choices=Gender.choices,
        required_message=_("Select the victim's gender, or not known"),
    )


class LateReasonForm(VersionedForm):
    reason = RadiosField(
        label=_("Why did it miss its deadline?"),
        choices=LateReason.Reason.choices,
        required_message=_("Select why it was late"),
    )
    note = TextField(
        label=_("More about why (needed for another reason)"),
        required=False,
        help_text=_("The Victims' Code must be followed unless there is good reason: say what the reason was."),
    )

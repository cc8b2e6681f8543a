from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.reports.services import MOST_ADULT_WOMEN


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

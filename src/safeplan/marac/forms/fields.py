"""A whole-number field for the MARAC forms (dates, times, text and radios come from safeplan.web.fields)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def number_field(
    label: Any, *, minimum: int, maximum: int, required: bool = True, help_text: Any = ""
) -> forms.IntegerField:
    """Return a whole-number field whose every error says the range allowed."""
    message = _("Enter a whole number from %(min)s to %(max)s") % {"min": minimum, "max": maximum}
    return forms.IntegerField(
        label=label,
        required=required,
        help_text=help_text,
        min_value=minimum,
        max_value=maximum,
        error_messages={"required": message, "invalid": message, "min_value": message, "max_value": message},
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

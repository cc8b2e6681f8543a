"""The assessment form, built from an instrument's YAML.

Each factor is a field named by its factor id, so that the grading service's
errors (keyed by factor id) land on the right question.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeplan.content.instruments import Factor, Instrument
from safeplan.domain.risk import CHECKLIST_ID
from safeplan.risk.models import Level, Trigger, VictimView
from safeplan.web.fields import DateField, RadiosField, TextField

NO_JUDGEMENT = "none"


class AssessmentForm(forms.Form):
    trigger = RadiosField(
        label=_("What led to this assessment?"),
        choices=Trigger.choices,
        required_message=_("Select what led to this assessment."),
    )
    victim_view = RadiosField(
        label=_("What does the victim think the risk is?"),
        help_text=_("Ask them in their own terms. Their view is recorded with every assessment."),
        choices=VictimView.choices,
        required_message=_("Select the victim's own view of the risk."),
    )
    victim_account = TextField(
        label=_("The victim's account, in their own words (optional)"),
        help_text=_(
            "What they are afraid of and for whom, and anything else they want recorded. This is kept encrypted."
        ),
        rows=6,
    )
    incidents_last_12_months = forms.IntegerField(
        label=_("How many incidents have been reported in the last 12 months?"),
        help_text=_("Count every domestic abuse incident reported to any agency, including this one. Enter 0 if none."),
        min_value=0,
        max_value=999,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": _("Enter the number of incidents in the last 12 months, or 0."),
            "invalid": _("Enter the number of incidents as a whole number, like 2."),
            "min_value": _("The number of incidents cannot be below 0."),
            "max_value": _("Enter a number of incidents below 1000."),
        },
    )
    last_marac_referral = DateField(
        label=_("When was the case last referred to a MARAC? (optional)"),
        subject=_("the date of the last MARAC referral"),
        past=True,
        help_text=_("For example, 27 3 2025 or 2025-03-27. Leave empty if never."),
        required=False,
        error_messages={
            "invalid": _("Enter the date of the last MARAC referral as a real date, like 27 3 2025."),
            "future": _("The last MARAC referral must be today or in the past."),
        },
    )
    judgement = RadiosField(
        label=_("Does your professional judgement raise the grade?"),
        help_text=_(
            "Raise the grade when what you know points to more risk than the count of yes answers, for example "
            "one very serious factor. Judgement can never lower the grade."
        ),
        choices=[
            (NO_JUDGEMENT, _("No, keep the grade from the answers")),
            (Level.MEDIUM.value, _("Yes, raise it to medium")),
            (Level.HIGH.value, _("Yes, raise it to high")),
        ],
        initial=NO_JUDGEMENT,
        required_message=_("Select whether your professional judgement raises the grade."),
    )
    judgement_reason = TextField(
        label=_("Why does your judgement raise the grade?"),
        help_text=_("Needed only when you raise the grade."),
        rows=4,
    )
    notes = TextField(
        label=_("Other information (optional)"), help_text=_("For example, where information came from."), rows=3
    )
    trigger_event_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    # Shown before the questions; everything else after them.
    LEADING = ("trigger",)

    def __init__(self, *args: Any, instrument: Instrument, case_grade: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.case_grade = case_grade
        if instrument.id == CHECKLIST_ID and case_grade in (Level.MEDIUM, Level.HIGH):
            # Only a checklist can lower the case's grade, and only from above standard.
            self.fields["lowering_reason"] = TextField(
                label=_("If this checklist lowers the case's grade, why is the risk lower?"),
                help_text=_(
                    "The case is graded %(grade)s now. A lower grade needs a reason, and your supervisor is told. "
                    "Leave this empty if the grade does not go down."
                )
                % {"grade": Level(case_grade).label.lower()},
                rows=4,
            )
        language = get_language()
        options = [(str(option.value), option.label.get(language)) for option in instrument.answers]
        for number, factor in enumerate(instrument.factors, start=1):
            if factor.id in self.base_fields:
                raise ImproperlyConfigured(f"{instrument.id}: factor id {factor.id!r} clashes with a form field")
            self.fields[factor.id] = _factor_field(factor, number, options, language)
        self.order_fields([*self.LEADING, *instrument.factor_ids])

    def factor_fields(self) -> list[forms.BoundField]:
        """Return the bound fields of the questions, in the order they are asked."""
        return [self[factor_id] for factor_id in self.instrument.factor_ids]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        judgement = data.get("judgement")
        reason = (data.get("judgement_reason") or "").strip()
        if judgement and judgement != NO_JUDGEMENT and not reason:
            self.add_error("judgement_reason", _("Explain why your professional judgement raises the grade."))
        if judgement == NO_JUDGEMENT and reason:
            self.add_error("judgement_reason", _("Select the grade your judgement raises it to, or delete the reason."))
        return data

    def service_arguments(self) -> dict[str, Any]:
        """Return the cleaned data as the keyword arguments of services.assessment_create."""
        data = self.cleaned_data
        judgement = data["judgement"]
        return {
            "answers": {factor_id: data[factor_id] for factor_id in self.instrument.factor_ids},
            "trigger": data["trigger"],
            "trigger_event_id": data.get("trigger_event_id"),
            "victim_view": data["victim_view"],
            "victim_account": data.get("victim_account", ""),
            "incidents_last_12_months": data["incidents_last_12_months"],
            "last_marac_referral": data.get("last_marac_referral"),
            "judgement": None if judgement == NO_JUDGEMENT else judgement,
            "judgement_reason": data.get("judgement_reason", "") if judgement != NO_JUDGEMENT else "",
            "notes": data.get("notes", ""),
            "lowering_reason": data.get("lowering_reason", ""),
        }

    def draft_data(self, posted: Mapping[str, Any]) -> dict[str, str]:
        """Return the posted values of this form's fields as typed, for a draft."""
        return {name: str(posted.get(name, "")) for name in self.fields if posted.get(name, "") != ""}


def _factor_field(factor: Factor, number: int, options: list[tuple[str, str]], language: str | None) -> forms.Field:
    return forms.ChoiceField(
        label=f"{number}. {factor.question.get(language)}",
        help_text=factor.help.get(language),
        choices=options,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Question %(number)s: select yes, no or not known.") % {"number": number},
            "invalid_choice": _("Question %(number)s: select yes, no or not known.") % {"number": number},
        },
    )

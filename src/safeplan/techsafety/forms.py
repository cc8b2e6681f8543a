"""The tech safety check's intake form, built from the content file: one form for both sides.

The survivor space and the professional case ask the same questions (content/techcheck.yaml),
in the reader's language, so a translation is data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeplan.content.techcheck import NO, UNSURE, YES, TechCheck, tech_check
from safeplan.web.fields import RadiosField

YES_NO_LABELS = {YES: _("Yes"), NO: _("No"), UNSURE: _("Not sure")}


class TechCheckForm(forms.Form):
    """One field per intake question: radios for yes / no / not sure, checkboxes for the devices."""

    def __init__(self, *args: Any, check: TechCheck | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check = check or tech_check()
        language = get_language()
        for question in self.check.questions:
            label = question.text.get(language)
            hint = question.hint.get(language) if question.hint else ""
            if question.kind == "yes_no":
                self.fields[question.id] = RadiosField(
                    label=label,
                    help_text=hint,
                    choices=[(value, YES_NO_LABELS[value]) for value in question.values()],
                    required_message=_("Select yes, no or not sure"),
                )
            else:
                self.fields[question.id] = forms.MultipleChoiceField(
                    label=label,
                    help_text=hint,
                    choices=[(choice.id, choice.text.get(language)) for choice in question.choices],
                    widget=forms.CheckboxSelectMultiple,
                    required=False,
                    error_messages={"invalid_choice": _("Select only the choices shown")},
                )

    def answers(self) -> dict[str, str | list[str]]:
        """Return the answers by question id (call after is_valid)."""
        return {question.id: self.cleaned_data[question.id] for question in self.check.questions}

    @staticmethod
    def initial_from(answers: dict[str, list[str]]) -> dict[str, Any]:
        """Return the form's initial values from saved answers (question id -> list of values)."""
        check = tech_check()
        initial: dict[str, Any] = {}
        for question in check.questions:
            values = answers.get(question.id, [])
            if question.kind == "yes_no":
                if values:
                    initial[question.id] = values[0]
            else:
                initial[question.id] = values
        return initial

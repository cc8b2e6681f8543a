"""The tech safety check's intake form, built from the content file: one form for both sides.

The survivor space and the professional case ask the same questions (content/techcheck.yaml),
in the reader's language, so a translation is data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from safeplan.content.techcheck import NO, UNSURE, YES, TechCheck, tech_check
from safeplan.domain.techscan import PACKAGE_NAME
from safeplan.techsafety.device import ADB_COMMANDS, MAX_FILE_BYTES
from safeplan.web.fields import RadiosField, TextField

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


class ScanUploadForm(forms.Form):
    """The recorded outputs of the survivor's phone (see README, "Tech safety"), and apps not to flag."""

    packages = forms.FileField(
        label=_("App list (packages.txt)"),
        help_text=_("The output of: adb shell pm list packages -f -i -U"),
        error_messages={"required": _("Choose the app list (packages.txt)")},
    )
    allow = TextField(
        label=_("Apps not to flag for this scan, optional"),
        help_text=_(
            "Package names, one a line, for apps the victim knows and trusts. A stalkerware match is always shown."
        ),
        rows=3,
        max_length=4000,
    )
    device_note = TextField(
        label=_("Which phone, optional"), help_text=_("For example: her own phone."), rows=0, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The optional outputs, after the app list and before the allow list, in the order of OPTIONAL_OUTPUTS.
        fields = list(self.fields.items())
        optional = {
            part: forms.FileField(
                label=format_lazy(_("{what} ({part}.txt), optional"), what=what, part=part),
                help_text=format_lazy(_("The output of: adb shell {command}"), command=" ".join(ADB_COMMANDS[part])),
                required=False,
            )
            for part, what in OPTIONAL_OUTPUTS.items()
        }
        self.fields = dict([fields[0], *optional.items(), *fields[1:]])

    def clean_allow(self) -> list[str]:
        names = [line.strip() for line in str(self.cleaned_data.get("allow") or "").splitlines() if line.strip()]
        bad = [name for name in names if not PACKAGE_NAME.match(name)]
        if bad:
            raise forms.ValidationError(
                _("“%(name)s” is not a package name (for example com.example.app)") % {"name": bad[0][:60]}
            )
        return names

    def texts(self) -> dict[str, str]:
        """Return each uploaded output as text (call after is_valid); raise ValidationError if one is not text."""
        texts = {}
        for part in ("packages", *OPTIONAL_OUTPUTS):
            upload = self.cleaned_data.get(part)
            if upload is None:
                continue
            if upload.size > MAX_FILE_BYTES:
                raise forms.ValidationError({part: _("The file is larger than a phone's output can be")})
            try:
                texts[part] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError({part: _("The file is not text: record it again from the phone")}) from None
        return texts


OPTIONAL_OUTPUTS = {
    "settings_global": _("Global settings"),
    "settings_secure": _("Secure settings"),
    "device_admins": _("Device administrators"),
    "accessibility": _("Accessibility services"),
    "notification_listeners": _("Notification listeners"),
}

"""The form fields every page uses for dates, times and text, with GOV.UK error messages.

One list of the date formats people may type, one earliest date, one rule for dates that
cannot be in the future, and messages that name the field (never Django's "This field is
required."). Render them with the `govuk_field` tag (safeplan.web.templatetags.govuk).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Text

# Every way of typing a date that any form accepts: the GOV.UK pattern (27 3 2026), slashes
# and dashes with a two- or four-digit year, and ISO (2026-03-27). Order does not matter: no
# text matches two of them with different meanings.
DATE_INPUT_FORMATS = ("%d %m %Y", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%Y-%m-%d")
TIME_INPUT_FORMATS = ("%H:%M", "%H.%M", "%H:%M:%S")
# Nothing recorded here happened before 1900; an earlier year is a typing mistake (0026, 1026).
EARLIEST_DATE = date(1900, 1, 1)
DATE_HINT = _("For example, 27 3 2026.")
TIME_HINT = _("24-hour clock, for example 17:00.")
TEXT_LIMIT = 10_000


class DateField(forms.DateField):
    """A day typed as text: one list of formats, 1 1 1900 or later, and not after today if `past`.

    `subject` names the date in its errors, lower case, for example "the date it happened".
    """

    def __init__(self, *, subject: Text, past: bool = False, **kwargs: Any) -> None:
        named = capfirst(subject)
        messages = {
            "required": format_lazy(_("Enter {subject}"), subject=subject),
            "invalid": format_lazy(_("{subject} must be a real date, for example 27 3 2026"), subject=named),
            "too_early": format_lazy(_("{subject} must be 1 1 1900 or later"), subject=named),
            "future": format_lazy(_("{subject} must be today or in the past"), subject=named),
            **kwargs.pop("error_messages", {}),
        }
        kwargs.setdefault("help_text", DATE_HINT)
        super().__init__(input_formats=DATE_INPUT_FORMATS, error_messages=messages, **kwargs)
        self.past = past

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is None:
            return
        if value < EARLIEST_DATE:
            raise ValidationError(self.error_messages["too_early"], code="too_early")
        if self.past and value > timezone.localdate():
            raise ValidationError(self.error_messages["future"], code="future")


class TimeField(forms.TimeField):
    """A time of day on the 24-hour clock; `subject` names it in its errors."""

    def __init__(self, *, subject: Text, **kwargs: Any) -> None:
        messages = {
            "required": format_lazy(_("Enter {subject}"), subject=subject),
            "invalid": format_lazy(
                _("{subject} must be a real time on the 24-hour clock, for example 17:00"), subject=capfirst(subject)
            ),
            **kwargs.pop("error_messages", {}),
        }
        kwargs.setdefault("help_text", TIME_HINT)
        super().__init__(input_formats=TIME_INPUT_FORMATS, error_messages=messages, **kwargs)


class TextField(forms.CharField):
    """Free text: a textarea of `rows` lines (a one-line input when rows is 0), at most `max_length`.

    Optional unless `required`; a required one must say what to write when it is left empty
    (`required_message`, for example "Explain the decision").
    """

    def __init__(
        self,
        *,
        label: Text,
        rows: int = 3,
        required: bool = False,
        required_message: Text | None = None,
        max_length: int | None = TEXT_LIMIT,
        **kwargs: Any,
    ) -> None:
        if required and required_message is None:
            raise ImproperlyConfigured(f"the required text field {label!s} needs a required_message")
        messages = {
            "max_length": format_lazy(
                _("“{label}” must be %(limit_value)d characters or fewer (it has %(show_value)d)"), label=label
            ),
            **kwargs.pop("error_messages", {}),
        }
        if required_message is not None:
            messages["required"] = required_message
        if rows:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(label=label, required=required, max_length=max_length, error_messages=messages, **kwargs)


class RadiosField(forms.ChoiceField):
    """One answer from a short list, shown as GOV.UK radios; a required one says what to select."""

    def __init__(self, *, required: bool = True, required_message: Text | None = None, **kwargs: Any) -> None:
        if required and required_message is None:
            raise ImproperlyConfigured(f"the required radios {kwargs.get('label')!s} need a required_message")
        messages = dict(kwargs.pop("error_messages", {}))
        if required_message is not None:
            messages["required"] = required_message
        super().__init__(required=required, widget=forms.RadioSelect, error_messages=messages, **kwargs)


class VersionField(forms.IntegerField):
    """The version of the record the form was loaded from, carried back hidden (safeplan.versioned)."""

    def __init__(self, **kwargs: Any) -> None:
        stale = _("This page is out of date. Open it again from the case, then make your change.")
        super().__init__(
            widget=forms.HiddenInput,
            min_value=0,
            required=True,
            error_messages={"required": stale, "invalid": stale, "min_value": stale},
            **kwargs,
        )


class VersionedForm(forms.Form):
    """An edit form that says which version of the record it was loaded from."""

    version = VersionField()

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        # A hidden field has nowhere to show its error: say it for the whole form.
        if "version" in self.errors:
            del self.errors["version"]
            self.add_error(None, self.fields["version"].error_messages["required"])
        return cleaned


class SubmissionField(forms.UUIDField):
    """The token of one showing of a create form, carried back hidden (safeplan.idempotent)."""

    def __init__(self, **kwargs: Any) -> None:
        stale = _("This page is out of date. Open it again, then make your change.")
        super().__init__(
            widget=forms.HiddenInput, required=True, error_messages={"required": stale, "invalid": stale}, **kwargs
        )


class OnceForm(forms.Form):
    """A create form that a double click cannot send twice: each showing gets a new token."""

    submission = SubmissionField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["submission"].initial = uuid.uuid4

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if "submission" in self.errors:
            del self.errors["submission"]
            self.add_error(None, self.fields["submission"].error_messages["required"])
        return cleaned

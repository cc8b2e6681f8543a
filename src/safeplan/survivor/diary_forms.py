"""Forms of the diary in a survivor space, in plain first-person words."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.evidence import filetypes, regions
from safeplan.survivor.forms import PrivateForm
from safeplan.web.fields import DateField, RadiosField, TextField, TimeField

LONDON = ZoneInfo("Europe/London")
TEXT_LIMIT = 5000
FILE_LIMIT = 5 * 1024 * 1024
FILE_TYPES = (filetypes.JPEG, filetypes.PNG, filetypes.PDF)


def _text(label: Any, help_text: Any = "", rows: int = 3) -> forms.CharField:
    return TextField(label=label, help_text=help_text, rows=rows, max_length=TEXT_LIMIT)


class DiaryEntryForm(PrivateForm):
    occurred_on = DateField(
        label=_("Date it happened"),
        subject=_("the date it happened"),
        past=True,
        help_text=_("For example, 27/3/2026. If you are not sure, give your best guess and tick the box below."),
        error_messages={"required": _("Enter the date it happened"), "invalid": _("Enter a real date, like 27/3/2026")},
    )
    occurred_time = TimeField(
        label=_("Time it happened"),
        subject=_("the time it happened"),
        help_text=_("For example, 21:30. Leave empty if you do not know."),
        required=False,
        error_messages={"invalid": _("Enter a time like 21:30")},
    )
    time_is_approximate = forms.BooleanField(label=_("I am not sure of the exact date or time"), required=False)
    approximation = forms.CharField(
        label=_("Roughly when"),
        help_text=_("For example, 'late March' or 'one evening the week before Easter'."),
        max_length=100,
        required=False,
    )
    place = _text(_("Where it happened"), rows=2)
    what_happened = TextField(
        label=_("What happened"),
        help_text=_(
            "In your own words, for example 'He pushed me against the door'. It is kept exactly as you write it."
        ),
        rows=6,
        max_length=TEXT_LIMIT,
        required=True,
        required_message=_("Write what happened"),
    )
    words_used = _text(_("What they said"), _("Their exact words, if you remember them."))
    injuries = _text(_("Injuries"), _("For example bruises, cuts, pain."), rows=2)
    body_regions = forms.MultipleChoiceField(
        label=_("Where on your body"), choices=regions.CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    witnesses = _text(_("Who else was there"), _("Anyone who saw or heard it."), rows=2)
    children = _text(_("Children"), _("Were children there or nearby? What did they see or hear?"), rows=2)
    agencies = _text(
        _("Who you told"),
        _("For example police, GP, hospital, school, with any reference number they gave you."),
        rows=2,
    )
    effect = _text(_("How it affected you"))
    file = forms.FileField(
        label=_("A photo or document (optional)"),
        help_text=_("A JPEG or PNG photo, or a PDF, up to 5 MB. It is locked in this space with your words."),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        if upload.size > FILE_LIMIT:
            raise forms.ValidationError(_("The file must be smaller than 5 MB"))
        data = upload.read()
        kind = filetypes.sniff(data[:64])
        if kind not in FILE_TYPES:
            raise forms.ValidationError(_("The file must be a JPEG or PNG photo, or a PDF"))
        return (data, kind.extension)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, moment = data.get("occurred_on"), data.get("occurred_time")
        if day is None:
            return data
        if moment is None and not data.get("time_is_approximate"):
            self.add_error(
                "occurred_time", _("Enter the time it happened, or tick 'I am not sure of the exact date or time'")
            )
            return data
        occurred = datetime.combine(day, moment or time(12, 0)).replace(tzinfo=LONDON)
        if occurred > timezone.now():
            self.add_error("occurred_on", _("The date it happened must be today or in the past"))
        data["occurred_at"] = occurred
        return data

    def payload(self, recorded_at: datetime) -> dict[str, Any]:
        """Return the entry as it is chained: plain values, her words exactly as written."""
        data = self.cleaned_data
        return {
            "recorded_at": recorded_at,
            "occurred_at": data["occurred_at"],
            "approximate": bool(data.get("time_is_approximate")),
            "approximation": data.get("approximation", ""),
            "place": data.get("place", ""),
            "what_happened": data["what_happened"],
            "words_used": data.get("words_used", ""),
            "injuries": data.get("injuries", ""),
            "body_regions": list(data.get("body_regions", [])),
            "witnesses": data.get("witnesses", ""),
            "children": data.get("children", ""),
            "agencies": data.get("agencies", ""),
            "effect": data.get("effect", ""),
        }


AMEND_KINDS = [("correction", _("Something to correct")), ("addition", _("Something to add"))]


class DiaryAmendForm(PrivateForm):
    kind = RadiosField(
        label=_("What is this?"),
        choices=AMEND_KINDS,
        required_message=_("Choose whether this corrects or adds something"),
    )
    text = TextField(
        label=_("Your note"),
        help_text=_("What you first wrote stays as it is; this is shown under it."),
        rows=4,
        max_length=TEXT_LIMIT,
        required=True,
        required_message=_("Write your note"),
    )


LOCATION_CHOICES = [
    ("remove", _("Remove where and when photos were taken, and the phone they were taken on (recommended)")),
    ("keep", _("Keep them exactly as they are")),
]


class DiaryDownloadForm(PrivateForm):
    location = RadiosField(
        label=_("Where photos were taken"),
        help_text=_(
            "Photos from a phone can hold the place they were taken, to within a few metres, and the phone's make "
            "and model. Anyone you give the file to can read this. Keep them only if someone helping you, such as "
            "the police, has asked for the photos exactly as they were taken."
        ),
        choices=LOCATION_CHOICES,
        required=False,
        initial="remove",
    )

    def keep_location(self) -> bool:
        """Return True only if she chose to keep location data; a missing answer removes it."""
        return self.is_valid() and self.cleaned_data.get("location") == "keep"

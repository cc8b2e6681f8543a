"""Forms of the incident diary. Checks that read files or the database live in the services."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.evidence import imports, regions
from safeplan.evidence.models import Amendment, Attachment, Incident
from safeplan.web.fields import DateField, OnceForm, RadiosField, TextField, TimeField

LONDON = ZoneInfo("Europe/London")


def _text(label: Any, help_text: Any = "", rows: int = 3, required_message: Any = None) -> forms.CharField:
    # No length limit: a statement is kept whole, however long.
    return TextField(
        label=label,
        help_text=help_text,
        rows=rows,
        required=required_message is not None,
        required_message=required_message,
        max_length=None,
    )


class IncidentForm(OnceForm):
    occurred_on = DateField(
        label=_("Date it happened"),
        subject=_("the date it happened"),
        past=True,
        help_text=_("For example, 27/3/2026. If you are not sure, give your best estimate and say so below."),
    )
    occurred_time = TimeField(
        label=_("Time it happened"),
        subject=_("the time it happened"),
        help_text=_("For example, 21:30. Leave empty if not known."),
        required=False,
    )
    time_is_approximate = forms.BooleanField(label=_("The date or time is approximate"), required=False)
    approximation = forms.CharField(
        label=_("How approximate"),
        help_text=_("In words, for example 'late March 2026' or 'one evening in the week before Easter'."),
        max_length=100,
        required=False,
    )
    place = _text(_("Where it happened"), _("This is encrypted. Do not give the victim's current safe address."), 2)
    summary = _text(_("What happened"), rows=5, required_message=_("Enter what happened"))
    victim_words = _text(
        _("The victim's account in their own words"),
        _("Write it as they said it, in the first person ('He pushed me...'). It is printed exactly as written."),
        5,
    )
    words_used = _text(_("Words used by the person who harmed them"), _("Quote them exactly."))
    injuries = _text(_("Injuries"))
    body_regions = forms.MultipleChoiceField(
        label=_("Where on the body"), choices=regions.CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    witnesses = _text(_("Who else was there"), _("Witnesses, with how to reach them if known."), 2)
    children_present = forms.BooleanField(label=_("Children were present or nearby"), required=False)
    children = _text(_("The children there"), _("Who they were and what they saw or heard."), 2)
    police_reference = forms.CharField(label=_("Police crime reference"), max_length=60, required=False)
    agencies_told = _text(
        _("Other agencies told and their references"), _("For example, GP, hospital, social care, school."), 2
    )
    effect = _text(_("The effect on the victim"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, moment = data.get("occurred_on"), data.get("occurred_time")
        if day is None:
            return data
        if moment is None and not data.get("time_is_approximate"):
            self.add_error("occurred_time", _("Enter the time it happened, or tick 'The date or time is approximate'"))
            return data
        occurred = datetime.combine(day, moment or time(12, 0)).replace(tzinfo=LONDON)
        if occurred > timezone.now():
            self.add_error("occurred_on", _("The date it happened must be today or in the past"))
        data["occurred_at"] = occurred
        if data.get("children") and not data.get("children_present"):
            data["children_present"] = True
        return data


class AmendmentForm(forms.Form):
    kind = RadiosField(
        label=_("What kind of amendment is this?"),
        choices=[(Amendment.Kind.CORRECTION, _("A correction")), (Amendment.Kind.ADDITION, _("Something to add"))],
        required_message=_("Select what kind of amendment this is"),
    )
    field_name = forms.ChoiceField(
        label=_("Which part does it concern?"),
        choices=[
            ("", _("The whole entry")),
            ("occurred_at", _("When it happened")),
            ("place", _("Where it happened")),
            ("summary", _("What happened")),
            ("victim_words", _("The victim's own words")),
            ("injuries", _("Injuries")),
            ("witnesses", _("Who else was there")),
            ("agencies", _("Agencies told")),
            ("effect", _("The effect on the victim")),
        ],
        required=False,
    )
    text = _text(
        _("The amendment"),
        _("The original stays as it is; this is shown beneath it."),
        4,
        required_message=_("Enter the amendment"),
    )
    reason = _text(
        _("Reason"),
        _("Why the entry is being corrected or added to."),
        2,
        required_message=_("Enter why the entry is being corrected or added to"),
    )


class AttachmentForm(OnceForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A photo, screenshot, audio or video recording, PDF or text file, up to 100 MB."),
        error_messages={"required": _("Select the file to add")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of exhibit"),
        choices=[("", _("Decide from the file")), *[c for c in Attachment.Kind.choices if c[0] != "messages"]],
        required=False,
    )
    description = _text(_("Description"), _("What it shows, who made it and when."), 2)
    shared_copy = forms.BooleanField(
        label=_("Also make a copy without location data, for sharing"),
        help_text=_("For JPEG and PNG images. The original is kept unchanged."),
        required=False,
    )


class ImportForm(forms.Form):
    source = RadiosField(
        label=_("What kind of file is it?"),
        choices=[
            (imports.WHATSAPP, _("WhatsApp chat export (.txt, or .zip with media)")),
            (imports.SMS, _("SMS Backup & Restore file (.xml)")),
            (imports.EMAIL, _("Saved email (.eml)")),
        ],
        required_message=_("Select what kind of file it is"),
    )
    file = forms.FileField(label=_("File"), error_messages={"required": _("Select the file to import")})
    own_name = forms.CharField(
        label=_("The victim's name as it appears in the chat"),
        help_text=_("WhatsApp only: their messages are marked as sent by them."),
        max_length=100,
        required=False,
    )
    month_first = forms.BooleanField(
        label=_("Dates in the chat are month first (US style)"),
        help_text=_("WhatsApp only: leave unticked for day/month/year."),
        required=False,
    )


class ExportForm(forms.Form):
    use_shared_copies = forms.BooleanField(
        label=_("Use the copies without location data where they exist"),
        help_text=_("For disclosure. Leave unticked to include the original files."),
        required=False,
    )


class VerifyForm(forms.Form):
    file = forms.FileField(
        label=_("Bundle file (.zip)"), error_messages={"required": _("Select the bundle file to check")}
    )


class IncidentFilterForm(forms.Form):
    """Narrow a case's incident diary to the incidents staff recorded or the messages imported."""

    source = forms.ChoiceField(
        label=_("Recorded how"),
        choices=[("", _("Every incident")), *Incident.Source.choices],
        required=False,
    )

    def narrow(self, rows: Any) -> Any:
        """Return the rows narrowed by the filter, when it was given and valid."""
        if self.is_valid() and self.cleaned_data["source"]:
            rows = rows.filter(source=self.cleaned_data["source"])
        return rows

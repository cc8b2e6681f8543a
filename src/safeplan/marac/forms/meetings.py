"""Forms a coordinator fills in to arrange a meeting and build its agenda."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency
from safeplan.marac.models import Attendance, MaracArea, MaracMeeting, Neighbourhood
from safeplan.web.fields import DateField, RadiosField, TextField, TimeField

LONDON = ZoneInfo("Europe/London")


def _choices(field: forms.Field, options: list[tuple[str, str]]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = options


class MeetingForm(forms.Form):
    area = RadiosField(label=_("Which MARAC?"), choices=(), required_message=_("Choose the MARAC."))
    meets_on = DateField(subject=_("the day of the meeting"), label=_("Day of the meeting"))
    meets_time = TimeField(subject=_("the time it starts"), label=_("Time it starts"))
    venue = TextField(label=_("Where, or how, it meets (optional)"), rows=0, max_length=200)
    chair = TextField(label=_("Chair (optional)"), rows=0, max_length=200)

    def __init__(self, *args: Any, areas: list[MaracArea] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = areas or []
        self.areas = {str(area.pk): area for area in areas}
        _choices(self.fields["area"], [(key, area.name) for key, area in self.areas.items()])
        if len(areas) == 1:
            self.initial.setdefault("area", str(areas[0].pk))

    def chosen_area(self) -> MaracArea:
        return self.areas[self.cleaned_data["area"]]

    def meets_at(self) -> datetime:
        return datetime.combine(self.cleaned_data["meets_on"], self.cleaned_data["meets_time"], tzinfo=LONDON)


class AcceptForm(forms.Form):
    meeting = RadiosField(label=_("Which meeting?"), choices=(), required_message=_("Choose the meeting."))
    neighbourhood = RadiosField(label=_("Neighbourhood policing area (optional)"), choices=(), required=False)

    def __init__(
        self,
        *args: Any,
        meetings: list[MaracMeeting] | None = None,
        neighbourhoods: list[Neighbourhood] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.meetings = {str(m.pk): m for m in meetings or []}
        self.neighbourhoods = {str(n.pk): n for n in neighbourhoods or []}
        _choices(
            self.fields["meeting"],
            [
                (key, f"{m.meets_at.astimezone(LONDON):%d %b %Y %H:%M} {m.venue}".strip())
                for key, m in self.meetings.items()
            ],
        )
        _choices(self.fields["neighbourhood"], [(key, n.name) for key, n in self.neighbourhoods.items()])

    def chosen_meeting(self) -> MaracMeeting:
        return self.meetings[self.cleaned_data["meeting"]]

    def chosen_neighbourhood(self) -> Neighbourhood | None:
        return self.neighbourhoods.get(self.cleaned_data.get("neighbourhood") or "")


class InviteForm(forms.Form):
    agency = RadiosField(label=_("Which agency?"), choices=(), required_message=_("Choose the agency to invite."))

    def __init__(self, *args: Any, agencies: list[Agency] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {str(a.pk): a for a in agencies or []}
        _choices(self.fields["agency"], [(key, a.name) for key, a in self.agencies.items()])

    def chosen_agency(self) -> Agency:
        return self.agencies[self.cleaned_data["agency"]]


class AttendanceForm(InviteForm):
    name = TextField(
        label=_("Name"), rows=0, max_length=200, required=True, required_message=_("Enter the person's name.")
    )
    status = RadiosField(
        label=_("Did they attend?"),
        choices=Attendance.Status.choices,
        required_message=_("Select whether they attended or sent apologies."),
    )
    information_sent = forms.BooleanField(
        label=_("They sent their agency's information before the meeting"), required=False
    )

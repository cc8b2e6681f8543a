"""Forms of Clare's Law requests: intake (safe contact first), each stage, the forum, the disclosure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.content.disclosure import RuleSet
from safeplan.disclosure.models import DisclosureRequest, Grade
from safeplan.timeline.forms import london
from safeplan.web.fields import DateField, OnceForm, RadiosField, TextField, TimeField

SHORT = 2000
LONG = 5000


class WhenForm(forms.Form):
    """A stage that happened at a moment: a day and a time, in Europe/London."""

    when_on = DateField(subject=_("the date"), label=_("Date"), past=True)
    when_time = TimeField(subject=_("the time"), label=_("Time"))

    def when(self) -> datetime | None:
        return london(self.cleaned_data.get("when_on"), self.cleaned_data.get("when_time"))


class RequestDetailsForm(forms.Form):
    """What both intakes ask. How it is safe to make contact comes before anything else."""

    safe_contact_how = TextField(
        label=_("How is it safe to contact them?"),
        help_text=_("The number, address or person to use, and anything to say or not say when you call."),
        required=True,
        required_message=_("Say how it is safe to contact them"),
        max_length=SHORT,
    )
    safe_contact_when = TextField(label=_("When is it safe?"), rows=0, max_length=200)
    never = TextField(label=_("Anything that must never be done"), rows=2, max_length=SHORT)
    applicant_kind = RadiosField(
        label=_("Who is applying?"),
        choices=DisclosureRequest.Applicant.choices,
        required_message=_("Select who is applying"),
    )
    applicant_name = TextField(label=_("Applicant's name"), rows=0, max_length=200)
    person_at_risk_name = TextField(
        label=_("Name of the person at risk"),
        help_text=_("If someone else is applying for them."),
        rows=0,
        max_length=200,
    )
    relationship = TextField(label=_("Their relationship with the person asked about"), rows=0, max_length=200)
    concerns = TextField(label=_("What worries them"), rows=4, max_length=LONG)
    subject_name = TextField(
        label=_("Name of the person asked about"),
        rows=0,
        required=True,
        required_message=_("Enter the name of the person they are asking about"),
        max_length=200,
    )
    subject_other_names = TextField(
        label=_("Other names they use"), help_text=_("Separate names with commas."), rows=0, max_length=200
    )
    subject_date_of_birth = DateField(
        subject=_("their date of birth"), label=_("Their date of birth, if known"), past=True, required=False
    )

    DETAILS = [
        "safe_contact_how",
        "safe_contact_when",
        "never",
        "applicant_kind",
        "applicant_name",
        "person_at_risk_name",
        "relationship",
        "concerns",
        "subject_name",
        "subject_other_names",
        "subject_date_of_birth",
    ]

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.DETAILS}


class RequestForm(OnceForm, WhenForm, RequestDetailsForm):
    """The staff intake: the details, with the route, how it came in and when."""

    route = RadiosField(label=_("Route"), choices=[], required_message=_("Select the route"))
    channel = RadiosField(
        label=_("How did it come in?"),
        choices=DisclosureRequest.Channel.choices,
        required_message=_("Select how the request came in"),
    )

    field_order = [
        "safe_contact_how",
        "safe_contact_when",
        "never",
        "route",
        "channel",
        "applicant_kind",
        "when_on",
        "when_time",
    ]

    def __init__(self, *args: Any, rules: RuleSet | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["when_on"].label = _("Date received")
        self.fields["when_time"].label = _("Time received")
        if rules is not None:
            field = self.fields["route"]
            assert isinstance(field, RadiosField)
            field.choices = [(route.id, route.label.get(None)) for route in rules.routes]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **self.details(),
            "route": data["route"],
            "channel": data["channel"],
            "received_at": self.when(),
            "submission": data["submission"],
        }


class PublicRequestForm(RequestDetailsForm):
    """The public right-to-ask form, in words for the person filling it in."""

    code = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "safe_contact_how": _("How can we contact you safely?"),
            "safe_contact_when": _("When is it safe to contact you?"),
            "never": _("Is there anything we must never do? (for example, leave a voicemail)"),
            "applicant_kind": _("Who is at risk?"),
            "applicant_name": _("Your name"),
            "person_at_risk_name": _("Their name, if you are asking for someone else"),
            "relationship": _("How do you (or they) know the person you are asking about?"),
            "concerns": _("What worries you? (optional)"),
            "subject_name": _("Name of the person you are asking about"),
        }
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["safe_contact_how"].help_text = _(
            "A phone number, an email address or a person we can go through, and anything we should or should not say."
        )
        field = self.fields["applicant_kind"]
        assert isinstance(field, RadiosField)
        field.choices = [
            (DisclosureRequest.Applicant.PERSON_AT_RISK, _("I am asking about my own partner or ex-partner")),
            (DisclosureRequest.Applicant.THIRD_PARTY, _("I am asking for someone else")),
        ]


class InitialContactForm(WhenForm):
    immediate_risk = RadiosField(
        label=_("Is there an immediate risk?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        required_message=_("Select whether there is an immediate risk"),
    )
    action = TextField(label=_("What was done about it"), max_length=SHORT)

    def service_arguments(self) -> dict[str, Any]:
        return {
            "contacted_at": self.when(),
            "immediate_risk": self.cleaned_data["immediate_risk"] == "yes",
            "action": self.cleaned_data["action"],
        }


class FaceToFaceForm(WhenForm):
    identity_verified = forms.BooleanField(
        label=_("I verified the applicant's identity"),
        required=True,
        error_messages={"required": _("Confirm that you verified the applicant's identity")},
    )

    def service_arguments(self) -> dict[str, Any]:
        return {"met_at": self.when(), "identity_verified": self.cleaned_data["identity_verified"]}


class ChecksForm(WhenForm):
    summary = TextField(
        label=_("What the checks found"),
        help_text=_("Police systems and partner agencies checked, and what they hold."),
        rows=6,
        required=True,
        required_message=_("Say what the checks found"),
        max_length=LONG,
    )

    def service_arguments(self) -> dict[str, Any]:
        return {"done_at": self.when(), "summary": self.cleaned_data["summary"]}


class ForumForm(forms.Form):
    held_on = DateField(subject=_("the date of the forum"), label=_("Date of the forum"), past=True)
    attendees = TextField(
        label=_("Who attended, and for which agency"),
        required=True,
        required_message=_("Say who attended"),
        max_length=SHORT,
    )
    pressing_need = TextField(
        label=_("Is there a pressing need for disclosure? Why?"),
        rows=4,
        required=True,
        required_message=_("Say whether there is a pressing need, and why"),
        max_length=LONG,
    )
    outcome = RadiosField(
        label=_("Decision"), choices=DisclosureRequest.Outcome.choices, required_message=_("Select the decision")
    )
    lawful = TextField(label=_("Why disclosure is lawful"), max_length=LONG)
    necessary = TextField(label=_("Why it is necessary"), max_length=LONG)
    proportionate = TextField(label=_("Why it is proportionate"), max_length=LONG)
    what_to_disclose = TextField(label=_("What is to be disclosed"), rows=4, max_length=LONG)
    recipient = TextField(label=_("To whom: the person best placed to protect"), rows=0, max_length=200)
    safety_plan = TextField(
        label=_("Safety plan"), rows=5, required=True, required_message=_("Record the safety plan"), max_length=LONG
    )
    late_reason = TextField(label=_("If the target has passed: why the decision is late"), rows=2, max_length=SHORT)

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DisclosureForm(WhenForm):
    recipient = TextField(
        label=_("To whom"), rows=0, required=True, required_message=_("Say who was told"), max_length=200
    )
    second_person = TextField(label=_("Second person present"), rows=0, max_length=200)
    what_was_said = TextField(
        label=_("What was said"),
        help_text=_("Disclosure is made in person. Nothing is written down for the recipient to take away."),
        rows=6,
        required=True,
        required_message=_("Record what was said"),
        max_length=LONG,
    )
    told_confidential = forms.BooleanField(
        label=_("I told the recipient to keep the information confidential"),
        required=True,
        error_messages={"required": _("Tell the recipient to keep the information confidential, then confirm it")},
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "disclosed_at": self.when(),
            "recipient": data["recipient"],
            "second_person": data["second_person"],
            "what_was_said": data["what_was_said"],
            "told_confidential": data["told_confidential"],
        }


class ReassessForm(forms.Form):
    grade = RadiosField(label=_("Risk now"), choices=Grade.choices, required_message=_("Select the risk now"))
    notes = TextField(
        label=_("What changed and what is being done"),
        rows=5,
        required=True,
        required_message=_("Say what changed and what is being done"),
        max_length=LONG,
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class CloseForm(forms.Form):
    closure = RadiosField(
        label=_("Why is it closing?"),
        choices=DisclosureRequest.Closure.choices,
        required_message=_("Select why the request is closing"),
    )
    note = TextField(
        label=_("Closing note"), required=True, required_message=_("Write a closing note"), max_length=SHORT
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class DeviationForm(forms.Form):
    what = TextField(
        label=_("What departs from the guidance"),
        required=True,
        required_message=_("Say what departs from the guidance"),
        max_length=SHORT,
    )
    reason = TextField(label=_("Why"), required=True, required_message=_("Say why"), max_length=SHORT)

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)

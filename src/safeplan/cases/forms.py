"""Forms for case pages. Validation that needs the database lives in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Language, Team, User
from safeplan.cases import facts
from safeplan.cases.models import Case, ConfidentialLocation, Handover, Person, SafeContact
from safeplan.cases.permissions import OWNER_ROLES
from safeplan.domain.contact import Channel, Never
from safeplan.web.fields import DateField, OnceForm, RadiosField, TextField, VersionedForm

NO_AUTOFILL = {"autocomplete": "off"}


class ColleagueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


def colleagues(team_id: int | None) -> Any:
    return (
        User.objects.people().filter(team_id=team_id or 0, is_active=True, role__in=OWNER_ROLES).order_by("first_name")
    )


class CaseCreateForm(OnceForm):
    victim_name = forms.CharField(
        label=_("Victim's full name"), max_length=200, error_messages={"required": _("Enter the victim's full name")}
    )
    suspect_name = forms.CharField(
        label=_("Suspect or perpetrator's full name"), max_length=200, required=False, help_text=_("If known.")
    )
    responsible_officer = ColleagueChoiceField(
        label=_("Responsible officer"),
        queryset=User.objects.none(),
        help_text=_("Responsible for risk assessment and safety planning."),
        error_messages={"required": _("Select the responsible officer")},
    )
    spoc = ColleagueChoiceField(
        label=_("Single point of contact"),
        queryset=User.objects.none(),
        help_text=_("The one person who keeps the victim informed."),
        error_messages={"required": _("Select the single point of contact")},
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, team_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible_officer"].queryset = colleagues(team_id)  # type: ignore[attr-defined]
        self.fields["spoc"].queryset = colleagues(team_id)  # type: ignore[attr-defined]


class CaseSummaryForm(VersionedForm):
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}), required=False)


class CloseForm(forms.Form):
    reason = RadiosField(
        label=_("Why is the case closing?"),
        choices=Case.ClosureReason.choices,
        required_message=_("Select why the case is closing"),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReopenForm(forms.Form):
    reason = TextField(
        label=_("Why is the case being reopened?"),
        required=True,
        required_message=_("Enter why the case is being reopened"),
        max_length=None,
    )


class HandoverForm(forms.Form):
    duty = RadiosField(
        label=_("What is being handed over?"),
        choices=Handover.Duty.choices,
        required_message=_("Select what is being handed over"),
    )
    to_user = ColleagueChoiceField(
        label=_("Hand over to"),
        queryset=User.objects.none(),
        error_messages={"required": _("Select who to hand over to")},
    )
    reason = TextField(
        label=_("Why?"), required=True, required_message=_("Enter why it is being handed over"), max_length=None
    )

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = colleagues(team_id)  # type: ignore[attr-defined]


class PersonForm(VersionedForm):
    role = RadiosField(
        label=_("Role in the case"),
        choices=Person.Role.choices,
        required_message=_("Select the person's role in the case"),
    )
    full_name = forms.CharField(
        label=_("Full name"), max_length=200, error_messages={"required": _("Enter the person's full name")}
    )
    other_names = forms.CharField(label=_("Other names used"), max_length=200, required=False)
    date_of_birth = DateField(
        label=_("Date of birth"),
        subject=_("the date of birth"),
        past=True,
        required=False,
        help_text=_("For example, 27 3 2007 or 2007-03-27."),
    )
    relationship = forms.CharField(label=_("Relationship to the victim"), max_length=100, required=False)
    language = RadiosField(
        label=_("Language for what is written to them"),
        choices=Language.choices,
        required=False,
        help_text=_("Ask them once. Until it is recorded, their plan and letters are in Welsh and English."),
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SafeContactForm(VersionedForm):
    allowed_channels = forms.MultipleChoiceField(
        label=_("Safe ways to make contact"),
        choices=[(c.value, SafeContact.CHANNEL_LABELS[c]) for c in Channel],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    # Browsers must not remember a victim's contact details for the next person at this desk.
    phone_number = forms.CharField(
        label=_("Safe phone number"), max_length=40, required=False, widget=forms.TextInput(attrs=NO_AUTOFILL)
    )
    email = forms.EmailField(label=_("Safe email address"), required=False, widget=forms.EmailInput(attrs=NO_AUTOFILL))
    third_party = forms.CharField(
        label=_("Trusted third party"),
        required=False,
        help_text=_("Who they are and how to reach them."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    work_details = forms.CharField(
        label=_("How to make contact at work"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    safe_hours = forms.CharField(
        label=_("Safe times to make contact"),
        required=False,
        max_length=500,
        help_text=_(
            "Days and times, for example: Mon-Fri 10:00-14:00; Sat 9:30-11:00. Contact outside these times is "
            "refused unless it is an emergency. Leave empty if any time is safe."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    safe_times = forms.CharField(
        label=_("More about safe times"),
        required=False,
        help_text=_("In words, for example: when the suspect is at work. This is not checked."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    never = forms.MultipleChoiceField(
        label=_("Never do this"),
        choices=[(n.value, SafeContact.NEVER_LABELS[n]) for n in Never],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    never_other = forms.CharField(
        label=_("Anything else that must never be done"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    code_word = forms.CharField(
        widget=forms.TextInput(attrs=NO_AUTOFILL),
        label=_("Code word"),
        max_length=100,
        required=False,
        help_text=_("A word the victim uses to say they cannot talk or are in danger."),
    )
    caller_may_identify = forms.BooleanField(
        label=_("The caller may say who they are and where they are calling from"), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class LocationForm(OnceForm):
    kind = RadiosField(
        label=_("Kind of place"),
        choices=ConfidentialLocation.Kind.choices,
        required_message=_("Select the kind of place"),
    )
    address = TextField(
        label=_("Address"),
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        required=True,
        required_message=_("Enter the address"),
        max_length=None,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PersonAddForm(OnceForm, PersonForm):
    """Adding a person: sent twice (a double click), it adds them once."""


class ShareForm(OnceForm):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), error_messages={"required": _("Select the team")}
    )
    reason = TextField(
        label=_("Why does this team need access?"),
        required=True,
        required_message=_("Enter why this team needs access"),
        max_length=None,
    )
    expires_on = DateField(
        label=_("Access ends on"),
        subject=_("the date access ends"),
        help_text=_("For example, 2027-01-31. At most 90 days."),
    )

    def __init__(self, *args: Any, exclude_team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.exclude(pk=exclude_team_id).select_related("agency")  # type: ignore[attr-defined]


class BreakGlassForm(forms.Form):
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=20,
        help_text=_("For example, SP-ABCD-EFGH."),
        error_messages={"required": _("Enter the case reference")},
    )
    reason = TextField(
        label=_("Why do you need access now?"),
        rows=4,
        help_text=_("At least 20 characters. The case owners are told, and this is kept in the audit trail."),
        required=True,
        required_message=_("Enter why you need access now"),
        max_length=None,
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Reference or name"), max_length=200, required=False)


class CaseFilterForm(forms.Form):
    """What a case list can be narrowed to: open or closed, and (on the team's list) whose case it is."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("open", _("Open")), ("closed", _("Closed")), ("all", _("Open and closed"))],
        required=False,
    )
    owner = ColleagueChoiceField(
        label=_("Responsible officer or single point of contact"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Anyone"),
    )

    sort = forms.ChoiceField(label=_("Sort by"), choices=[], required=False)

    # Sorts the cases app does itself; others (the next deadline) come from cases.facts.ORDERINGS.
    OWN_SORTS = {"newest": ("-created_at", "-pk"), "reference": ("reference", "pk")}

    def __init__(self, *args: Any, team_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = colleagues(team_id)  # type: ignore[attr-defined]
        self.fields["sort"].choices = [  # type: ignore[attr-defined]
            ("newest", _("Newest first")),
            *((o.key, o.label) for o in facts.ORDERINGS.values()),
            ("reference", _("Reference")),
        ]

    def sorted(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        """Return the cases in the chosen order (newest first unless another is chosen)."""
        key = (self.cleaned_data.get("sort") if self.is_valid() else "") or "newest"
        if key in facts.ORDERINGS:
            return facts.ORDERINGS[key].apply(cases)
        return cases.order_by(*self.OWN_SORTS[key])

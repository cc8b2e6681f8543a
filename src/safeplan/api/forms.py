"""The agency admin's form for new service credentials."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.forms import TeamChoiceField
from safeplan.accounts.models import CASEWORK_ROLES, Role, Team
from safeplan.api.models import Scope
from safeplan.web.fields import OnceForm, RadiosField, TextField

# How long new credentials work before an admin must make new ones; short by default.
LIFETIMES = (
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("180", _("6 months")),
    ("365", _("1 year")),
)


class CredentialCreateForm(OnceForm):
    name = TextField(
        label=_("Name of the integration"),
        help_text=_("The system that will call the API, for example the force's records system."),
        rows=0,
        max_length=100,
        required=True,
        required_message=_("Enter the name of the integration."),
    )
    role = RadiosField(
        label=_("Acts as"),
        help_text=_("It sees and changes what a person in this role and team would, and no more."),
        choices=[(role.value, role.label) for role in Role if role in CASEWORK_ROLES],
        required_message=_("Choose the role the integration acts in."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose what the integration may do."),
            "invalid_choice": _("Choose what the integration may do from the list."),
        },
    )
    lifetime = RadiosField(
        label=_("Expires after"),
        choices=LIFETIMES,
        initial="90",
        required_message=_("Choose when the credentials expire."),
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"] = TeamChoiceField(
            label=_("Team"),
            help_text=_("It opens the cases this team may open."),
            queryset=Team.objects.filter(agency_id=agency_id).order_by("name"),
            empty_label=_("Choose a team"),
            error_messages={"required": _("Choose a team"), "invalid_choice": _("Choose a team from the list")},
        )
        self.order_fields(["name", "team", "role", "scopes", "lifetime"])

"""Forms for signing in, the second factor, passwords and the agency admin's pages.

Forms check input and say what is wrong in plain words; the writes are in
safeplan.accounts.services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from safeplan.accounts.models import AccountReset, Agency, Team, User, roles_for
from safeplan.web.fields import RadiosField

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "text",
    "spellcheck": "false",
    "autocapitalize": "none",
}


def _password_hint() -> str:
    return " ".join(str(text) for text in password_validators_help_texts())


class SignInForm(auth_forms.AuthenticationForm):
    """Username and password, with messages that never say which of the two was wrong."""

    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("Enter a correct username and password. Both are case-sensitive."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.attempted_username = ""

    def clean(self) -> dict[str, Any]:
        # A refused sign-in is put on the username box, so the summary links to it, the box is styled as an
        # error and its aria-describedby names the message (a form-wide error would be linked to nothing).
        self.attempted_username = str(self.cleaned_data.get("username") or "")
        password = self.cleaned_data.get("password")
        try:
            return super().clean()
        except ValidationError as error:
            self.add_error("username", error)
            self.cleaned_data["password"] = password
            return self.cleaned_data


class CodeForm(forms.Form):
    """A six-digit code from an authenticator app, or a backup code."""

    code = forms.CharField(
        label=_("Backup code"),
        max_length=32,
        strip=True,
        error_messages={"required": _("Enter the code")},
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )

    def __init__(self, *args: Any, has_app: bool, backup_codes_left: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        backup = ngettext(
            "If you do not have your phone, enter one of your backup codes. You have %(left)d left.",
            "If you do not have your phone, enter one of your backup codes. You have %(left)d left.",
            backup_codes_left,
        ) % {"left": backup_codes_left}
        if has_app:
            field.label = _("Code from your authenticator app, or a backup code")
            app = _("Open the authenticator app on your phone and enter the 6-digit code it shows for this service.")
            field.help_text = f"{app} {backup}"
        else:
            field.help_text = backup


class EnrolAppForm(forms.Form):
    code = forms.CharField(
        label=_("3. Enter the 6-digit code the app now shows"),
        help_text=_("This checks the app is set up correctly."),
        max_length=32,
        strip=True,
        error_messages={"required": _("Enter the 6-digit code from your authenticator app")},
        widget=forms.TextInput(attrs={**CODE_ATTRS, "inputmode": "numeric"}),
    )


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """The current password, then a new one twice; the new one must differ from the current one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        self.fields["old_password"].help_text = _("If your admin gave you a temporary password, enter it here.")
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password1"].help_text = _password_hint()
        self.fields["new_password2"].label = _("Confirm new password")
        self.fields["new_password2"].help_text = ""
        self.fields["old_password"].error_messages["required"] = _("Enter your current password")
        self.fields["new_password1"].error_messages["required"] = _("Enter a new password")
        self.fields["new_password2"].error_messages["required"] = _("Enter the new password again")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Your current password is not right. Enter it again."),
            "password_mismatch": _("The two new passwords do not match."),
        }
        for name, field in self.fields.items():
            field.widget.attrs["autocomplete"] = "current-password" if name == "old_password" else "new-password"

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        password = cleaned.get("new_password2")
        if password and not self.has_error("new_password2") and self.user.check_password(password):
            self.add_error(
                "new_password2",
                ValidationError(_("Choose a new password, different from your current one."), code="unchanged"),
            )
        return cleaned


class TeamChoiceField(forms.ModelChoiceField[Team]):
    def label_from_instance(self, obj: Team) -> str:
        return obj.name


def _team_field(agency_id: int) -> TeamChoiceField:
    return TeamChoiceField(
        label=_("Team"),
        queryset=Team.objects.filter(agency_id=agency_id).order_by("name"),
        empty_label=_("Choose a team"),
        error_messages={"required": _("Choose a team"), "invalid_choice": _("Choose a team from the list")},
    )


def _role_field(kind: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *((role.value, role.label) for role in roles_for(kind))],
        error_messages={"required": _("Choose a role"), "invalid_choice": _("Choose a role from the list")},
    )


class PasswordChoiceMixin(forms.Form):
    """Generate a temporary password, or type one; either way the user changes it at next sign-in."""

    GENERATE = "generate"
    TYPE = "type"

    password_choice = forms.ChoiceField(
        label=_("Temporary password"),
        choices=[
            (GENERATE, _("Create a random temporary password for me to give them")),
            (TYPE, _("I will type a temporary password")),
        ],
        initial=GENERATE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how to set the temporary password")},
    )
    password = forms.CharField(
        label=_("Temporary password (if you type one)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def _candidate_user(self) -> User:
        raise NotImplementedError

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("password_choice") == self.TYPE:
            password = cleaned.get("password") or ""
            if not password:
                self.add_error("password", _("Enter a temporary password, or choose to create a random one"))
            else:
                try:
                    validate_password(password, user=self._candidate_user())
                except ValidationError as error:
                    self.add_error("password", error)
        return cleaned


class UserCreateForm(PasswordChoiceMixin):
    field_order = ["username", "first_name", "last_name", "email", "role", "team", "password_choice", "password"]

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What they type to sign in. Letters, digits and @ . + - _ only."),
        validators=[UnicodeUsernameValidator()],
        error_messages={"required": _("Enter a username")},
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocapitalize": "none", "autocomplete": "off"}),
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, error_messages={"required": _("Enter their first name")}
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, error_messages={"required": _("Enter their last name")}
    )
    email = forms.EmailField(
        label=_("Email address (optional)"),
        required=False,
        help_text=_("Only for contacting them. It is never used to reset a password."),
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.org")},
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(agency.kind)
        self.fields["team"] = _team_field(agency.pk)
        self.order_fields(self.field_order)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is already taken. Choose another."))
        return username

    def _candidate_user(self) -> User:
        data = self.cleaned_data
        return User(
            username=data.get("username", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            email=data.get("email", ""),
        )


class UserUpdateForm(forms.Form):
    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"] = _role_field(agency.kind)
        self.fields["team"] = _team_field(agency.pk)


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class AgencyContactForm(forms.Form):
    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact"] = UserChoiceField(
            label=_("Named point of contact"),
            help_text=_(
                "A manager who can commit your agency's resources. Overdue MARAC actions owned by your agency "
                "are escalated to them."
            ),
            queryset=User.objects.people().filter(agency=agency, is_active=True).order_by("last_name", "first_name"),
            required=False,
            empty_label=_("Nobody named yet"),
            error_messages={"invalid_choice": _("Choose a user of your agency from the list")},
        )


class ResetRequestForm(forms.Form):
    what = RadiosField(
        label=_("What needs resetting?"),
        choices=AccountReset.What.choices,
        required_message=_("Choose what to reset"),
    )


class ResetCodeForm(forms.Form):
    """The user's own half of a reset: their username, the one-time code mailed to them, a new password."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        error_messages={"required": _("Enter your username")},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"}),
    )
    code = forms.CharField(
        label=_("One-time reset code"),
        help_text=_("From the email your agency's admins had sent to you, for example abcd-efgh-jkmn-pqrs."),
        max_length=40,
        error_messages={"required": _("Enter the reset code from your email")},
        widget=forms.TextInput(attrs=CODE_ATTRS),
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Confirm new password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        hint = _("Only if your password is being reset.")
        self.fields["new_password1"].help_text = f"{hint} {_password_hint()}"

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if cleaned.get("new_password1", "") != cleaned.get("new_password2", ""):
            self.add_error("new_password2", ValidationError(_("The two new passwords do not match.")))
        return cleaned


class ConfirmForm(forms.Form):
    """A form with nothing to fill in: the button is the confirmation."""


class TeamCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Team name"), max_length=200, error_messages={"required": _("Enter the team's name")}
    )

    def __init__(self, *args: Any, agency_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency_id = agency_id

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Team.objects.filter(agency_id=self.agency_id, name__iexact=name).exists():
            raise ValidationError(_("Your agency already has a team with this name."))
        return name

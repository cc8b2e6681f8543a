"""An agency admin's pages: the users and teams of their own agency, and nobody else's.

Every page answers 404 to anyone who is not an active admin, and for a user of
another agency, so nobody learns what exists outside their agency.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts import resets, second_factor, selectors, services, signin
from safeplan.accounts.forms import (
    AgencyContactForm,
    ConfirmForm,
    PasswordChoiceMixin,
    TeamCreateForm,
    UserCreateForm,
    UserUpdateForm,
)
from safeplan.accounts.models import User


def _admin(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.is_agency_admin:
        raise Http404
    return user


def _detail_url(user: User) -> str:
    return reverse("accounts:admin_user", args=[user.pk])


def _add_service_error(
    form: ConfirmForm | UserCreateForm | UserUpdateForm | TeamCreateForm | AgencyContactForm,
    error: ValidationError,
) -> None:
    for message in error.messages:
        form.add_error(None, message)


def _chosen_password(form: PasswordChoiceMixin) -> tuple[str, bool]:
    """Return the temporary password and whether it was generated."""
    if form.cleaned_data["password_choice"] == PasswordChoiceMixin.GENERATE:
        return services.temporary_password(), True
    return form.cleaned_data["password"], False


@require_safe
def users_view(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    return render(
        request, "accounts/admin/users.html", {"users": selectors.users_for_admin(admin=admin), "admin": admin}
    )


@require_http_methods(["GET", "POST"])
def user_create_view(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = UserCreateForm(request.POST if request.method == "POST" else None, agency=selectors.admin_agency(admin))
    if request.method == "POST" and form.is_valid():
        password, generated = _chosen_password(form)
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=admin,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                role=data["role"],
                team=data["team"],
                password=password,
            )
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            # Shown in this response only, never stored in plain text anywhere.
            return render(
                request,
                "accounts/admin/password_set.html",
                {"target": user, "password": password if generated else "", "created": True},
            )
    return render(request, "accounts/admin/user_create.html", {"form": form})


@require_safe
def user_view(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.user_for_admin(admin=admin, pk=pk)
    return render(
        request,
        "accounts/admin/user.html",
        {
            "target": user,
            "is_self": user.pk == admin.pk,
            "has_app": second_factor.confirmed_totp_device(user) is not None,
            "has_passkey": second_factor.has_passkey(user),
            "backup_codes_left": second_factor.backup_codes_left(user),
            "has_second_factor": second_factor.has_second_factor(user),
            "locked_out": signin.is_locked_out(request, user),
            "unlock_form": ConfirmForm(),
            "reset": resets.open_reset(user),
        },
    )


@require_http_methods(["GET", "POST"])
def user_update_view(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.user_for_admin(admin=admin, pk=pk)
    form = UserUpdateForm(
        request.POST if request.method == "POST" else None,
        agency=selectors.admin_agency(admin),
        initial={"role": user.role, "team": user.team_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(actor=admin, user=user, role=form.cleaned_data["role"], team=form.cleaned_data["team"])
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Role and team saved."))
            return HttpResponseRedirect(_detail_url(user))
    return render(request, "accounts/admin/user_update.html", {"form": form, "target": user})


# The confirmation page of each action on a user: its heading (also the button), what it does, and
# whether it is drawn as a warning.
CONFIRM_PAGES = {
    "deactivate": (
        _lazy("Deactivate account"),
        _lazy(
            "They will be signed out and will not be able to sign in. Nothing they recorded is deleted. "
            "You can reactivate the account later."
        ),
        True,
    ),
    "reactivate": (
        _lazy("Reactivate account"),
        _lazy("They will be able to sign in again with their password and second factor."),
        False,
    ),
}


def _confirm_action(request: HttpRequest, pk: int, *, action: str) -> HttpResponse:
    """Show a confirmation page for one action on a user, and do it on POST."""
    admin = _admin(request)
    user = selectors.user_for_admin(admin=admin, pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if action == "deactivate":
                services.user_deactivate(actor=admin, user=user)
                done = _("Account deactivated. They can no longer sign in.")
            else:
                services.user_reactivate(actor=admin, user=user)
                done = _("Account reactivated. They can sign in again.")
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, done)
            return HttpResponseRedirect(_detail_url(user))
    heading, explanation, warning = CONFIRM_PAGES[action]
    return render(
        request,
        "accounts/admin/user_confirm.html",
        {
            "form": form,
            "target": user,
            "is_self": user.pk == admin.pk,
            "heading": heading,
            "explanation": explanation,
            "warning": warning,
        },
    )


@require_http_methods(["GET", "POST"])
def user_deactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_action(request, pk, action="deactivate")


@require_http_methods(["GET", "POST"])
def user_reactivate_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_action(request, pk, action="reactivate")


@require_POST
def user_unlock_view(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.user_for_admin(admin=admin, pk=pk)
    if ConfirmForm(request.POST).is_valid():
        services.user_unlock(actor=admin, user=user)
        messages.success(request, _("Sign-in unlocked. They can try again now."))
    return HttpResponseRedirect(_detail_url(user))


@require_safe
def teams_view(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    return render(request, "accounts/admin/teams.html", {"teams": selectors.teams_for_admin(admin=admin)})


@require_http_methods(["GET", "POST"])
def team_create_view(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    form = TeamCreateForm(
        request.POST if request.method == "POST" else None, agency_id=selectors.admin_agency_id(admin)
    )
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=admin, name=form.cleaned_data["name"])
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Team “%(name)s” created.") % {"name": team.name})
            return HttpResponseRedirect(reverse("accounts:admin_teams"))
    return render(request, "accounts/admin/team_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def agency_view(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    agency = selectors.admin_agency(admin)
    form = AgencyContactForm(
        request.POST if request.method == "POST" else None,
        agency=agency,
        initial={"contact": agency.point_of_contact_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_contact_set(actor=admin, contact=form.cleaned_data["contact"])
        except ValidationError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, _("Point of contact saved."))
            return HttpResponseRedirect(reverse("accounts:admin_agency"))
    return render(request, "accounts/admin/agency.html", {"agency": agency, "form": form})

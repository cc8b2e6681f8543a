"""The pages of a reset (safeplan.accounts.resets): an admin asks, another approves, the user completes.

The admin pages answer 404 to anyone who is not an active admin of the user's agency; the user's
page is open to anyone and says nothing about which usernames exist.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safeplan.accounts import resets, selectors
from safeplan.accounts.forms import ConfirmForm, ResetCodeForm, ResetRequestForm
from safeplan.accounts.models import AccountReset
from safeplan.accounts.views.admin import _admin, _detail_url

# The services name the new password "password"; the form has it twice.
FIELD_NAMES = {"password": "new_password1"}


def _add_errors(form: ConfirmForm | ResetRequestForm | ResetCodeForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            field = FIELD_NAMES.get(name, name)
            for message in ValidationError(errors).messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def reset_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    user = selectors.user_for_admin(admin=admin, pk=pk)
    initial = {"what": request.GET.get("what")} if request.GET.get("what") in AccountReset.What.values else {}
    form = ResetRequestForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resets.reset_request(actor=admin, user=user, what=form.cleaned_data["what"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Reset asked for. Another admin must approve it; then the code goes to them alone.")
            )
            return HttpResponseRedirect(_detail_url(user))
    return render(
        request,
        "accounts/admin/reset_request.html",
        {"form": form, "target": user, "is_self": user.pk == admin.pk},
    )


def _reset_for_admin(request: HttpRequest, reset_id: int) -> tuple[AccountReset, object]:
    admin = _admin(request)
    reset = get_object_or_404(AccountReset.objects.select_related("user", "requested_by"), pk=reset_id)
    # Outside the admin's agency, the reset does not exist for them.
    selectors.user_for_admin(admin=admin, pk=reset.user_id)
    return reset, admin


@require_http_methods(["GET", "POST"])
def reset_approve_view(request: HttpRequest, reset_id: int) -> HttpResponse:
    reset, admin = _reset_for_admin(request, reset_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            resets.reset_approve(actor=admin, reset=reset)  # type: ignore[arg-type]
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Reset approved. The one-time code was sent to them alone."))
            return HttpResponseRedirect(_detail_url(reset.user))
    return render(request, "accounts/admin/reset_approve.html", {"form": form, "target": reset.user, "reset": reset})


@require_http_methods(["POST"])
def reset_cancel_view(request: HttpRequest, reset_id: int) -> HttpResponse:
    reset, admin = _reset_for_admin(request, reset_id)
    if ConfirmForm(request.POST).is_valid():
        resets.reset_cancel(actor=admin, reset=reset)  # type: ignore[arg-type]
        messages.success(request, _("Reset cancelled."))
    return HttpResponseRedirect(_detail_url(reset.user))


@require_http_methods(["GET", "POST"])
def reset_code_view(request: HttpRequest) -> HttpResponse:
    """The user sets their own password, or clears their second factor, with the code mailed to them."""
    form = ResetCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            resets.reset_complete(
                username=form.cleaned_data["username"],
                code=form.cleaned_data["code"],
                password=form.cleaned_data["new_password1"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, _("Done. Sign in now; if your second factor was reset, you will set up a new one.")
            )
            return HttpResponseRedirect(reverse("accounts:login"))
        # Never send back what was typed in the password boxes.
        form.data = {key: value for key, value in form.data.items() if not key.startswith("new_password")}
    return render(request, "accounts/reset_code.html", {"form": form})

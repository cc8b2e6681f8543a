"""A professional changing their own password (required after an admin set it)."""

from __future__ import annotations

from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from safeplan.accounts import services
from safeplan.accounts.forms import PasswordChangeForm
from safeplan.accounts.models import User
from safeplan.accounts.views.navigation import safe_next


@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Ask for the current password and a new one; keep this session signed in afterwards."""
    user = request.user
    assert isinstance(user, User)
    form = PasswordChangeForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.user_password_change(user=user, password=form.cleaned_data["new_password1"])
        # Other sessions end (their hash no longer matches); this one carries on.
        update_session_auth_hash(request, user)
        return HttpResponseRedirect(safe_next(request))
    return render(
        request,
        "accounts/password_change.html",
        {"form": form, "required": user.must_change_password, "next": safe_next(request)},
    )

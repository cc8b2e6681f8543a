"""Giving a second factor, setting one up, and backup codes."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from safeplan.accounts import second_factor, signin
from safeplan.accounts.forms import CodeForm, ConfirmForm, EnrolAppForm
from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.lockout import lockout_response
from safeplan.accounts.models import User
from safeplan.accounts.qr import qr_svg
from safeplan.accounts.views.navigation import safe_next, with_next


def _show_backup_codes(request: HttpRequest, codes: list[str], *, first_time: bool) -> HttpResponse:
    return render(
        request,
        "accounts/backup_codes_new.html",
        {
            "codes": [second_factor.format_backup_code(code) for code in codes],
            "first_time": first_time,
            "next": safe_next(request),
        },
    )


def _wrong_code_message(request: HttpRequest) -> str:
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is None:
        return _("The code is not right. Check it and try again.")
    left = max(settings.AXES_FAILURE_LIMIT - failures, 0)
    return ngettext(
        "The code is not right. Check it and try again. You have %(left)d more try before the account is locked.",
        "The code is not right. Check it and try again. You have %(left)d more tries before the account is locked.",
        left,
    ) % {"left": left}


@require_http_methods(["GET", "POST"])
@login_required
def second_factor_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask a signed-in user for a code or a passkey; every wrong one counts towards the lockout."""
    user = request.user
    next_url = safe_next(request)
    if signin.is_verified(user):
        return HttpResponseRedirect(next_url)
    if not second_factor.has_second_factor(user):
        return HttpResponseRedirect(with_next("accounts:enrol", next_url))
    form = CodeForm(
        request.POST if request.method == "POST" else None,
        has_app=second_factor.confirmed_totp_device(user) is not None,
        backup_codes_left=second_factor.backup_codes_left(user),
    )
    if request.method == "POST":
        if signin.is_locked_out(request, user):
            signin.sign_out(request, reason="locked_out")
            return lockout_response(request)
        if form.is_valid():
            match = second_factor.code_verify(user=user, code=form.cleaned_data["code"])
            if match is not None:
                device, method = match
                detail = {"backup_codes_left": second_factor.backup_codes_left(user)} if method == "backup_code" else {}
                signin.verified(request, device, method=method, detail=detail)
                return HttpResponseRedirect(next_url)
            if signin.second_factor_failed(request, method="code"):
                locked = bool(getattr(request, "axes_locked_out", False))
                signin.sign_out(request, reason=signin.TOO_MANY_CODES)
                if locked:
                    return lockout_response(request)
                return HttpResponseRedirect(
                    f"{with_next('accounts:login', next_url)}&signed_out={signin.TOO_MANY_CODES}"
                )
            form.add_error("code", _wrong_code_message(request))
    return render(
        request,
        "accounts/second_factor.html",
        {
            "form": form,
            "next": next_url,
            "has_passkey": second_factor.has_passkey(user),
        },
    )


def _already_enrolled(request: HttpRequest, user: User) -> HttpResponse | None:
    # Setting up is only for someone with no second factor at all: otherwise a
    # stolen password could add the thief's own authenticator.
    if second_factor.has_second_factor(user):
        return HttpResponseRedirect(with_next("accounts:second_factor", safe_next(request)))
    return None


@require_http_methods(["GET"])
@login_required
def enrol_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Offer the ways to set up a second factor: an authenticator app, or a passkey."""
    user = request.user
    redirect = _already_enrolled(request, user)
    if redirect is not None:
        return redirect
    next_url = safe_next(request)
    return render(
        request,
        "accounts/enrol.html",
        {"next": next_url, "backup_codes_url": with_next("accounts:backup_codes", next_url)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def enrol_app_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Set up an authenticator app from a QR code or a typed secret, confirmed by one code."""
    user = request.user
    redirect = _already_enrolled(request, user)
    if redirect is not None:
        return redirect
    form = EnrolAppForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.totp_enrolment_confirm(user=user, code=form.cleaned_data["code"])
        if codes is not None:
            device = second_factor.confirmed_totp_device(user)
            assert device is not None
            signin.verified(request, device, method=second_factor.TOTP, detail={"enrolment": True})
            return _show_backup_codes(request, codes, first_time=True)
        form.add_error(
            "code",
            _("The code is not right. Check the time on your phone is correct, then enter the code the app shows now."),
        )
    device = second_factor.totp_device_pending(user=user)
    return render(
        request,
        "accounts/enrol_app.html",
        {
            "form": form,
            "next": safe_next(request),
            "qr": qr_svg(device.config_url, label=_("QR code to scan with your authenticator app")),
            "secret": second_factor.totp_secret(device),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def backup_codes_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show new backup codes once: ones waiting since a passkey was set up, or a fresh set on request."""
    user = request.user
    pending = request.session.pop(second_factor.PENDING_BACKUP_CODES, None)
    if pending:
        return _show_backup_codes(request, list(pending), first_time=True)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.backup_codes_issue(actor=user, user=user)
        return _show_backup_codes(request, codes, first_time=False)
    return render(
        request,
        "accounts/backup_codes.html",
        {"form": form, "left": second_factor.backup_codes_left(user), "next": safe_next(request)},
    )

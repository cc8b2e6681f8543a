"""Signing in with a password, and signing out."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.accounts import signin
from safeplan.accounts.forms import SignInForm
from safeplan.accounts.views.navigation import with_next


def signed_out_message(reason: str) -> str:
    """Return the sentence that explains why the session ended, or "" for an unknown reason."""
    if reason == signin.IDLE:
        minutes = settings.SESSION_IDLE_SECONDS // 60
        return ngettext(
            "You were signed out after %(minutes)d minute without activity. Sign in again to carry on.",
            "You were signed out after %(minutes)d minutes without activity. Sign in again to carry on.",
            minutes,
        ) % {"minutes": minutes}
    if reason == signin.ABSOLUTE:
        hours = settings.SESSION_ABSOLUTE_SECONDS // 3600
        if hours >= 1 and settings.SESSION_ABSOLUTE_SECONDS % 3600 == 0:
            return ngettext(
                "You were signed out because you had been signed in for %(hours)d hour, the longest allowed. "
                "Sign in again to carry on.",
                "You were signed out because you had been signed in for %(hours)d hours, the longest allowed. "
                "Sign in again to carry on.",
                hours,
            ) % {"hours": hours}
        return _("You were signed out because you had been signed in for the longest time allowed. Sign in again.")
    if reason == signin.SECOND_FACTOR_RESET:
        return _("You were signed out because an admin reset your second factor. Sign in again to set up a new one.")
    if reason == signin.TOO_MANY_CODES:
        return _("You were signed out after too many wrong codes. Sign in again to try once more.")
    return ""


class SignInView(auth_views.LoginView):
    """Check the username and password, then send the user on to their second factor."""

    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signed_out_message"] = signed_out_message(self.request.GET.get("signed_out", ""))
        if context["signed_out_message"] and self.request.GET.get("kept") == "1":
            context["kept_message"] = _(
                "What you were saving when you were signed out is kept for 30 minutes. Sign in again and you can "
                "check it and send it."
            )
        return context

    def form_valid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        # The success address is worked out before the session changes.
        next_url = self.get_success_url()
        signin.signed_in(self.request, form.get_user())
        return HttpResponseRedirect(with_next("accounts:second_factor", next_url))

    def form_invalid(self, form: SignInForm) -> HttpResponse:  # type: ignore[override]
        # Only a real attempt (both boxes filled) is audited; an empty box never reached authenticate().
        username = form.attempted_username
        if username and form.cleaned_data.get("password"):
            signin.sign_in_failed(self.request, username)
        return super().form_invalid(form)


class SignOutView(auth_views.LogoutView):
    """End the session (POST only), audited."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        signin.sign_out(request)
        return HttpResponseRedirect(self.get_success_url())


@csrf_exempt
@require_http_methods(["GET", "POST"])
def exit_view(request: HttpRequest) -> HttpResponse:
    """ "Exit this page": end the session, audited, and send the browser to the neutral site.

    Someone may be standing behind the officer: a fresh request afterwards must not open the
    case. Exempt from CSRF on purpose (a forged request can only sign someone out, the safe
    direction) and public, so it works with an expired or half-finished session too.
    """
    signin.sign_out(request, reason=signin.EXIT)
    return HttpResponseRedirect(settings.EXIT_URL, status=303)


@require_safe
def keepalive_view(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": count as activity now (the idle warning on staff pages calls this).

    Only a signed-in, verified user gets here (the middlewares send anyone else to sign in), and only
    the session's own clock changes; the absolute limit still ends the session.
    """
    request.session[signin.LAST_SEEN_AT] = signin.now()
    return HttpResponse(status=204)

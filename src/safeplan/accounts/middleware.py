"""Session limits, the second factor and forced password changes, enforced for every address.

These middlewares protect everything except the allow-list in
safeplan.accounts.access: the public front page, static files, the language
switch, the survivor space under /s/ and the sign-in and second-factor pages.
So a professional app added later (cases, risk, MARAC, ...) is covered the
moment its URLs exist, without a decorator on each view.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import user_has_device

from safeplan.accounts import keptform, signin
from safeplan.accounts.access import (
    PASSWORD_CHANGE_VIEWS,
    PUBLIC_PREFIXES,
    SIGNED_OUT_VIEWS,
    UNVERIFIED_VIEWS,
    is_public_path,
)

# Activity is written to the session at most this often, so that every page
# view does not rewrite the session row; the idle limit is that much less exact.
ACTIVITY_RESOLUTION_SECONDS = 15


def signed_out_redirect(request: HttpRequest, reason: str, *, kept: bool = False) -> HttpResponseRedirect:
    """Send the browser to the sign-in page, saying why the session ended (and that a form was kept)."""
    query: dict[str, str] = {"signed_out": reason}
    if request.method == "GET" and not is_public_path(request.path_info):
        query["next"] = request.get_full_path()
    elif kept:
        query["next"] = request.path
        query["kept"] = "1"
    return HttpResponseRedirect(f"{reverse('accounts:login')}?{urlencode(query)}")


def _view_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match is not None else ""


class SessionTimeoutMiddleware:
    """End a professional's session after idle time, and at an absolute limit however active.

    The idle limit is SESSION_IDLE_SECONDS (SAFEPLAN_IDLE_TIMEOUT_SECONDS) since
    the last request; the absolute limit is SESSION_ABSOLUTE_SECONDS
    (SAFEPLAN_SESSION_ABSOLUTE_SECONDS) since the password was accepted. The
    survivor space (/s/) has its own lock and is left alone here.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PUBLIC_PREFIXES) and request.user.is_authenticated:
            reason = self.expired(request)
            if reason:
                sealed = keptform.seal(request)
                signin.sign_out(request, reason=reason)
                keptform.keep(request, sealed)
                return signed_out_redirect(request, reason, kept=bool(sealed))
        return self.get_response(request)

    def expired(self, request: HttpRequest) -> str:
        """Return why this session has ended ("idle" or "absolute"), or "" and note the activity."""
        session = request.session
        moment = signin.now()
        signed_in_at = session.get(signin.SIGNED_IN_AT)
        last_seen_at = session.get(signin.LAST_SEEN_AT)
        if signed_in_at is None or last_seen_at is None:
            # A session from before these limits existed, or made in a test:
            # its clock starts now.
            signin.start_session_clock(request)
            return ""
        if moment - float(signed_in_at) >= settings.SESSION_ABSOLUTE_SECONDS:
            return signin.ABSOLUTE
        if moment - float(last_seen_at) >= settings.SESSION_IDLE_SECONDS:
            return signin.IDLE
        if moment - float(last_seen_at) >= ACTIVITY_RESOLUTION_SECONDS:
            session[signin.LAST_SEEN_AT] = moment
        return ""


class SecondFactorRequiredMiddleware:
    """Require a signed-in user with a verified second factor everywhere but the allow-list.

    Someone not signed in is sent to sign in; someone who has given only their
    password is sent to give their second factor, or to set one up if they have
    none. A session that was verified and has lost it (an admin reset the
    user's second factor) is ended, so setting up a new one needs the password again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if is_public_path(request.path_info):
            return None
        name = _view_name(request)
        user = request.user
        if not user.is_authenticated:
            if name in SIGNED_OUT_VIEWS or name == "accounts:logout":
                return None
            return redirect_to_login(request.get_full_path())
        if signin.is_verified(user):
            return None
        if request.session.get(signin.VERIFIED):
            signin.sign_out(request, reason=signin.SECOND_FACTOR_RESET)
            return signed_out_redirect(request, signin.SECOND_FACTOR_RESET)
        if name in UNVERIFIED_VIEWS or name in SIGNED_OUT_VIEWS:
            return None
        target = reverse("accounts:second_factor" if user_has_device(user) else "accounts:enrol")
        if request.method == "GET":
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseRedirect(target)


class PasswordChangeRequiredMiddleware:
    """Send a verified user whose password an admin chose to change it before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if (
            is_public_path(request.path_info)
            or not user.is_authenticated
            or not signin.is_verified(user)
            or not getattr(user, "must_change_password", False)
            or _view_name(request) in PASSWORD_CHANGE_VIEWS
        ):
            return None
        return HttpResponseRedirect(reverse("accounts:password_change"))


class KeptFormMiddleware:
    """Offer a form kept across a timeout when its sender, signed in again, opens its page.

    The page's own view answers first, so the offer is made only where the user may still go (a case
    taken out of their reach meanwhile answers 404 as usual, and the kept form is dropped).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = request.user
        if keptform.SESSION_KEY in request.session and user.is_authenticated and signin.is_verified(user):
            kept = keptform.take(request)
            if kept is not None and response.status_code == 200:
                return keptform.offer(request, kept)
        return response

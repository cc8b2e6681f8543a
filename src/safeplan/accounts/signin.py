"""The steps of a professional's sign-in, as they touch the session, the lockout count and the audit trail.

A session moves through: password accepted (``signed_in``), second factor given
(``verified``), and ends (``sign_out``). Each step is audited. Wrong second-factor
codes count towards the same lockout as wrong passwords.
"""

from __future__ import annotations

import time
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device

from safeplan.accounts.models import User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb

# Session keys. Times are Unix seconds.
SIGNED_IN_AT = "sp_signed_in_at"
LAST_SEEN_AT = "sp_last_seen_at"
# Set once the second factor is given: a session that had it and lost it (an
# admin reset the user's second factor) is ended, not offered set-up.
VERIFIED = "sp_verified"
SECOND_FACTOR_FAILURES = "sp_second_factor_failures"
# Where a form typed in a staff session that ended waits for its author to sign in again (keptform).
KEPT_FORM = "_kept_form"

# Why a session ended, as shown on the sign-in page (?signed_out=...).
IDLE = "idle"
ABSOLUTE = "absolute"
SECOND_FACTOR_RESET = "second_factor_reset"
TOO_MANY_CODES = "too_many_codes"
# "Exit this page": never shown (the browser has gone to the neutral site), only audited.
EXIT = "exit"
SIGN_OUT_REASONS = frozenset({IDLE, ABSOLUTE, SECOND_FACTOR_RESET, TOO_MANY_CODES})


def now() -> float:
    """Return the current Unix time (a seam for tests)."""
    return time.time()


def is_verified(user: object) -> bool:
    """Return True if django-otp's middleware found a verified second factor on this user."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def credentials_for(user: User) -> dict[str, str]:
    """Return what axes needs to count or check failures for this user."""
    return {settings.AXES_USERNAME_FORM_FIELD: user.get_username()}


def is_locked_out(request: HttpRequest, user: User) -> bool:
    """Return True if this user's username is locked out now."""
    return AxesProxyHandler.is_locked(request, credentials_for(user))


def start_session_clock(request: HttpRequest) -> None:
    """Record when this session signed in, for the absolute limit, and its first activity."""
    moment = now()
    request.session[SIGNED_IN_AT] = moment
    request.session[LAST_SEEN_AT] = moment


def signed_in(request: HttpRequest, user: User) -> None:
    """Start a session for a user whose password was accepted, and audit it.

    One identity per side: the session starts empty, so whatever this browser had open before
    (a survivor space above all: its sealed key lives in the session) is closed by a staff
    sign-in. Only a form kept from an ended staff session is carried over.
    """
    carried = {key: request.session[key] for key in (KEPT_FORM,) if key in request.session}
    request.session.flush()
    request.session.update(carried)
    with transaction.atomic():
        auth_login(request, user)
        record(actor=user, verb=Verb.LOGIN, target=user, detail={"stage": "password"})
    start_session_clock(request)


def sign_in_failed(request: HttpRequest, username: str) -> None:
    """Audit a refused password sign-in, and the lockout if this attempt caused it.

    Only a username that belongs to an account is recorded (as the target): a
    password typed into the username box by mistake is never written down.
    """
    user = User.objects.filter(username=username).first() if username else None
    locked = bool(getattr(request, "axes_locked_out", False))
    # axes counts failures only for an attempt it let through; a count on the
    # request means this attempt reached the limit, rather than hit a standing lockout.
    newly_locked = locked and getattr(request, "axes_failures_since_start", None) is not None
    detail: dict[str, Any] = {"reason": "locked_out" if locked and not newly_locked else "bad_credentials"}
    if user is None:
        detail["known_username"] = False
    with transaction.atomic():
        record(actor=None, verb=Verb.LOGIN_FAILED, target=user, detail=detail)
        if newly_locked:
            record(actor=None, verb=Verb.LOCKED_OUT, target=user, detail={"after": "password"})


def verified(request: HttpRequest, device: Device, *, method: str, detail: dict[str, Any] | None = None) -> None:
    """Mark the session as verified by this device, audit it, and clear the failure count.

    The session key changes here, as at any change of privilege.
    """
    user = request.user
    assert isinstance(user, User)
    with transaction.atomic():
        record(actor=user, verb=Verb.OTP_VERIFIED, target=user, detail={"method": method, **(detail or {})})
    request.session.cycle_key()
    otp_login(request, device)
    request.session[VERIFIED] = True
    request.session.pop(SECOND_FACTOR_FAILURES, None)
    # A full sign-in (password and second factor) clears the lockout count.
    AxesProxyHandler.reset_attempts(username=user.get_username())


def second_factor_failed(request: HttpRequest, *, method: str) -> bool:
    """Count a wrong second factor towards the lockout; return True if the session must end.

    The session ends when the username is now locked out, or after
    AXES_FAILURE_LIMIT wrong codes in this session even if axes is switched off.
    """
    user = request.user
    assert isinstance(user, User)
    failures = int(request.session.get(SECOND_FACTOR_FAILURES, 0)) + 1
    request.session[SECOND_FACTOR_FAILURES] = failures
    AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials_for(user), request=request)
    locked = bool(getattr(request, "axes_locked_out", False))
    with transaction.atomic():
        record(actor=user, verb=Verb.OTP_FAILED, target=user, detail={"method": method})
        if locked:
            record(actor=user, verb=Verb.LOCKED_OUT, target=user, detail={"after": "second_factor"})
    return locked or failures >= settings.AXES_FAILURE_LIMIT


def sign_out(request: HttpRequest, *, reason: str = "") -> None:
    """End the session, auditing who left and why."""
    user = request.user
    if user.is_authenticated:
        with transaction.atomic():
            record(actor=user, verb=Verb.LOGOUT, target=user, detail={"reason": reason} if reason else {})
    auth_logout(request)

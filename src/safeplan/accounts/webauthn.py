"""Passkeys as a second factor (django-otp-webauthn), bound to our host and audited.

The library's own views do the WebAuthn ceremonies; the subclasses here add an
audit entry to each registration and verification, count a failed verification
towards the lockout, and issue backup codes with a user's first passkey.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from django.views.i18n import JavaScriptCatalog
from django_otp_webauthn import exceptions
from django_otp_webauthn import views as webauthn_views
from django_otp_webauthn.helpers import WebAuthnHelper as BaseWebAuthnHelper
from django_otp_webauthn.models import AbstractWebAuthnCredential, WebAuthnCredential

from safeplan.accounts import second_factor, signin
from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb

LOCAL_HOSTS = frozenset({"localhost"})


def relying_party_id(request: HttpRequest) -> str:
    """Return the domain passkeys are bound to: SAFEPLAN_WEBAUTHN_RP_ID, or this request's host name.

    The host has already been checked against ALLOWED_HOSTS by ``get_host()``.
    """
    return settings.WEBAUTHN_RP_ID or request.get_host().rsplit(":", 1)[0]


class WebAuthnHelper(BaseWebAuthnHelper):
    def get_allowed_origins(self) -> list[str]:
        """Return the configured origins, and outside production this local origin on any port.

        Test and demo servers listen on ports chosen at run time, which a fixed
        list cannot name; browsers treat http://localhost as a secure context.
        """
        origins = list(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS)
        host = self.request.get_host()
        if not settings.PRODUCTION and host.rsplit(":", 1)[0] in LOCAL_HOSTS:
            origins.append(f"{self.request.scheme}://{host}")
        return origins


class BeginRegistrationView(webauthn_views.BeginCredentialRegistrationView):
    pass


class CompleteRegistrationView(webauthn_views.CompleteCredentialRegistrationView):
    """Register a passkey; with a user's first second factor, also issue backup codes."""

    # Only a signed-in user reaches it (SecondFactorRequiredMiddleware, UNVERIFIED_VIEWS).
    request: AuthenticatedHttpRequest

    def post(self, *args: Any, **kwargs: Any) -> HttpResponse:
        user = self.request.user
        first = not second_factor.has_second_factor(user)
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            device = WebAuthnCredential.objects.get(user=user, pk=json.loads(response.content)["id"])
            record(actor=user, verb=Verb.PASSKEY_REGISTERED, target=user, detail={"device_id": device.pk})
            if first:
                record(actor=user, verb=Verb.OTP_ENROLLED, target=user, detail={"method": "passkey"})
                # The codes are shown on the next page; until then they wait in the session.
                self.request.session[second_factor.PENDING_BACKUP_CODES] = second_factor.backup_codes_issue(
                    actor=user, user=user
                )
        if first:
            signin.verified(self.request, device, method="passkey", detail={"enrolment": True})
        return response


class BeginAuthenticationView(webauthn_views.BeginCredentialAuthenticationView):
    pass


class CompleteAuthenticationView(webauthn_views.CompleteCredentialAuthenticationView):
    """Verify a passkey for a signed-in user, audited; a failure counts towards the lockout."""

    def complete_auth(self, device: AbstractWebAuthnCredential) -> None:
        if not self.request.user.is_authenticated:
            # Passwordless sign-in is off (OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN); never sign anyone in here.
            raise exceptions.PasswordlessLoginDisabled()
        signin.verified(self.request, device, method="passkey")

    def handle_exception(self, exc: Exception) -> HttpResponse:
        response: HttpResponse = super().handle_exception(exc)
        request = self.request
        if not isinstance(exc, exceptions.OTPWebAuthnApiError) or not request.user.is_authenticated:
            return response
        if signin.second_factor_failed(request, method="passkey"):
            signin.sign_out(request, reason=signin.TOO_MANY_CODES)
            # 429 tells the page (accounts/passkey.mjs) that the session has ended.
            return JsonResponse({"detail": str(exc), "code": exc.code, "signed_out": True}, status=429)
        return response


app_name = "otp_webauthn"

# The names are the library's own, which its template tags reverse.
urlpatterns = [
    path("registration/begin/", BeginRegistrationView.as_view(), name="credential-registration-begin"),
    path("registration/complete/", CompleteRegistrationView.as_view(), name="credential-registration-complete"),
    path("authentication/begin/", BeginAuthenticationView.as_view(), name="credential-authentication-begin"),
    path("authentication/complete/", CompleteAuthenticationView.as_view(), name="credential-authentication-complete"),
    path("jsi18n/", JavaScriptCatalog.as_view(packages=["django_otp_webauthn"]), name="js-i18n-catalog"),
]

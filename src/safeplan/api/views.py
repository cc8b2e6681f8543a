"""An agency admin's pages for the API credentials of their agency's integrations.

Only the agency's admin (with a verified second factor, as on every staff page) reaches them;
anyone else, and another agency's credentials, answer 404. A key is shown once, in the answer
to the post that made or rotated it, and is never stored.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.accounts.forms import ConfirmForm
from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.accounts.selectors import admin_agency_id
from safeplan.api import selectors, services
from safeplan.api.forms import CredentialCreateForm
from safeplan.api.models import ServiceCredential
from safeplan.web.forms import add_service_errors


def _detail_url(credential: ServiceCredential) -> str:
    return reverse("api_admin:credential", args=[credential.pk])


@login_required
@require_safe
def credentials_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    credentials = selectors.credentials_for_admin(admin=request.user)
    return render(request, "api/credentials.html", {"credentials": credentials, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def credential_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    admin = request.user
    form = CredentialCreateForm(request.POST if request.method == "POST" else None, agency_id=admin_agency_id(admin))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            credential, key = services.credential_create(
                actor=admin,
                name=data["name"],
                team=data["team"],
                role=data["role"],
                scopes=data["scopes"],
                expires_at=timezone.now() + timedelta(days=int(data["lifetime"])),
                submission=data["submission"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "api/key.html", {"credential": credential, "key": key, "created": True})
    return render(request, "api/credential_create.html", {"form": form})


@login_required
@require_safe
def credential_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    credential = selectors.credential_for_admin(admin=request.user, pk=pk)
    return render(request, "api/credential.html", {"credential": credential, "now": timezone.now()})


@login_required
@require_http_methods(["GET", "POST"])
def credential_rotate_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    credential = selectors.credential_for_admin(admin=request.user, pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            key = services.credential_rotate(actor=request.user, credential=credential)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "api/key.html", {"credential": credential, "key": key, "created": False})
    return render(
        request,
        "api/credential_confirm.html",
        {
            "form": form,
            "credential": credential,
            "heading": _("Rotate the key"),
            "explanation": _(
                "A new key is made and shown once. The current key stops working at once: put the new one into "
                "the integration straight away."
            ),
            "warning": False,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def credential_revoke_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    credential = selectors.credential_for_admin(admin=request.user, pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.credential_revoke(actor=request.user, credential=credential)
        messages.success(request, _("Credentials revoked. The integration can no longer call the API."))
        return HttpResponseRedirect(_detail_url(credential))
    return render(
        request,
        "api/credential_confirm.html",
        {
            "form": form,
            "credential": credential,
            "heading": _("Revoke the credentials"),
            "explanation": _(
                "The integration stops working at once, for good. What it recorded is kept. To connect it again, "
                "make new credentials."
            ),
            "warning": True,
        },
    )

"""Incident diary pages. Every view finds its case through cases.selectors.case_for (outsiders get 404)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import permissions
from safeplan.cases.decorators import caseworker_required
from safeplan.cases.freetext import text_revealed
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.evidence import chain, checks, exports, forms, imports, regions, selectors, services
from safeplan.evidence.filecrypto import DecryptingReader
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


def _no_store(response: HttpResponse | StreamingHttpResponse | FileResponse) -> Any:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def incident_list(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_for(request.user, case_id)
    filters = forms.IncidentFilterForm(request.GET)
    rows = filters.narrow(selectors.incidents(case)).annotate(amendment_count=Count("amendments"))
    return render(
        request,
        "evidence/incident_list.html",
        {
            "case": case,
            "page": paginate(request, rows),
            "filters": filters,
            "can_edit": permissions.can_edit(request.user, case),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def incident_create(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    form = forms.IncidentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.incident_record(
                actor=request.user, case=case, data=form.cleaned_data, submission=form.cleaned_data["submission"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("evidence:incident_detail", case_id=case.pk, incident_id=incident.pk)
    return render(request, "evidence/incident_form.html", {"case": case, "form": form, "regions": regions.REGIONS})


@require_http_methods(["GET", "POST"])
@login_required
def incident_detail(request: AuthenticatedHttpRequest, case_id: int, incident_id: int) -> HttpResponse:
    """Show an incident; a POST shows its text with confidential locations unmasked, audited, to a need-to-know user."""
    case = case_for(request.user, case_id)
    incident = selectors.incident_for(case, incident_id)
    shown: dict[str, Any] = {}
    if request.method == "POST":
        try:
            shown["redactor"] = text_revealed(actor=request.user, case=case, target=incident, what="incident")
        except PermissionDenied:
            raise Http404 from None
    services.incident_viewed(actor=request.user, case=case, incident=incident)
    codes = incident.region_codes()
    return render(
        request,
        "evidence/incident_detail.html",
        {
            "case": case,
            "incident": incident,
            "region_labels": regions.labels(codes),
            "body_map": regions.body_map(codes),
            "amendments": incident.amendments.select_related("created_by").order_by("sequence"),
            "attachments": incident.attachments.select_related("shared_copy").order_by("number"),
            "can_edit": permissions.can_edit(request.user, case),
            "can_reveal": permissions.can_reveal_location(request.user, case),
            **shown,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def incident_amend(request: AuthenticatedHttpRequest, case_id: int, incident_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    incident = selectors.incident_for(case, incident_id)
    form = forms.AmendmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.incident_amend(actor=request.user, case=case, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("evidence:incident_detail", case_id=case.pk, incident_id=incident.pk)
    return render(
        request, "evidence/simple_form.html", {"case": case, "incident": incident, "form": form, "title": "amend"}
    )


@require_http_methods(["GET", "POST"])
@login_required
def attachment_add(request: AuthenticatedHttpRequest, case_id: int, incident_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    incident = selectors.incident_for(case, incident_id)
    posted = request.method == "POST"
    form = forms.AttachmentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attachment_add(
                actor=request.user,
                case=case,
                incident=incident,
                upload=upload,
                name=upload.name or "",
                size=upload.size or 0,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                shared_copy=form.cleaned_data["shared_copy"],
                submission=form.cleaned_data["submission"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("evidence:incident_detail", case_id=case.pk, incident_id=incident.pk)
    return render(
        request,
        "evidence/simple_form.html",
        {"case": case, "incident": incident, "form": form, "title": "attach", "multipart": True},
    )


@require_POST
@login_required
def shared_copy_make(request: AuthenticatedHttpRequest, case_id: int, attachment_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    attachment = selectors.attachment_for(case, attachment_id)
    # On refusal nothing was written; the detail page shows which exhibits can have a copy.
    with contextlib.suppress(ValidationError):
        services.shared_copy_make(actor=request.user, case=case, attachment=attachment)
    if attachment.incident_id:
        return redirect("evidence:incident_detail", case_id=case.pk, incident_id=attachment.incident_id)
    return redirect("evidence:incident_list", case_id=case.pk)


def _stream(reader: DecryptingReader) -> Iterator[bytes]:
    try:
        yield from reader.chunks()
    finally:
        reader.close()


@require_safe
@login_required
def attachment_download(request: AuthenticatedHttpRequest, case_id: int, attachment_id: int) -> StreamingHttpResponse:
    case = case_for(request.user, case_id)
    attachment = selectors.attachment_for(case, attachment_id)
    shared = request.GET.get("copy") == "shared"
    try:
        reader = services.attachment_open(actor=request.user, case=case, attachment=attachment, shared=shared)
    except (ValidationError, PermissionDenied):
        raise Http404 from None
    suffix = "-location-removed" if shared else ""
    response = StreamingHttpResponse(_stream(reader), content_type=attachment.content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{attachment.reference}{suffix}.{attachment.extension}"'
    )
    response.headers["Content-Length"] = str(attachment.shared_copy.size if shared else attachment.size)
    return _no_store(response)


@require_http_methods(["GET", "POST"])
@login_required
def incident_import(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    posted = request.method == "POST"
    form = forms.ImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            outcome = imports.messages_import(
                actor=request.user,
                case=case,
                upload=upload,
                name=upload.name or "",
                size=upload.size or 0,
                source=form.cleaned_data["source"],
                own_name=form.cleaned_data["own_name"],
                dayfirst=not form.cleaned_data["month_first"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "evidence/import_done.html", {"case": case, "outcome": outcome})
    return render(
        request, "evidence/simple_form.html", {"case": case, "form": form, "title": "import", "multipart": True}
    )


@require_http_methods(["GET", "POST"])
@login_required
def bundle_export(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    form = forms.ExportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            built = exports.bundle_export(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = StreamingHttpResponse(built.chunks(), content_type="application/zip")
            response.headers["Content-Disposition"] = f'attachment; filename="{case.reference}-evidence-bundle.zip"'
            response.headers["Content-Length"] = str(built.size)
            response.headers["X-Bundle-SHA256"] = built.sha256
            return _no_store(response)
    return render(
        request,
        "evidence/export.html",
        {"case": case, "form": form, "report": chain.check_chain(case) if request.method == "GET" else None},
    )


@require_http_methods(["GET", "POST"])
@login_required
@caseworker_required
def bundle_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = forms.VerifyForm(request.POST if posted else None, request.FILES if posted else None)
    check = None
    if posted and form.is_valid():
        check = checks.bundle_check(actor=request.user, upload=form.cleaned_data["file"])
    return render(request, "evidence/verify.html", {"form": form, "check": check})

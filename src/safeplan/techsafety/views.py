"""Tech safety pages of a case. Every view finds its case through the one gate, so outsiders get 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import permissions
from safeplan.cases.models import Case
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.content.techcheck import tech_check
from safeplan.domain.techcheck import build_checklist
from safeplan.domain.techscan import DeviceDump, DumpError, scan
from safeplan.techsafety import presentation, report, selectors, services
from safeplan.techsafety.forms import ScanUploadForm, TechCheckForm
from safeplan.techsafety.indicatorlist import allow_list, indicator_list
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


def _overview(request: AuthenticatedHttpRequest, case: Case, plan_error: str = "") -> HttpResponse:
    check = selectors.latest_check(case)
    can_edit = permissions.can_edit(request.user, case)
    context: dict[str, object] = {
        "case": case,
        "check": check,
        "scans": paginate(
            request,
            selectors.scans(case),
            per_page=selectors.SCANS_PER_PAGE,
            previous_label=_("Newer scans"),
            next_label=_("Older scans"),
        ),
        "can_edit": can_edit,
        # "Record it first": as an incident on the case, for those who may add one.
        "record_url": reverse("evidence:incident_create", args=[case.pk]) if can_edit else "",
        "plan_error": plan_error,
    }
    if check is not None:
        content = tech_check()
        checklist = build_checklist(content, check.answers)
        services.techcheck_viewed(actor=request.user, case=case, check=check)
        context.update(
            steps=presentation.shown_steps(checklist),
            abuser_may_notice=checklist.abuser_may_notice,
            record_offered=checklist.record_offered,
            answers=presentation.shown_answers(content, check.answers),
            outdated=check.content_version != content.version,
        )
    return render(request, "techsafety/overview.html", context, status=400 if plan_error else 200)


@require_safe
@login_required
def overview(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The case's tech safety: the latest check's checklist, and the scans."""
    return _overview(request, case_for(request.user, case_id))


@require_POST
@login_required
def to_plan(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Add the latest checklist to the technology part of the draft safety plan, then show that part."""
    case = editable_case_for(request.user, case_id)
    check = selectors.latest_check(case)
    if check is None:
        return redirect("techsafety:overview", case_id=case.pk)
    steps = presentation.shown_steps(build_checklist(tech_check(), check.answers))
    try:
        services.techcheck_to_plan(actor=request.user, case=case, summary=presentation.plan_summary(steps))
    except ValidationError as error:
        return _overview(request, case, plan_error=" ".join(error.messages))
    return redirect("plans:build_parts", case_id=case.pk)


@require_http_methods(["GET", "POST"])
@login_required
def check(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Ask the intake questions with the victim; saving adds a new check to the case."""
    case = editable_case_for(request.user, case_id)
    latest = selectors.latest_check(case)
    initial = TechCheckForm.initial_from(latest.answers) if latest else None
    form = TechCheckForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.techcheck_record(actor=request.user, case=case, answers=form.answers())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("techsafety:overview", case_id=case.pk)
    return render(request, "techsafety/check.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def scan_upload(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Check the recorded outputs of the victim's phone against the indicator list; keep only the findings."""
    case = editable_case_for(request.user, case_id)
    posted = request.method == "POST"
    form = ScanUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        indicators = indicator_list()
        try:
            dump = DeviceDump(**form.texts())
            findings = scan(dump, indicators.packages, allowed=allow_list() | set(form.cleaned_data["allow"]))
            saved = services.techscan_record(
                actor=request.user,
                case=case,
                findings=[finding.as_dict() for finding in findings],
                indicators_sha256=indicators.sha256,
                indicators_source=f"{indicators.source}, {indicators.date}",
                device_note=form.cleaned_data["device_note"],
            )
        except DumpError as error:
            form.add_error(None, _("A file is not the output of its command: %(problem)s") % {"problem": error})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("techsafety:scan", case_id=case.pk, scan_id=saved.pk)
    return render(request, "techsafety/scan_upload.html", {"case": case, "form": form, "before": report.BEFORE})


@require_safe
@login_required
def scan_detail(request: AuthenticatedHttpRequest, case_id: int, scan_id: int) -> HttpResponse:
    """A scan report: possible signs, not proof, with what to do and how to undo USB debugging."""
    case = case_for(request.user, case_id)
    saved = selectors.scan_for(case, scan_id)
    services.techscan_viewed(actor=request.user, case=case, scan=saved)
    findings = [
        {
            **finding,
            "label": report.KIND_LABELS.get(finding["kind"], finding["kind"]),
            "severity_label": report.SEVERITY_LABELS.get(finding["severity"], finding["severity"]),
            "explained": report.explain(finding["kind"], finding["package"], finding["name"]),
        }
        for finding in saved.findings["findings"]
    ]
    can_edit = permissions.can_edit(request.user, case)
    return render(
        request,
        "techsafety/scan_detail.html",
        {
            "case": case,
            "scan": saved,
            "matches": [f for f in findings if f["kind"] in ("stalkerware", "watchware")],
            "others": [f for f in findings if f["kind"] not in ("stalkerware", "watchware")],
            "report": report,
            "record_url": reverse("evidence:incident_create", args=[case.pk]) if can_edit else "",
        },
    )

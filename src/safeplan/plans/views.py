"""Safety plan pages. Every view finds its case through cases.selectors.case_for, so outsiders get 404."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import permissions
from safeplan.cases import selectors as case_selectors
from safeplan.cases.conflicts import show_conflict
from safeplan.cases.freetext import redacted_initial
from safeplan.cases.models import Case
from safeplan.plans import building, forms, labels, presentation, printing, reviews, selectors, services
from safeplan.plans.diff import diff
from safeplan.plans.models import SafetyPlanDraft
from safeplan.plans.plandata import PlanData
from safeplan.versioned import NEW, StaleVersion
from safeplan.web.forms import add_service_errors

STEPS = ("coping", "circumstances", "measures", "parts")


def _posted(request: AuthenticatedHttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _step_page(
    request: AuthenticatedHttpRequest, case: Case, step: str, form: Any, data: PlanData, **extra: Any
) -> HttpResponse:
    return render(
        request,
        f"plans/build_{step}.html",
        {"case": case, "form": form, "data": data, "step": step, "step_number": STEPS.index(step) + 1, **extra},
    )


@require_safe
@login_required
def plan(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.case_for(request.user, case_id)
    versions = list(selectors.versions(case))
    current = selectors.version_for(case, versions[0].pk) if versions else None
    if current is not None:
        services.plan_viewed(actor=request.user, case=case, version=current)
    return render(
        request,
        "plans/plan.html",
        {
            "case": case,
            "current": current,
            "versions": versions,
            "version_rows": [(v, versions[i + 1] if i + 1 < len(versions) else None) for i, v in enumerate(versions)],
            "draft": selectors.draft_for(case),
            "can_edit": permissions.can_edit(request.user, case),
            "open_reviews": reviews.open_reviews(case),
            **(_version_context(current) if current else {}),
        },
    )


def _version_context(version: Any) -> dict[str, Any]:
    answers = version.circumstances_answers()
    return {
        "sections": presentation.sections(version),
        "situation_label": labels.SITUATION_LABELS[answers.situation],
        "answers": [
            (labels.QUESTIONS[name][0], labels.ANSWER_LABELS[answer]) for name, answer in answers.answers.items()
        ],
    }


@require_safe
@login_required
def version_detail(request: AuthenticatedHttpRequest, case_id: int, version_id: int) -> HttpResponse:
    case = case_selectors.case_for(request.user, case_id)
    version = selectors.version_for(case, version_id)
    services.plan_viewed(actor=request.user, case=case, version=version)
    others = [v for v in selectors.versions(case) if v.pk != version.pk]
    return render(
        request,
        "plans/version.html",
        {
            "case": case,
            "version": version,
            "others": others,
            "answered_reviews": reviews.answered_reviews(version),
            **_version_context(version),
        },
    )


@require_safe
@login_required
def version_diff(
    request: AuthenticatedHttpRequest, case_id: int, version_id: int, other_version_id: int
) -> HttpResponse:
    case = case_selectors.case_for(request.user, case_id)
    first = selectors.version_for(case, version_id)
    second = selectors.version_for(case, other_version_id)
    old, new = sorted((first, second), key=lambda version: version.number)
    services.plan_viewed(actor=request.user, case=case, version=new, compared_with=old.number)
    changes = diff(selectors.state_of(old), selectors.state_of(new))
    bag_titles = {entry["measure_id"]: entry["title"] for entry in old.bag_checklist() + new.bag_checklist()}
    return render(
        request,
        "plans/diff.html",
        {"case": case, "old": old, "new": new, "changes": presentation.describe_diff(changes, bag_titles)},
    )


def _discreet(request: AuthenticatedHttpRequest) -> bool:
    return request.GET.get("discreet") == "1"


@require_safe
@login_required
def version_print(request: AuthenticatedHttpRequest, case_id: int, version_id: int) -> HttpResponse:
    case = case_selectors.case_for(request.user, case_id)
    version = selectors.version_for(case, version_id)
    discreet = _discreet(request)
    services.plan_printed(actor=request.user, case=case, version=version, output="html", discreet=discreet)
    return HttpResponse(printing.render_html(request, case, version, discreet=discreet, for_pdf=False))


@require_safe
@login_required
def version_pdf(request: AuthenticatedHttpRequest, case_id: int, version_id: int) -> FileResponse:
    case = case_selectors.case_for(request.user, case_id)
    version = selectors.version_for(case, version_id)
    discreet = _discreet(request)
    services.plan_printed(actor=request.user, case=case, version=version, output="pdf", discreet=discreet)
    html = printing.render_html(request, case, version, discreet=discreet, for_pdf=True)
    body = printing.pdf_bytes(html, base_url=request.build_absolute_uri("/"))
    filename = printing.DISCREET_FILENAME if discreet else printing.FILENAME
    response = FileResponse(io.BytesIO(body), as_attachment=True, filename=filename, content_type="application/pdf")
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def _version(draft: SafetyPlanDraft | None) -> int:
    return draft.version if draft is not None else NEW


def _stale(form: Any, error: StaleVersion, case: Case, build_form: Callable[[SafetyPlanDraft, PlanData], Any]) -> None:
    """Show a refused step save beside the draft as it is now (the other person's save)."""
    draft, data = selectors.draft_data(case)
    show_conflict(form, error, case=case, saved=build_form(draft, data) if draft is not None else None)


def _save_form(posted: Any, case: Case, draft: SafetyPlanDraft | None, has_versions: bool) -> forms.SaveForm:
    return forms.SaveForm(posted, first=not has_versions, initial={"version": _version(draft)})


@require_http_methods(["GET", "POST"])
@login_required
def build(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """Show the steps and the state of the draft; save the draft as a new version."""
    case = case_selectors.editable_case_for(request.user, case_id)
    draft, data = selectors.draft_data(case)
    has_versions = selectors.versions(case).exists()
    form = _save_form(_posted(request), case, draft, has_versions)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_save(
                actor=request.user,
                case=case,
                reason=form.chosen_reason(),
                next_review_on=form.cleaned_data["next_review_on"],
                change_note=form.cleaned_data["change_note"],
                version=form.cleaned_data["version"],
            )
        except StaleVersion as error:
            # The steps below now show the draft as the other person left it.
            draft, data = selectors.draft_data(case)
            show_conflict(form, error, case=case, saved=None)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("plans:version", case_id=case.pk, version_id=version.pk)
    counts = {code: 0 for code in labels.STATUS_SHORT}
    for item in data.items:
        counts[item.status] += 1
    return render(
        request,
        "plans/build.html",
        {
            "case": case,
            "form": form,
            "draft": draft,
            "data": data,
            "has_versions": has_versions,
            "counts": [(labels.STATUS_SHORT[code], count) for code, count in counts.items()],
            "problems": building.problems_before_saving(data) if draft is not None else [],
            "parts_recorded": not data.parts.is_empty(),
            "open_reviews": reviews.open_reviews(case),
        },
    )


@require_POST
@login_required
def build_discard(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.editable_case_for(request.user, case_id)
    services.draft_discard(actor=request.user, case=case)
    return redirect("plans:plan", case_id=case.pk)


def _coping_form(posted: Any, case: Case, draft: SafetyPlanDraft | None, data: PlanData) -> forms.CopingForm:
    initial = {
        "coping_strategies": data.coping_strategies,
        "none_yet": data.coping_recorded and not data.coping_strategies,
        "version": _version(draft),
    }
    return forms.CopingForm(posted, initial=redacted_initial(case, initial))


@require_http_methods(["GET", "POST"])
@login_required
def build_coping(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.editable_case_for(request.user, case_id)
    draft, data = selectors.draft_data(case)
    form = _coping_form(_posted(request), case, draft, data)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_record_coping(actor=request.user, case=case, **form.cleaned_data)
        except StaleVersion as error:
            _stale(form, error, case, lambda draft, data: _coping_form(None, case, draft, data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("plans:build_circumstances", case_id=case.pk)
    return _step_page(request, case, "coping", form, data)


def _circumstances_form(
    posted: Any, case: Case, draft: SafetyPlanDraft | None, data: PlanData
) -> forms.CircumstancesForm:
    if data.circumstances is not None:
        initial: dict[str, Any] = {"situation": data.circumstances.situation, **data.circumstances.answers}
    else:
        initial = {"has_children": "yes"} if services.case_has_children(case) else {}
    return forms.CircumstancesForm(posted, initial={**initial, "version": _version(draft)})


@require_http_methods(["GET", "POST"])
@login_required
def build_circumstances(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.editable_case_for(request.user, case_id)
    draft, data = selectors.draft_data(case)
    form = _circumstances_form(_posted(request), case, draft, data)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_record_circumstances(
                actor=request.user,
                case=case,
                situation=form.cleaned_data["situation"],
                answers=form.answers(),
                version=form.cleaned_data["version"],
            )
        except StaleVersion as error:
            _stale(form, error, case, lambda draft, data: _circumstances_form(None, case, draft, data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("plans:build_measures", case_id=case.pk)
    return _step_page(request, case, "circumstances", form, data)


def _measures_form(posted: Any, draft: SafetyPlanDraft | None, data: PlanData, show_all: bool) -> Any:
    rows = building.measure_rows(data, show_all=show_all)
    return forms.MeasuresForm(posted, rows=rows, initial={"version": _version(draft)}) if rows else None


@require_http_methods(["GET", "POST"])
@login_required
def build_measures(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.editable_case_for(request.user, case_id)
    draft, data = selectors.draft_data(case)
    show_all = request.GET.get("all") == "1"
    form = _measures_form(_posted(request), draft, data, show_all)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.draft_record_choices(
                actor=request.user, case=case, choices=form.choices(), version=form.cleaned_data["version"]
            )
        except StaleVersion as error:
            _stale(form, error, case, lambda draft, data: _measures_form(None, draft, data, show_all))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("plans:build_parts", case_id=case.pk)
    if request.method == "POST" and form is None:
        return redirect("plans:build_circumstances", case_id=case.pk)
    blocks = form.blocks() if form is not None else []
    groups = []
    for group in ("suggested", "kept", "other"):
        in_group = [block for block in blocks if block["row"].group == group]
        if in_group:
            groups.append((group, in_group))
    return _step_page(request, case, "measures", form, data, groups=groups, show_all=show_all)


def _parts_form(posted: Any, case: Case, draft: SafetyPlanDraft | None, data: PlanData) -> forms.PartsForm:
    has_children = services.case_has_children(case)
    initial = {**data.parts.model_dump(), "bag_ticked": list(data.parts.bag_ticked), "version": _version(draft)}
    return forms.PartsForm(
        posted,
        initial=redacted_initial(case, initial),
        children=building.children_relevant(data, case_has_children=has_children),
        handovers=building.handovers_relevant(data, case_has_children=has_children),
    )


@require_http_methods(["GET", "POST"])
@login_required
def build_parts(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.editable_case_for(request.user, case_id)
    draft, data = selectors.draft_data(case)
    has_children = services.case_has_children(case)
    form = _parts_form(_posted(request), case, draft, data)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_record_parts(
                actor=request.user, case=case, parts=form.parts(data.parts), version=form.cleaned_data["version"]
            )
        except StaleVersion as error:
            _stale(form, error, case, lambda draft, data: _parts_form(None, case, draft, data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("plans:build", case_id=case.pk)
    return _step_page(
        request,
        case,
        "parts",
        form,
        data,
        bag_rows=building.bag_rows(data),
        children=building.children_relevant(data, case_has_children=has_children),
        handovers=building.handovers_relevant(data, case_has_children=has_children),
    )

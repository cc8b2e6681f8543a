"""The tech safety check inside a survivor space (under /s/e/). Plan spaces only.

Her answers are sealed in her space like everything else; the checklist is worked out again
from them on every view, so nothing but the answers and the steps she ticked is kept. The
pages work without JavaScript, and nothing here logs or audits.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safeplan.content.techcheck import tech_check
from safeplan.domain.techcheck import AnswerError, build_checklist, normalise_answers
from safeplan.survivor import drafts, services
from safeplan.survivor.document import Document, PlanSpace, TechAnswers
from safeplan.survivor.views.base import plan_only, render_page, with_space
from safeplan.survivor.views.diary import DRAFT as DIARY_DRAFT
from safeplan.techsafety import presentation
from safeplan.techsafety.forms import TechCheckForm


@require_http_methods(["GET", "POST"])
@with_space
def questions(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    space = plan_only(document)
    initial = TechCheckForm.initial_from(space.tech.answers) if space.tech else None
    form = TechCheckForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_valid():
        check = tech_check()
        try:
            answers = stored_answers(form)
        except AnswerError:
            form.add_error(None, _("That answer is not one of the choices. Answer the questions again."))
        else:
            done = space.tech.done if space.tech else []

            def change(document: PlanSpace) -> None:
                document.tech = TechAnswers(version=check.version, answers=answers, done=done, saved=timezone.now())

            services.plan_update(opened, change)
            return redirect("survivor:tech_list")
    return render_page(request, "survivor/tech.html", {"form": form})


def stored_answers(form: TechCheckForm) -> dict[str, list[str]]:
    """Return the form's answers as stored (question id -> values), checked against the content."""
    return normalise_answers(tech_check(), form.answers())


@require_http_methods(["GET", "POST"])
@with_space
def checklist(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    space = plan_only(document)
    if space.tech is None:
        return redirect("survivor:tech")
    check = tech_check()
    result = build_checklist(check, space.tech.answers)
    steps = presentation.shown_steps(result)
    if request.method == "POST":
        known = {step.id for step in steps}
        ticked = [step_id for step_id in request.POST.getlist("done") if step_id in known]

        def change(document: PlanSpace) -> None:
            if document.tech is not None:
                document.tech.done = ticked

        services.plan_update(opened, change)
        if request.POST.get("action") == "record":
            return _record_in_diary(opened, space)
        return redirect("survivor:tech_list")
    context = {
        "steps": steps,
        "abuser_may_notice": result.abuser_may_notice,
        "record_offered": result.record_offered,
        "done": set(space.tech.done),
        "outdated": space.tech.version != check.version,
    }
    return render_page(request, "survivor/tech_list.html", context)


def _record_in_diary(opened: services.OpenVault, space: PlanSpace) -> HttpResponse:
    """Start a diary entry about what the check found (kept as her diary draft), unless one is already started."""
    if DIARY_DRAFT not in space.drafts:
        drafts.draft_save(
            opened, DIARY_DRAFT, {"what_happened": _("While checking my phone, accounts and things, I found: ")}
        )
    return redirect("survivor:diary_new")

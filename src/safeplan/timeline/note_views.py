"""Case notes and the contact log: a page of each, and the forms that add to them.

Every view finds its case through case_for or editable_case_for, so outsiders get 404.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases import permissions
from safeplan.cases.freetext import redacted_initial
from safeplan.cases.selectors import case_for, editable_case_for
from safeplan.timeline import notes, selectors
from safeplan.timeline.models import CaseNote
from safeplan.timeline.note_forms import ContactForm, NoteCorrectForm, NoteForm
from safeplan.web.forms import add_service_errors
from safeplan.web.pagination import paginate


@require_safe
@login_required
def note_list(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    """The case's notes, or its contact log (?show=contacts), newest first, a page at a time."""
    user = request.user
    case = case_for(user, case_id)
    show = "contacts" if request.GET.get("show") == "contacts" else "notes"
    rows = selectors.case_contacts(case) if show == "contacts" else selectors.case_notes(case)
    notes.notes_viewed(actor=user, case=case, what=show)
    return render(
        request,
        "timeline/notes.html",
        {
            "case": case,
            "show": show,
            "page": paginate(request, rows),
            "can_edit": permissions.can_edit(user, case),
        },
    )


def _to_list(case_id: int, show: str) -> HttpResponse:
    return redirect(reverse("timeline:notes", args=[case_id]) + f"?show={show}")


@require_http_methods(["GET", "POST"])
@login_required
def note_new(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            notes.note_write(
                actor=request.user,
                case=case,
                text=form.cleaned_data["text"],
                submission=form.cleaned_data["submission"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _to_list(case.pk, "notes")
    return render(request, "timeline/note_form.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def note_correct(request: AuthenticatedHttpRequest, case_id: int, note_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    note = get_object_or_404(CaseNote.objects.select_related("written_by"), case=case, pk=note_id)
    # The original is shown masked, as on the list; the correction stores the mask, taking the address out.
    form = NoteCorrectForm(
        request.POST if request.method == "POST" else None, initial=redacted_initial(case, {"text": note.text})
    )
    if request.method == "POST" and form.is_valid():
        try:
            notes.note_correct(
                actor=request.user,
                note=note,
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
                submission=form.cleaned_data["submission"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _to_list(case.pk, "notes")
    return render(request, "timeline/note_correct.html", {"case": case, "note": note, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def contact_new(request: AuthenticatedHttpRequest, case_id: int) -> HttpResponse:
    case = editable_case_for(request.user, case_id)
    waiting = selectors.waiting_to_be_told(case)
    now = timezone.localtime()
    form = ContactForm(
        request.POST if request.method == "POST" else None,
        initial={"contacted_on": now.date(), "contacted_time": now.strftime("%H:%M")},
        waiting=waiting,
        labels=selectors.obligation_labels(waiting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            notes.contact_record(actor=request.user, case=case, **form.service_arguments())
        except ValidationError as error:
            if hasattr(error, "error_dict"):  # a moment's error belongs on its date field
                error = ValidationError(
                    {
                        "contacted_on" if key == "contacted_at" else key: value
                        for key, value in error.message_dict.items()
                    }
                )
            add_service_errors(form, error)
        else:
            return _to_list(case.pk, "contacts")
    return render(
        request,
        "timeline/contact_form.html",
        {"case": case, "form": form, "contact": getattr(case, "safe_contact", None), "can_edit": True},
    )

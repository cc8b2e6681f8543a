"""The shell of every survivor page: neutral title, auto-lock data, and the open space a page needs.

Every page has a neutral title ("Notes"), the quick exit, and ``Cache-Control: no-store``
(set for every page by safeplan.web.middleware). Nothing here logs or audits: a record that
a space was used would itself identify it. Pages that need an open space redirect to the
"open" page when none is (or it has locked itself).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safeplan.survivor import drafts, services, session
from safeplan.survivor.document import Document, PlanSpace

NOTE_KEY = "survivor_note"
NOTE_SAVED = "saved"
NOTE_KEPT = "kept"
NOTES = {
    NOTE_SAVED: gettext_lazy("Your space locked because it was not used for a while. What you sent was saved."),
    NOTE_KEPT: gettext_lazy(
        "What you were writing was kept, locked in your space. Open your space to finish it: "
        "it is shown again on its page."
    ),
}


def render_page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """Render a survivor page with the neutral service name and, when a space is open, its auto-lock."""
    space_open = getattr(request, "survivor_space_open", False) or session.is_open(request)
    tab, fresh = session.tab(request) if space_open else ("", False)
    values = {
        "service_name": _("Notes"),
        "autolock_seconds": session.autolock_seconds(),
        "space_open": space_open,
        "tab_token": tab,
        "tab_fresh": fresh,
        "page_number": session.page_shown(request) if space_open else 0,
        "lock_when_hidden": session.locks_when_hidden(request),
        **(context or {}),
    }
    return render(request, template, values, status=status)


def with_space(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run the view with the open space and its content, or send the browser to the open page.

    A form posted just after the space locked itself for being idle (within
    ``session.GRACE_SECONDS``) is still handled; then the space locks. If the form did not
    save (it had a mistake), what she wrote is kept as a draft, so nothing is lost either way.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        opened = session.current(request, write=request.method == "POST")
        document = services.vault_read(opened) if opened is not None else None
        if opened is None or document is None:
            gone: HttpResponse = redirect("survivor:open")
            session.lock(request, gone)
            return gone
        request.survivor_space_open = True  # type: ignore[attr-defined]
        response = view(request, opened, document, *args, **kwargs)
        if not session.is_late(request):
            return response
        if response.status_code in (302, 303):
            note = NOTE_SAVED
        elif drafts.draft_save(opened, request.POST.get(drafts.FORM_FIELD, ""), request.POST):
            note = NOTE_KEPT
        else:
            note = ""
        return locked_redirect(request, note)

    return wrapper


def locked_redirect(request: HttpRequest, note: str = "") -> HttpResponse:
    """Lock the space and send the browser to the locked page, which shows the note once."""
    response: HttpResponse = redirect("survivor:lock")
    response.status_code = 303
    session.lock(request, response)
    if note:
        request.session[NOTE_KEY] = note
    return response


def pop_note(request: HttpRequest) -> str:
    """Return the sentence to show on the locked page about what was kept, once."""
    return str(NOTES.get(str(request.session.pop(NOTE_KEY, "")), ""))


def plan_only(document: Document) -> PlanSpace:
    """Return the document if it is a plan space; a notes space answers 404, as a missing page does."""
    if not isinstance(document, PlanSpace):
        raise Http404
    return document

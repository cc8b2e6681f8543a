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

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from safeplan.survivor import drafts, services, session
from safeplan.survivor.document import Document, NotesSpace, PlanSpace

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


# Each page's own title, before " - Notes": neutral words only, as titles are kept in history,
# new-tab tiles and session-restore data (WCAG 2.4.2 wants each page titled; safety wants them dull).
PAGE_TITLES = {
    "survivor/about.html": gettext_lazy("Privacy"),
    "survivor/helplines.html": gettext_lazy("Phone numbers"),
    "survivor/legal.html": gettext_lazy("Information"),
    "survivor/self_check.html": gettext_lazy("Questions"),
    "survivor/new.html": gettext_lazy("Start"),
    "survivor/created.html": gettext_lazy("Your words"),
    "survivor/check.html": gettext_lazy("Check"),
    "survivor/open.html": gettext_lazy("Open"),
    "survivor/home.html": gettext_lazy("Home"),
    "survivor/notes_home.html": gettext_lazy("Home"),
    "survivor/plan.html": gettext_lazy("Questions"),
    "survivor/choose.html": gettext_lazy("Choices"),
    "survivor/readback.html": gettext_lazy("Summary"),
    "survivor/bag.html": gettext_lazy("Checklist"),
    "survivor/settings.html": gettext_lazy("Settings"),
    "survivor/share.html": gettext_lazy("Share"),
    "survivor/diary.html": gettext_lazy("Entries"),
    "survivor/diary_new.html": gettext_lazy("New entry"),
    "survivor/diary_amend.html": gettext_lazy("Add a note"),
    "survivor/diary_download.html": gettext_lazy("Download"),
    "survivor/diary_broken.html": gettext_lazy("Entries"),
    "survivor/tech.html": gettext_lazy("Checks"),
    "survivor/tech_list.html": gettext_lazy("Checks"),
    "survivor/services.html": gettext_lazy("Places"),
    "survivor/photo.html": gettext_lazy("Picture"),
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
        "page_title": PAGE_TITLES.get(template, ""),
        "decoy": getattr(request, "survivor_decoy", None),
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
        request.survivor_decoy = isinstance(document, NotesSpace)  # type: ignore[attr-defined]
        try:
            response = view(request, opened, document, *args, **kwargs)
        except OtherKind:
            response = same_answer(request, document)
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


FLASH_KEY = "survivor_flash"


def after_post(request: HttpRequest, to: str, **shown: Any) -> HttpResponse:
    """Redirect (303) after a POST, keeping what the next page shows once in the server session.

    Every survivor form redirects after it is sent: a page rendered from a POST leaves the POST
    body (her answers) in the browser's session-restore data and history, and reloading resends it.
    """
    if shown:
        request.session[FLASH_KEY] = shown
    response: HttpResponse = redirect(to)
    response.status_code = 303
    return response


def pop_shown(request: HttpRequest) -> dict[str, Any]:
    """Return what after_post kept for this page, once."""
    shown = request.session.pop(FLASH_KEY, None)
    return shown if isinstance(shown, dict) else {}


def pop_note(request: HttpRequest) -> str:
    """Return the sentence to show on the locked page about what was kept, once."""
    return str(NOTES.get(str(request.session.pop(NOTE_KEY, "")), ""))


class OtherKind(Exception):
    """The page belongs to the other kind of space (a plan page in a notes space, or a list slot it lacks)."""


def plan_only(document: Document) -> PlanSpace:
    """Return the document if it is a plan space; in a notes space the page answers as ``same_answer`` says."""
    if not isinstance(document, PlanSpace):
        raise OtherKind
    return document


# The title a page of a plan space has, by URL name: a notes space answers the same address with
# the same title, so what history shows for an address matches what the address shows.
URL_TITLES = {
    "plan": PAGE_TITLES["survivor/plan.html"],
    "choose": PAGE_TITLES["survivor/choose.html"],
    "readback": PAGE_TITLES["survivor/readback.html"],
    "bag": PAGE_TITLES["survivor/bag.html"],
    "settings": PAGE_TITLES["survivor/settings.html"],
    "share": PAGE_TITLES["survivor/share.html"],
    "diary": PAGE_TITLES["survivor/diary.html"],
    "diary_new": PAGE_TITLES["survivor/diary_new.html"],
    "diary_amend": PAGE_TITLES["survivor/diary_amend.html"],
    "diary_download": PAGE_TITLES["survivor/diary_download.html"],
    "diary_photo": PAGE_TITLES["survivor/diary.html"],
    "tech": PAGE_TITLES["survivor/tech.html"],
    "tech_list": PAGE_TITLES["survivor/tech_list.html"],
    "services": PAGE_TITLES["survivor/services.html"],
}
# Every list address has one title, whichever kind of space is open (see URL_TITLES).
SLOT_TITLES = {1: gettext_lazy("Contacts"), 2: gettext_lazy("Phrases"), 3: gettext_lazy("To do")}


def same_answer(request: HttpRequest, document: Document) -> HttpResponse:
    """Answer an address that this kind of space has no page for as a page of it would, never with a 404.

    The duress words open a notes space that must not give itself away: an address from her
    history (her diary, her plan) answers in it as it does in a real space, with a page (the
    space's home) under the title that address has there. A form sent to it goes home.
    """
    from safeplan.survivor.views.space import home_page  # the pages module imports this one

    if request.method == "POST":
        return after_post(request, "survivor:home")
    match = request.resolver_match
    name = (match.url_name if match else None) or ""
    title = SLOT_TITLES.get(match.kwargs.get("slot", 0), "") if match and name == "list" else URL_TITLES.get(name, "")
    return home_page(request, document, str(title))

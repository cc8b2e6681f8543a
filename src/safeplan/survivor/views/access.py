"""Starting, opening, locking and leaving a survivor space. No account: a space is opened with its six words."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from safeplan.survivor import content, drafts, forms, limits, passphrases, services, session
from safeplan.survivor.document import Document, PlanSpace
from safeplan.survivor.views.base import NOTE_KEPT, locked_redirect, pop_note, render_page, with_space
from safeplan.web.csrf import FetchMetadataCsrfViewMiddleware

GENERIC_FAILURE = gettext_lazy(
    "We couldn't open a space with those words. Check each word and try again, or start a new space."
)


# One identity per side: a space never opens inside a staff session (see session.staff_signed_in).
STAFF_SIGNED_IN = gettext_lazy(
    "This browser is signed in to the staff side of this service. Sign out there first, then open your space."
)


def wait_message(seconds: int) -> str:
    """Say honestly that a limit applies, and that the words may well be right."""
    return ngettext(
        "There have been too many tries from this connection in the last few minutes. "
        "Your words may be right: wait %(seconds)d second, then try again.",
        "There have been too many tries from this connection in the last few minutes. "
        "Your words may be right: wait %(seconds)d seconds, then try again.",
        seconds,
    ) % {"seconds": seconds}


@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render_page(request, "survivor/new.html", {"tracks": content.covering_tracks()})
    if session.staff_signed_in(request):
        context = {"tracks": content.covering_tracks(), "staff": STAFF_SIGNED_IN}
        return render_page(request, "survivor/new.html", context, status=409)
    wait = limits.wait_before("create", request)
    if wait:
        context = {"tracks": content.covering_tracks(), "wait": wait.seconds}
        return render_page(request, "survivor/new.html", context, status=429)
    limits.note_try("create", request)  # each new space costs a key derivation
    response = redirect("survivor:words", permanent=False)
    response.status_code = 303
    session.stash_new(request, response, passphrases.generate_passphrase(), _two_positions())
    return response


def _two_positions() -> tuple[int, int]:
    """Return two different word positions (0-based, in order) to ask her for."""
    first, second = sorted(secrets.SystemRandom().sample(range(passphrases.DEFAULT_WORDS), 2))
    return first, second


@require_safe
def words(request: HttpRequest) -> HttpResponse:
    """Show the words of a space about to be made (until she has typed two back), or second words once."""
    waiting = session.new_words(request)
    if waiting is not None:
        return render_page(request, "survivor/created.html", {"words": waiting[0].split(), "duress": False})
    return _second_words(request)


@with_space
def _second_words(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    """Show new second words once; afterwards (Back, refresh) the page goes to the space's home."""
    stashed = session.pop_words(request)
    if stashed is None:
        return redirect("survivor:home")
    passphrase, duress = stashed
    return render_page(request, "survivor/created.html", {"words": passphrase.split(), "duress": duress})


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Make her space once she types back the two words she is asked for, so she cannot lose it by not keeping them.

    A mistake keeps what she typed (masked) and offers her words again; nothing is made until both match.
    """
    waiting = session.new_words(request)
    if waiting is None:
        return redirect("survivor:new")
    passphrase, asked = waiting
    form = forms.WordsCheckForm(
        request.POST if request.method == "POST" else None, words=passphrase.split(), asked=asked
    )
    if form.is_valid():
        _words, opened = services.vault_create(passphrase=passphrase)
        response = redirect("survivor:home")
        response.status_code = 303
        session.start(request, response, opened)
        return response
    return render_page(request, "survivor/check.html", {"form": form})


@require_http_methods(["GET", "POST"])
def open_space(request: HttpRequest) -> HttpResponse:
    form = forms.OpenForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and session.staff_signed_in(request):
        form.add_error("passphrase", STAFF_SIGNED_IN)
        form.data = {key: value for key, value in form.data.items() if key != "passphrase"}
        return render_page(request, "survivor/open.html", {"form": form}, status=409)
    if form.is_valid():
        wait = limits.wait_before("unlock", request)
        if wait:
            form.add_error("passphrase", wait_message(wait.seconds))
            return render_page(request, "survivor/open.html", {"form": form}, status=429)
        opened = services.vault_open(form.cleaned_data["passphrase"])
        if opened is None:
            limits.note_try("unlock", request)
        else:
            response = redirect("survivor:home")
            document = services.vault_read(opened)
            hidden = document.settings.lock_when_hidden if isinstance(document, PlanSpace) else True
            session.start(request, response, opened, lock_when_hidden=hidden)
            return response
        # What she typed stays in the field, masked (a typo need not cost her all six words).
        form.add_error("passphrase", GENERIC_FAILURE)
    return render_page(request, "survivor/open.html", {"form": form})


def _keep_draft(request: HttpRequest) -> bool:
    """Keep the draft a page sent as it locked or left, if the space is still open (or just past its idle limit)."""
    form = request.POST.get(drafts.FORM_FIELD, "")
    if not form:
        return False
    opened = session.current(request, write=True)
    return opened is not None and drafts.draft_save(opened, form, request.POST)


@require_http_methods(["GET", "POST"])
def lock(request: HttpRequest) -> HttpResponse:
    """Lock the space. A POST may carry the writing of a form that was not saved: it is kept as a draft first.

    A page being hidden or closed sends ``away`` (and its page number) in a beacon: the space
    locks unless a newer page of it has been shown since (a reload, an address typed in the tab).
    """
    if request.method == "POST" and request.POST.get("away"):
        _keep_draft(request)
        response = HttpResponse(status=204)
        try:
            number = int(request.POST.get("page", ""))
        except ValueError:
            number = 0
        if session.is_latest_page(request, number):
            session.lock(request, response)
        return response
    if request.method == "POST":
        return locked_redirect(request, NOTE_KEPT if _keep_draft(request) else "")
    session.forget(request)
    context = {"form": forms.OpenForm(), "locked": True, "note": pop_note(request)}
    response = render_page(request, "survivor/open.html", context)
    session.lock(request, response)
    return response


@require_POST
def keep(request: HttpRequest) -> JsonResponse:
    """Tell the page how long the space has before it locks; keep it open if she is active; keep a draft.

    The page calls this while she types, taps or scrolls (``active=1``), when she asks to stay
    after the warning, and with a form's writing (``_form`` and its fields) to keep as a draft.
    """
    if not _keep_draft(request) and request.POST.get("active") == "1":
        session.current(request)
    left = session.seconds_left(request)
    return JsonResponse({"open": left is not None, "left": int(left or 0)})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest) -> HttpResponse:
    """Close any open space and send the browser to the neutral site (only ever settings.EXIT_URL).

    With JavaScript the page POSTs here with ``navigator.sendBeacon`` and replaces itself with
    the neutral site at once; without it, the exit link comes here and is redirected. Exempt
    from CSRF on purpose: a forged request can only lock a space, which is the safe direction,
    and the beacon must work even when the page's token is stale. A beacon may carry the writing
    of a form that was not saved: with a valid token it is kept as a draft before the session ends.
    """
    navigating = request.method == "GET" or request.headers.get("Sec-Fetch-Mode", "navigate") == "navigate"
    if request.method == "POST" and request.POST.get(drafts.FORM_FIELD) and _csrf_valid(request):
        _keep_draft(request)
    response = HttpResponseRedirect(settings.EXIT_URL, status=303) if navigating else HttpResponse(status=204)
    session.end(request, response)
    return response


def _csrf_valid(request: HttpRequest) -> bool:
    """Return True if the request passes the site's CSRF check (the exit view itself is exempt)."""
    checker = FetchMetadataCsrfViewMiddleware(lambda request: HttpResponse())
    return checker.process_view(request, lambda request: HttpResponse(), (), {}) is None

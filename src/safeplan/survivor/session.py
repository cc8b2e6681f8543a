"""Keep a space open between requests, split between the server session and a browser cookie.

Deriving the key from the passphrase takes argon2id's full cost (about 130 ms and 64 MiB), too
much for every request, and the passphrase must not be kept. So on unlock:

- a random 32-byte **wrap key** is made and sent to the browser in a session-only cookie
  (``svk``: HttpOnly, SameSite=Strict, path ``/s/``, Secure outside development);
- the space's **data key**, sealed under the wrap key, goes in the server-side session with the
  space's id and the time of the last activity.

Neither half opens anything alone: a copy of the session table holds only sealed data keys,
and a copy of the cookie holds a random key that seals nothing stored anywhere else. Locking,
or staying idle for ``SURVIVOR_AUTOLOCK_SECONDS``, removes the sealed key from the session and
deletes the cookie (the page keeps the space open while she types, taps or scrolls: see
``views.access.keep``); leaving flushes the whole session. The trade-off: while a space is open, someone with both
the server's memory or session table *and* the browser's cookie could read it, as they could
read the pages being shown.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import rotate_token

from safeplan.domain.vaultcrypto import VaultDecryptError, new_random_key, open_sealed, seal
from safeplan.survivor.services import OpenVault
from safeplan.web.language import SESSION_KEY as LANGUAGE_KEY

SESSION_KEY = "survivor"
COOKIE = "svk"
COOKIE_PATH = "/s/"
_AD = b"survivor session data key"
_WORDS_AD = b"survivor session words to show once"
WORDS_KEY = "survivor_words"
NEW_KEY = "survivor_new"
_NEW_AD = b"survivor session words of a space not made yet"
# How long after the idle limit a form being saved is still accepted (then the space locks).
GRACE_SECONDS = 10 * 60


class StaffSessionOpen(RuntimeError):
    """A space cannot open in a browser session signed in to the staff side."""


def autolock_seconds() -> int:
    """Return how long an open space may stay idle before it locks."""
    seconds: int = settings.SURVIVOR_AUTOLOCK_SECONDS
    return seconds


def start(request: HttpRequest, response: HttpResponse, opened: OpenVault, *, lock_when_hidden: bool = True) -> None:
    """Keep the space open for this browser: a new session id, the sealed key, the wrap cookie, the tab token.

    The tab token ties the open space to the browser tab it was opened in (see ``tab``): a
    browser that restarts restores its cookies, but not the tab's name where the page keeps it.
    """
    if staff_signed_in(request):
        # One identity per side: the views refuse this before it gets here.
        raise StaffSessionOpen
    wrap_key = new_random_key()
    language = request.session.get(LANGUAGE_KEY)
    request.session.flush()
    if language:
        request.session[LANGUAGE_KEY] = language
    request.session[SESSION_KEY] = {
        "v": opened.vault_id,
        "k": base64.b64encode(seal(wrap_key, opened.data_key, _AD)).decode("ascii"),
        "t": time.time(),
        "w": secrets.token_urlsafe(18),
        "f": True,
        "h": lock_when_hidden,
    }
    rotate_token(request)
    _set_wrap_key(request, response, wrap_key)


def _set_wrap_key(request: HttpRequest, response: HttpResponse, wrap_key: bytes) -> None:
    """Send the browser its half of the key, in a session-only cookie."""
    request.survivor_wrap_key = wrap_key  # type: ignore[attr-defined]
    response.set_cookie(
        COOKIE,
        base64.urlsafe_b64encode(wrap_key).decode("ascii"),
        max_age=None,
        path=COOKIE_PATH,
        secure=bool(settings.SESSION_COOKIE_SECURE),
        httponly=True,
        samesite="Strict",
    )


def stash_new(request: HttpRequest, response: HttpResponse, words: str, asked: tuple[int, int]) -> None:
    """Keep the words of a space not made yet, and which two she will be asked for, until she shows she kept them.

    The space is made only once she types those two words back (``views.access.check``). Until
    then the words are sealed in the session under a new random key whose only copy is the
    browser's cookie, so the server cannot read them; starting locks any space open here.
    """
    forget(request)
    request.session.cycle_key()
    wrap_key = new_random_key()
    _set_wrap_key(request, response, wrap_key)
    sealed = seal(wrap_key, json.dumps({"w": words, "a": list(asked)}).encode("utf-8"), _NEW_AD)
    request.session[NEW_KEY] = base64.b64encode(sealed).decode("ascii")


def new_words(request: HttpRequest) -> tuple[str, tuple[int, int]] | None:
    """Return the words of the space waiting to be made and the two positions (0-based) she is asked for, or None."""
    stored = request.session.get(NEW_KEY)
    wrap_key = _wrap_key(request)
    if not stored or wrap_key is None:
        return None
    try:
        data = json.loads(open_sealed(wrap_key, base64.b64decode(stored), _NEW_AD))
        first, second = (int(position) for position in data["a"])
    except (ValueError, KeyError, TypeError, VaultDecryptError):
        return None
    return str(data["w"]), (first, second)


def _state(request: HttpRequest) -> dict[str, Any] | None:
    state = request.session.get(SESSION_KEY)
    return state if isinstance(state, dict) else None


def _idle(state: dict[str, Any]) -> float:
    return time.time() - float(state.get("t", 0))


def current(request: HttpRequest, *, write: bool = False) -> OpenVault | None:
    """Return the space this browser has open, or None; lock it if it has been idle too long.

    Any request is activity and keeps the space open. A write (``write=True``: a form being
    saved) is still accepted for ``GRACE_SECONDS`` after the idle limit, so that an entry sent
    just after the space locked itself is not lost; ``is_late`` then says the caller must lock
    the space once the write is saved. Reads past the limit lock the space at once.
    """
    state = _state(request)
    if state is None:
        return None
    idle = _idle(state)
    if idle > autolock_seconds() + (GRACE_SECONDS if write else 0):
        forget(request)
        return None
    try:
        wrap_key = base64.urlsafe_b64decode(request.COOKIES.get(COOKIE, "").encode("ascii"))
        data_key = open_sealed(wrap_key, base64.b64decode(state["k"]), _AD)
    except (ValueError, KeyError, VaultDecryptError):
        forget(request)
        return None
    if idle > autolock_seconds():
        request.survivor_late = True  # type: ignore[attr-defined]
    else:
        state["t"] = time.time()
        request.session[SESSION_KEY] = state
    return OpenVault(vault_id=int(state["v"]), data_key=data_key)


def peek(request: HttpRequest) -> OpenVault | None:
    """Return the space this browser has open, without counting this as activity or locking anything (None if none)."""
    state = _state(request)
    if state is None or seconds_left(request) is None:
        return None
    try:
        wrap_key = base64.urlsafe_b64decode(request.COOKIES.get(COOKIE, "").encode("ascii"))
        data_key = open_sealed(wrap_key, base64.b64decode(state["k"]), _AD)
    except (ValueError, KeyError, VaultDecryptError):
        return None
    return OpenVault(vault_id=int(state["v"]), data_key=data_key)


def tab(request: HttpRequest) -> tuple[str, bool]:
    """Return the open space's tab token and whether this is the first page since it opened ("", False if none).

    The first page shown after the space opens writes the token into its tab's ``window.name``;
    every later page checks it there before showing anything, and locks the space if it is
    missing (guard.js). ``window.name`` lives as long as the tab: Chrome restores a tab's
    session cookies and sessionStorage after a restart, but not its name, so a space that was
    open when the browser closed does not show itself when the browser comes back.
    """
    state = _state(request)
    if state is None or seconds_left(request) is None:
        return "", False
    fresh = bool(state.get("f"))
    if fresh:
        state["f"] = False
        request.session[SESSION_KEY] = state
    return str(state.get("w", "")), fresh


def page_shown(request: HttpRequest) -> int:
    """Count a page of the open space being shown and return its number (0 if no space is open)."""
    state = _state(request)
    if state is None:
        return 0
    state["n"] = int(state.get("n", 0)) + 1
    request.session[SESSION_KEY] = state
    return int(state["n"])


def is_latest_page(request: HttpRequest, number: int) -> bool:
    """Return True if no page of the open space was shown after page ``number``.

    A page that is hidden or closed asks for the space to lock; but a reload, or an address
    typed in the same tab, shows the next page before the browser lets the old one go, and then
    the old page's request is not a reason to lock.
    """
    state = _state(request)
    return state is not None and int(state.get("n", 0)) <= number


def locks_when_hidden(request: HttpRequest) -> bool:
    """Return whether the open space should lock when its page is hidden or closed (her setting; yes by default)."""
    state = _state(request)
    return state is None or bool(state.get("h", True))


def set_locks_when_hidden(request: HttpRequest, value: bool) -> None:
    """Record her setting for the open space in this session too, so every page knows it without opening the space."""
    state = _state(request)
    if state is not None:
        state["h"] = value
        request.session[SESSION_KEY] = state


def is_late(request: HttpRequest) -> bool:
    """Return True if the write being handled arrived after the idle limit, within the grace."""
    return bool(getattr(request, "survivor_late", False))


def is_open(request: HttpRequest) -> bool:
    """Return True if this browser has a space open that has not yet locked (without touching it)."""
    return seconds_left(request) is not None


def seconds_left(request: HttpRequest) -> float | None:
    """Return how many seconds the open space has before it locks for being idle, or None if none is open."""
    state = _state(request)
    if state is None:
        return None
    left = autolock_seconds() - _idle(state)
    return left if left >= 0 else None


def forget(request: HttpRequest) -> None:
    """Lock the space on the server: forget the sealed key and any words waiting to be shown.

    The session itself (and its CSRF token) stays, so that a form on a page still open is
    refused with a clear message rather than a technical error. The browser's half of the key
    is deleted by ``lock``.
    """
    for key in (SESSION_KEY, WORDS_KEY, NEW_KEY):
        request.session.pop(key, None)


def lock(request: HttpRequest, response: HttpResponse) -> None:
    """Lock the space: forget the server's half of the key and delete the browser's half."""
    forget(request)
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Strict")


def staff_signed_in(request: HttpRequest) -> bool:
    """Return True if this browser's session is a professional's (the other side's identity)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def end(request: HttpRequest, response: HttpResponse) -> None:
    """Leave: delete the whole server session and the browser's half of the key.

    Nothing on the survivor side ends a staff session: a survivor exit reached from a staff
    session (a cross-site link to the exit, say) only closes survivor state, which a staff
    sign-in has already removed.
    """
    if staff_signed_in(request):
        forget(request)
    else:
        request.session.flush()
    response.delete_cookie(COOKIE, path=COOKIE_PATH, samesite="Strict")


def _wrap_key(request: HttpRequest) -> bytes | None:
    fresh = getattr(request, "survivor_wrap_key", None)
    if fresh is not None:
        return bytes(fresh)
    try:
        return base64.urlsafe_b64decode(request.COOKIES.get(COOKIE, "").encode("ascii")) or None
    except ValueError:
        return None


def stash_words(request: HttpRequest, words: str, *, duress: bool) -> None:
    """Keep new words for the one page that shows them, sealed under the browser's wrap key.

    This lets creating a space redirect to the words page (so Back or refresh never resubmits
    the form and makes a second space) without the server being able to read the words.
    """
    wrap_key = _wrap_key(request)
    if wrap_key is None:
        return
    sealed = seal(wrap_key, json.dumps({"w": words, "d": duress}).encode("utf-8"), _WORDS_AD)
    request.session[WORDS_KEY] = base64.b64encode(sealed).decode("ascii")


def pop_words(request: HttpRequest) -> tuple[str, bool] | None:
    """Return the stashed words and whether they are duress words, once; then forget them."""
    stored = request.session.pop(WORDS_KEY, None)
    wrap_key = _wrap_key(request)
    if not stored or wrap_key is None:
        return None
    try:
        data = json.loads(open_sealed(wrap_key, base64.b64decode(stored), _WORDS_AD))
    except (ValueError, VaultDecryptError):
        return None
    return str(data["w"]), bool(data["d"])

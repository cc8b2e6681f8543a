"""Keep a space open between requests, split between the server session and a browser cookie.

Deriving the key from the passphrase takes argon2id's full cost (about 130 ms and 64 MiB), too
much for every request, and the passphrase must not be kept. So on unlock:

- a random 32-byte **wrap key** is made and sent to the browser in a session-only cookie
  (``svk``: HttpOnly, SameSite=Strict, path ``/s/``, Secure outside development);
- the space's **data key**, sealed under the wrap key, goes in the server-side session with the
  space's id and the time of the last request.

Neither half opens anything alone: a copy of the session table holds only sealed data keys,
and a copy of the cookie holds a random key that seals nothing stored anywhere else. Locking,
exiting or staying idle for ``SURVIVOR_AUTOLOCK_SECONDS`` flushes the session (and the CSRF
token with it) and deletes the cookie. The trade-off: while a space is open, someone with both
the server's memory or session table *and* the browser's cookie could read it, as they could
read the pages being shown.
"""

from __future__ import annotations

import base64
import json
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import rotate_token

from safeplan.domain.vaultcrypto import VaultDecryptError, new_random_key, open_sealed, seal
from safeplan.survivor.services import OpenVault

SESSION_KEY = "survivor"
COOKIE = "svk"
COOKIE_PATH = "/s/"
_AD = b"survivor session data key"
_WORDS_AD = b"survivor session words to show once"
WORDS_KEY = "survivor_words"


def autolock_seconds() -> int:
    """Return how long an open space may stay idle before it locks."""
    seconds: int = settings.SURVIVOR_AUTOLOCK_SECONDS
    return seconds


def start(request: HttpRequest, response: HttpResponse, opened: OpenVault) -> None:
    """Keep the space open for this browser: a new session id, the sealed key, the wrap cookie."""
    wrap_key = new_random_key()
    request.session.flush()
    request.session[SESSION_KEY] = {
        "v": opened.vault_id,
        "k": base64.b64encode(seal(wrap_key, opened.data_key, _AD)).decode("ascii"),
        "t": time.time(),
    }
    rotate_token(request)
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


def current(request: HttpRequest) -> OpenVault | None:
    """Return the space this browser has open, or None; lock it if it has been idle too long."""
    state = request.session.get(SESSION_KEY)
    if not isinstance(state, dict):
        return None
    if time.time() - float(state.get("t", 0)) > autolock_seconds():
        request.session.flush()
        return None
    try:
        wrap_key = base64.urlsafe_b64decode(request.COOKIES.get(COOKIE, "").encode("ascii"))
        data_key = open_sealed(wrap_key, base64.b64decode(state["k"]), _AD)
    except (ValueError, KeyError, VaultDecryptError):
        request.session.flush()
        return None
    state["t"] = time.time()
    request.session[SESSION_KEY] = state
    return OpenVault(vault_id=int(state["v"]), data_key=data_key)


def is_open(request: HttpRequest) -> bool:
    """Return True if this browser has a space open that has not yet locked (without touching it)."""
    state = request.session.get(SESSION_KEY)
    return isinstance(state, dict) and time.time() - float(state.get("t", 0)) <= autolock_seconds()


def end(request: HttpRequest, response: HttpResponse) -> None:
    """Close the space: delete the server session and the browser's half of the key."""
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

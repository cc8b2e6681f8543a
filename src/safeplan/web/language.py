"""The language of the pages: chosen with the switch on every page, kept only where the page already keeps state.

No language cookie is ever set. The choice lives in the server-side session (which a survivor's
exit flushes with everything else) and, for a professional, in their recorded preference
(``User.language``), which also decides the language of mail sent to them. Without a choice,
the browser's Accept-Language decides, as Django's LocaleMiddleware does.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

SESSION_KEY = "lang"


def offered() -> list[str]:
    """Return the language codes the service offers (Welsh once its catalogue exists)."""
    return [code for code, _name in settings.LANGUAGES]


def chosen(request: HttpRequest) -> str | None:
    """Return the language chosen in this session, else the signed-in professional's preference, else None."""
    session = getattr(request, "session", None)
    code = session.get(SESSION_KEY) if session is not None else None
    if code in offered():
        return str(code)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and getattr(user, "language", "") in offered():
        return str(user.language)
    return None


class LanguageMiddleware(LocaleMiddleware):
    """Activate the chosen language; with none chosen, the browser's (Django's LocaleMiddleware).

    It runs after authentication, so a professional's recorded preference applies on every page.
    """

    def process_request(self, request: HttpRequest) -> None:
        code = chosen(request)
        if code is None:
            super().process_request(request)
            return
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


@require_safe
def switch(request: HttpRequest, code: str) -> HttpResponse:
    """Change the language and go back to the same page.

    A plain link (it works without JavaScript and inside any form page), kept in the session and,
    for a signed-in professional, as their preference. It never sets a cookie of its own.
    """
    if code not in offered():
        raise Http404
    back = request.GET.get("next", "")
    if not back.startswith("/") or not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = "/"
    request.session[SESSION_KEY] = code
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    response = HttpResponseRedirect(back)
    add_never_cache_headers(response)
    return response

"""CSRF protection that works with Referrer-Policy: no-referrer.

With no-referrer, browsers send ``Origin: null`` and no Referer on a form POST,
so Django's origin and referer checks would refuse every form. Fetch metadata
still says where the request came from: a page cannot forge
``Sec-Fetch-Site: same-origin``. The CSRF token itself is checked as usual, and
lives in the server-side session (CSRF_USE_SESSIONS), so it cannot be planted
by cookie injection, which is what the strict referer check defends against.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import CsrfViewMiddleware


def _same_origin_by_fetch_metadata(request: HttpRequest) -> bool:
    return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"


class FetchMetadataCsrfViewMiddleware(CsrfViewMiddleware):
    def _origin_verified(self, request: HttpRequest) -> bool:
        if request.META.get("HTTP_ORIGIN") == "null" and _same_origin_by_fetch_metadata(request):
            return True
        return super()._origin_verified(request)  # type: ignore[misc]

    def _check_referer(self, request: HttpRequest) -> None:
        if "HTTP_REFERER" not in request.META and _same_origin_by_fetch_metadata(request):
            return
        super()._check_referer(request)  # type: ignore[misc]

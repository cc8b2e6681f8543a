"""Compress pages (HTML, JSON, CSV) with gzip, where that cannot be turned into a BREACH oracle.

BREACH recovers a secret in a compressed response (a CSRF token, a victim's details) by making
the victim's browser send many requests that reflect the attacker's guesses, and watching the
sizes on the wire. Three things stand in its way here:

- Those requests come from the attacker's page, so the browser marks them Sec-Fetch-Site:
  cross-site (or same-site, from a sibling host). Such responses are sent uncompressed: the
  sizes no longer depend on the guesses. Pages a person opens from a link of ours, a bookmark
  or the address bar (same-origin or none) are compressed. Browsers without Fetch Metadata get
  the next two defences only.
- Django's GZipMiddleware pads each response with a random number of bytes (Heal-The-Breach),
  which multiplies the requests an attack needs.
- CSRF tokens are masked afresh in every response.

Files (PDFs, ZIP bundles, images) are already compressed or encrypted, and static files are
compressed once at collectstatic by WhiteNoise (gzip and Brotli): neither passes through here.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers

COMPRESSED_TYPES = ("text/html", "application/json", "text/csv", "text/plain")
TRUSTED_SITES = ("same-origin", "none")


class PageCompressionMiddleware(GZipMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type not in COMPRESSED_TYPES:
            return response
        patch_vary_headers(response, ("Sec-Fetch-Site",))
        site = request.headers.get("Sec-Fetch-Site")
        if site is not None and site.lower() not in TRUSTED_SITES:
            return response
        return super().process_response(request, response)

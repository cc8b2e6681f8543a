"""The JSON API, version 1: /api/v1/, its OpenAPI document at /api/v1/openapi.json.

Interactive docs are off: they would load scripts from a CDN, which the site's CSP forbids.
"""

from __future__ import annotations

from ninja import NinjaAPI

from safeplan.api import problems
from safeplan.api.auth import CredentialAuth, StaffSessionAuth
from safeplan.api.endpoints import router

api = NinjaAPI(
    title="safeplan API",
    version="1",
    description=(
        "Cases, events, obligations, assessments and plans for police and agency systems, under the same "
        "access rules as the pages. Authenticate with `Authorization: Bearer <key>` (service credentials "
        "made by an agency admin). Errors are RFC 9457 problem details."
    ),
    urls_namespace="api_v1",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=[CredentialAuth(), StaffSessionAuth()],
)
problems.install(api)
api.add_router("/", router)

"""The JSON API, version 1: /api/v1/, its OpenAPI document at /api/v1/openapi.json.

Interactive docs are off: they would load scripts from a CDN, which the site's CSP forbids.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from safeplan.api import assessments, disclosure, marac, problems, records
from safeplan.api.auth import CredentialAuth, StaffSessionAuth
from safeplan.api.endpoints import router


class SafeplanAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> OpenAPISchema:
        """Return the document, with every error response declared as the problem details it is."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status).startswith(("4", "5")) and "application/json" in content:
                        content[problems.MEDIA_TYPE] = content.pop("application/json")
        return schema


api = SafeplanAPI(
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
api.add_router("/", assessments.router)
api.add_router("/", records.router)
api.add_router("/", marac.router)
api.add_router("/", disclosure.router)


@csrf_exempt
def unmatched(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Answer a path under /api/ that names no operation (a version, a route or an id that cannot be) as JSON."""
    return problems.problem(404)

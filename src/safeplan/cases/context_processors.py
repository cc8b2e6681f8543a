"""Give every page under a case's address the case's Redactor as `redactor`, read only if a template uses it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from safeplan.cases.freetext import Redactor, redactor_for
from safeplan.cases.models import Case


def _redactor(case_id: int) -> Redactor:
    # Only the locations are read, to mask them; the view has already decided the user may see the case.
    case = Case.objects.filter(pk=case_id).first()
    return redactor_for(case) if case is not None else Redactor()


def redactor(request: HttpRequest) -> dict[str, Any]:
    """Return {"redactor": ...} for a page of one case, unless the view gave its own."""
    match = getattr(request, "resolver_match", None)
    case_id = match.kwargs.get("case_id") if match is not None else None
    if not isinstance(case_id, int):
        return {}
    return {"redactor": SimpleLazyObject(lambda: _redactor(case_id))}

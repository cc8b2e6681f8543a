"""View decorators for pages that are not about one case (those go through selectors.case_for)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import Http404, HttpResponse

from safeplan.accounts.http import AuthenticatedHttpRequest
from safeplan.cases.permissions import is_caseworker

_View = TypeVar("_View", bound=Callable[..., HttpResponse])


def caseworker_required(view: _View) -> _View:
    """Answer 404 unless the signed-in user holds case records (an agency admin does not).

    Stack it under @login_required. The 404 is the same page as any missing address, so
    someone without case work learns nothing about what exists.
    """

    @wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_caseworker(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return cast(_View, wrapper)

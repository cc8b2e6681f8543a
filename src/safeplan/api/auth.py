"""Who is calling: an integration's service credential (a bearer key), or a professional's own session.

Both end as a Caller whose `user` goes through the same gate and services as the pages. A
session must be fully signed in (a verified second factor, no pending password change) and its
writes need the CSRF token, as a form post would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from safeplan.accounts import signin
from safeplan.accounts.models import User
from safeplan.api.models import Scope, ServiceCredential
from safeplan.api.services import call_recorded, credential_for_key, rate_counted


@dataclass(frozen=True)
class Caller:
    user: User
    credential: ServiceCredential | None
    scopes: frozenset[str]


class TooManyCalls(HttpError):
    def __init__(self) -> None:
        super().__init__(429, "Too many calls")


class CredentialAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        credential = credential_for_key(token)
        if credential is None:
            return None
        if not rate_counted(credential):
            raise TooManyCalls()
        match = getattr(request, "resolver_match", None)
        route = match.route if match is not None else request.path_info
        call_recorded(credential=credential, method=request.method or "", route=route)
        return Caller(user=credential.account, credential=credential, scopes=frozenset(credential.scopes))


class StaffSessionAuth(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        user: Any = request.user
        if not user.is_authenticated or not signin.is_verified(user) or user.must_change_password:
            return None
        if user.is_service_account:
            return None
        # A person may do through the API what their own pages let them do; the services decide.
        return Caller(user=user, credential=None, scopes=frozenset(Scope.values))


def caller(request: HttpRequest) -> Caller:
    found: Any = getattr(request, "auth", None)
    assert isinstance(found, Caller)
    return found


def require(request: HttpRequest, scope: Scope) -> Caller:
    """Return the caller if its credentials carry the scope; otherwise 403 (the scope, not the record)."""
    who = caller(request)
    if scope.value not in who.scopes:
        raise HttpError(403, "Missing scope")
    return who

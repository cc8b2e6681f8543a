"""The request a signed-in professional's view receives.

SecondFactorRequiredMiddleware lets only a signed-in user reach any page outside the
allow-list in safeplan.accounts.access, and those views also carry @login_required; so
annotate such a view's request with AuthenticatedHttpRequest and read ``request.user`` as
our User, with no cast or ``type: ignore`` at each use (as healthchecks' hc/accounts/http.py).
"""

from __future__ import annotations

from django.http import HttpRequest

from safeplan.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User

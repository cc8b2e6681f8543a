"""Which addresses are public, and which a half-signed-in professional may reach.

This is the one place that lists them. Everything else on the site, including
every professional app added in future, needs a signed-in user with a verified
second factor (see safeplan.accounts.middleware). A new public area must be
added here on purpose; forgetting to add it fails safe, as a sign-in page.
"""

from __future__ import annotations

# Addresses anyone may open without signing in: the neutral front page, static
# files, the language switch, the survivor space (which never has accounts) and the
# public keys that a court or the defence checks an evidence bundle with.
PUBLIC_PATHS = frozenset({"/"})
# "Exit this page" on staff pages (/staff/exit/) is public too: it must reach the neutral site
# whatever state the session is in, ending it on the way.
PUBLIC_PREFIXES = ("/static/", "/s/", "/language/", "/evidence-keys/", "/staff/exit/", "/api/")
# The JSON API (/api/) is in that list because it authenticates every call itself: a service
# credential, or a signed-in session with a verified second factor (safeplan.api.auth). It answers
# 401 problem details, never a sign-in page.

# Pages for someone who is not signed in yet.
SIGNED_OUT_VIEWS = frozenset({"accounts:login", "accounts:reset_code"})

# Pages a user who has given their password but not yet a second factor may use:
# to give it, to set one up, or to leave. The passkey ceremonies are JSON
# endpoints that the second-factor and set-up pages call.
UNVERIFIED_VIEWS = frozenset(
    {
        "accounts:logout",
        "accounts:second_factor",
        "accounts:enrol",
        "accounts:enrol_app",
        "otp_webauthn:credential-registration-begin",
        "otp_webauthn:credential-registration-complete",
        "otp_webauthn:credential-authentication-begin",
        "otp_webauthn:credential-authentication-complete",
        "otp_webauthn:js-i18n-catalog",
    }
)

# Pages a verified user who must change their password may still use. The
# backup codes page is here so codes shown right after set-up are not lost.
PASSWORD_CHANGE_VIEWS = frozenset({"accounts:logout", "accounts:password_change", "accounts:backup_codes"})


def is_public_path(path: str) -> bool:
    """Return True if anyone may open this path without signing in."""
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)

"""safeplan's one settings module. Every value comes from the environment.

SAFEPLAN_MODE chooses the defaults: "production" (the default) demands real
secrets and TLS; "demo" runs on one machine with generated secrets kept under
var/; "test" is for the test suite. The README lists every variable.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from safeplan.database import database_from_url
from safeplan.domain.fieldcrypto import parse_keyring
from safeplan.domain.signing import (
    SigningKeyError,
    SigningKeys,
    generate_private_key,
    parse_private_key,
    parse_public_keys,
    private_key_pem,
)
from safeplan.env import (
    ConfigError,
    envbool,
    envchoice,
    envint,
    envlist,
    envsecret,
    envstr,
)

PACKAGE_DIR = Path(__file__).resolve().parent

MODE = envchoice("SAFEPLAN_MODE", ("production", "demo", "test"), "production")
PRODUCTION = MODE == "production"
VAR_DIR = Path(envstr("SAFEPLAN_VAR_DIR", str(Path.cwd() / "var"))).resolve()


def _generated_secret(name: str) -> str:
    """Return a secret kept under var/, creating it once (demo and test only)."""
    path = VAR_DIR / f"{name}.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


_secret_key = envsecret("SECRET_KEY")
if _secret_key is None:
    if PRODUCTION:
        raise ConfigError("SECRET_KEY (or SECRET_KEY_FILE) must be set when SAFEPLAN_MODE=production")
    _secret_key = _generated_secret("secret-key")
elif PRODUCTION and len(_secret_key) < 50:
    raise ConfigError("SECRET_KEY must be at least 50 characters long in production")
SECRET_KEY = _secret_key


def _generated_file(name: str, make: Callable[[], str]) -> str:
    """Return a secret kept in var/<name>, writing make()'s value there once (demo and test only)."""
    path = VAR_DIR / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def _generated_field_keys() -> str:
    """Return a field encryption keyring kept under var/, creating it once (demo and test only)."""
    path = VAR_DIR / "field-keys.secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"demo1:{base64.b64encode(secrets.token_bytes(32)).decode()}", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


# Keys for sensitive free text at rest (notes, safe contact details, locations):
# "<id>:<base64 32 bytes>,<older id>:<key>,..." with the current key first. Never
# derived from SECRET_KEY, so one leaked secret does not expose both.
_field_keys = envsecret("SAFEPLAN_FIELD_KEYS")
if _field_keys is None:
    if PRODUCTION:
        raise ConfigError(
            "SAFEPLAN_FIELD_KEYS (or SAFEPLAN_FIELD_KEYS_FILE) must be set when SAFEPLAN_MODE=production; "
            "create one with: safeplan generate-field-key"
        )
    _field_keys = _generated_field_keys()
try:
    FIELD_KEYRING = parse_keyring(_field_keys)
except ValueError as error:
    raise ConfigError(f"SAFEPLAN_FIELD_KEYS: {error}") from None

# The survivor vault's lookup pepper: without it a stolen database cannot be used to
# test passphrase guesses. Never derived from SECRET_KEY.
_vault_pepper = envsecret("SAFEPLAN_VAULT_PEPPER")
if _vault_pepper is None:
    if PRODUCTION:
        raise ConfigError(
            "SAFEPLAN_VAULT_PEPPER (or SAFEPLAN_VAULT_PEPPER_FILE) must be set when SAFEPLAN_MODE=production"
        )
    _vault_pepper = _generated_secret("vault-pepper")
if len(_vault_pepper) < 32:
    raise ConfigError("SAFEPLAN_VAULT_PEPPER must be at least 32 characters")
VAULT_PEPPER = _vault_pepper.encode("utf-8")
# The deployment's Ed25519 key that signs evidence bundles and audit checkpoints (PEM or base64 of
# 32 bytes), and the public keys of keys it signed with before a rotation, so that what they
# signed still checks. Never derived from SECRET_KEY.
_signing_key = envsecret("SAFEPLAN_SIGNING_KEY")
if _signing_key is None:
    if PRODUCTION:
        raise ConfigError(
            "SAFEPLAN_SIGNING_KEY (or SAFEPLAN_SIGNING_KEY_FILE) must be set when SAFEPLAN_MODE=production; "
            "create one with: safeplan generate-signing-key"
        )
    _signing_key = _generated_file(
        "signing-key.secret", lambda: private_key_pem(generate_private_key()).decode("ascii")
    )
try:
    SIGNING_KEYS = SigningKeys(
        current=parse_private_key(_signing_key),
        retired=tuple(parse_public_keys(envsecret("SAFEPLAN_SIGNING_PUBLIC_KEYS") or "")),
    )
except SigningKeyError as error:
    raise ConfigError(f"SAFEPLAN_SIGNING_KEY or SAFEPLAN_SIGNING_PUBLIC_KEYS: {error}") from None
# A certificate (and its private key) of the deployment's own for the PDF signature of the
# chronology; without them, a self-signed certificate derived from SAFEPLAN_SIGNING_KEY is used.
PDF_CERTIFICATE_FILE = envstr("SAFEPLAN_PDF_CERTIFICATE_FILE", "")
PDF_CERTIFICATE_KEY_FILE = envstr("SAFEPLAN_PDF_CERTIFICATE_KEY_FILE", "")
if bool(PDF_CERTIFICATE_FILE) != bool(PDF_CERTIFICATE_KEY_FILE):
    raise ConfigError("set both SAFEPLAN_PDF_CERTIFICATE_FILE and SAFEPLAN_PDF_CERTIFICATE_KEY_FILE, or neither")

# The audit trail: N chains, each keyed with SAFEPLAN_AUDIT_KEY ("<id>:<base64 32 bytes>,..."
# current key first; older ids stay to verify the events they keyed), and signed checkpoints of
# every chain head written by `safeplan tick` to a file and/or syslog outside the database.
_audit_key = envsecret("SAFEPLAN_AUDIT_KEY")
if _audit_key is None:
    if PRODUCTION:
        raise ConfigError(
            "SAFEPLAN_AUDIT_KEY (or SAFEPLAN_AUDIT_KEY_FILE) must be set when SAFEPLAN_MODE=production; "
            "create one with: safeplan generate-audit-key"
        )
    _audit_key = _generated_file(
        "audit-key.secret", lambda: f"demo1:{base64.b64encode(secrets.token_bytes(32)).decode()}"
    )
try:
    AUDIT_KEYRING = parse_keyring(_audit_key)
except ValueError as error:
    raise ConfigError(f"SAFEPLAN_AUDIT_KEY: {error}") from None
# Calls one API credential may make in a minute (counted in the database).
API_CALLS_PER_MINUTE = envint("SAFEPLAN_API_CALLS_PER_MINUTE", 120, minimum=1, maximum=100000)
AUDIT_CHAINS = envint("SAFEPLAN_AUDIT_CHAINS", 32, minimum=1, maximum=1024)
AUDIT_CHECKPOINT_FILE = envstr("SAFEPLAN_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl"))
AUDIT_CHECKPOINT_SYSLOG = envstr("SAFEPLAN_AUDIT_CHECKPOINT_SYSLOG", "")
if AUDIT_CHECKPOINT_FILE == "off" and not AUDIT_CHECKPOINT_SYSLOG:
    raise ConfigError(
        "SAFEPLAN_AUDIT_CHECKPOINT_FILE=off needs SAFEPLAN_AUDIT_CHECKPOINT_SYSLOG: checkpoints need a sink"
    )
if (
    AUDIT_CHECKPOINT_SYSLOG.startswith(("udp://", "tcp://"))
    and not AUDIT_CHECKPOINT_SYSLOG[6:].rpartition(":")[2].isdigit()
):
    raise ConfigError("SAFEPLAN_AUDIT_CHECKPOINT_SYSLOG must be a socket path or udp://host:port or tcp://host:port")

# The survivor space locks itself after this many idle seconds.
# Rows on one page of any list (web/pagination.py): pages stay the same size however much data there is.
LIST_PAGE_SIZE = envint("SAFEPLAN_LIST_PAGE_SIZE", 25, minimum=2, maximum=200)
# Figures that leave the organisation (neighbourhood profiles) hide every count from 1 to this
# minus one, and enough others that none can be worked back (safeplan.domain.suppression).
REPORT_SUPPRESS_BELOW = envint("SAFEPLAN_REPORT_SUPPRESS_BELOW", 10, minimum=3, maximum=100)
SURVIVOR_AUTOLOCK_SECONDS = envint("SAFEPLAN_SURVIVOR_AUTOLOCK_SECONDS", 300, minimum=30, maximum=3600)
# Optional YAML of local services (same shape as content/helplines.yaml) shown to survivors.
LOCAL_HELPLINES_FILE = envstr("SAFEPLAN_LOCAL_HELPLINES_FILE", "")
# More apps the Android scan does not mark as worth a look (the shape of techsafety/indicators/allowlist.yaml).
TECHSCAN_ALLOW_FILE = envstr("SAFEPLAN_TECHSCAN_ALLOW_FILE", "")

DEBUG = envbool("DEBUG", False)
# Serve /bench/floor/, the empty signed-in page `make bench` measures every page against.
BENCH_FLOOR = envbool("SAFEPLAN_BENCH_FLOOR", False)
if DEBUG and PRODUCTION:
    raise ConfigError("DEBUG must not be true when SAFEPLAN_MODE=production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS must list the host names safeplan is served on")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

# The service's own name in the header and page titles. Deployments choose it;
# the default says nothing about abuse, for anyone reading over a shoulder.
SERVICE_NAME = envstr("SAFEPLAN_SERVICE_NAME", "Planner")
# Where "Exit this page" sends the browser: an everyday site on another origin.
EXIT_URL = envstr("SAFEPLAN_EXIT_URL", "https://www.bbc.co.uk/weather")
if not EXIT_URL.startswith("https://") and not (not PRODUCTION and EXIT_URL.startswith("http://")):
    raise ConfigError(f"SAFEPLAN_EXIT_URL must be an https:// address, not {EXIT_URL!r}")

DATABASES = {
    "default": database_from_url(
        envstr("DATABASE_URL", f"sqlite:///{VAR_DIR / 'safeplan.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Dumps keep confidential fields sealed (safeplan.serialization): dumpdata never writes them in the clear.
SERIALIZATION_MODULES = {
    name: f"safeplan.serialization.{module}"
    for name, module in {"json": "json", "jsonl": "jsonl", "python": "python", "yaml": "pyyaml", "xml": "xml"}.items()
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "safeplan.content",
    "safeplan.audit",
    "safeplan.accounts",
    "safeplan.cases",
    "safeplan.risk",
    "safeplan.timeline",
    "safeplan.plans",
    "safeplan.survivor",
    "safeplan.evidence",
    "safeplan.techsafety",
    "safeplan.marac",
    "safeplan.perpetrators",
    "safeplan.disclosure",
    "safeplan.reports",
    "safeplan.web",
    "safeplan.housekeeping",
    "safeplan.api",
]

MIDDLEWARE = [
    # First, so it compresses the finished page (see safeplan.web.compression for BREACH).
    "safeplan.web.compression.PageCompressionMiddleware",
    "safeplan.web.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "safeplan.web.csrf.FetchMetadataCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After authentication: a professional's recorded language applies on every page.
    "safeplan.web.language.LanguageMiddleware",
    # Order matters: a timed-out session ends before anything asks for a second
    # factor, and a password change is demanded only of a verified user.
    "safeplan.accounts.middleware.SessionTimeoutMiddleware",
    "safeplan.accounts.middleware.SecondFactorRequiredMiddleware",
    "safeplan.accounts.middleware.PasswordChangeRequiredMiddleware",
    "safeplan.accounts.middleware.KeptFormMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out attempt into our lockout page.
    "axes.middleware.AxesMiddleware",
]

# Django's W003 looks for its own CSRF middleware by name; ours is a subclass
# (safeplan.web.csrf), and safeplan.E002 fails start-up if it is missing.
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "safeplan.urls"
WSGI_APPLICATION = "safeplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safeplan.web.context_processors.service",
                "safeplan.cases.context_processors.redactor",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff_home"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if MODE == "test":
    # Hashing with argon2 dominates test time; production's hashers are checked in tests/test_settings.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sessions live only as long as the browser: nothing persists on a shared device.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = envint("SAFEPLAN_SESSION_ABSOLUTE_SECONDS", 8 * 3600, minimum=300)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "sid"
# SESSION_COOKIE_AGE slides with activity; safeplan.accounts.middleware also ends
# a professional's session this long after sign-in however active it is, and
# after SAFEPLAN_IDLE_TIMEOUT_SECONDS without a request.
SESSION_ABSOLUTE_SECONDS = SESSION_COOKIE_AGE
SESSION_IDLE_SECONDS = envint("SAFEPLAN_IDLE_TIMEOUT_SECONDS", 15 * 60, minimum=60)
if SESSION_IDLE_SECONDS > SESSION_ABSOLUTE_SECONDS:
    raise ConfigError("SAFEPLAN_IDLE_TIMEOUT_SECONDS must not be longer than SAFEPLAN_SESSION_ABSOLUTE_SECONDS")

# Lockout (django-axes): after SAFEPLAN_LOCKOUT_FAILURES failed sign-ins or
# second-factor codes, the username is refused for SAFEPLAN_LOCKOUT_MINUTES.
# Locked by username alone, from any address: locking by address would let one
# person on a shared police network lock out every colleague behind the same
# address, and locking by address and username together would give an attacker
# with many addresses unlimited guesses. The cost is that someone who knows a
# username can lock that account for a while; an admin can unlock it.
AXES_FAILURE_LIMIT = envint("SAFEPLAN_LOCKOUT_FAILURES", 5, minimum=3, maximum=20)
AXES_COOLOFF_TIME = timedelta(minutes=envint("SAFEPLAN_LOCKOUT_MINUTES", 30, minimum=1))
# Spraying one password over many usernames finds at most a password, which is
# useless without the second factor.
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for "ip_address" in the lockout parameters; see just above for why not.
SILENCED_SYSTEM_CHECKS.append("axes.W006")
# The sign-in form's field that axes counts failures against (safeplan.accounts.signin).
AXES_USERNAME_FORM_FIELD = "username"
# Success with a password alone clears nothing; a full sign-in (password and
# second factor) clears the count (safeplan.accounts.services).
AXES_RESET_ON_SUCCESS = False
# A lockout lasts the stated time from the last counted failure; tries during it do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "safeplan.accounts.lockout.lockout_response"
# axes keeps the submitted form fields of failed attempts: mask every secret.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "password",
    "code",
    "csrfmiddlewaretoken",
    "old_password",
    "new_password1",
    "new_password2",
]
AXES_ENABLE_ADMIN = False
# The audit trail records sign-ins; axes need not keep its own log of them.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Second factor (django-otp, django-otp-webauthn). The authenticator app shows
# the neutral service name, never what the service is for.
OTP_TOTP_ISSUER = SERVICE_NAME
OTP_WEBAUTHN_RP_NAME = SERVICE_NAME
# Passkeys only as a second factor, after the password: never instead of it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "safeplan.accounts.webauthn.WebAuthnHelper"
OTP_WEBAUTHN_RP_ID_CALLABLE = "safeplan.accounts.webauthn.relying_party_id"
# The domain passkeys are bound to. Empty: the host name of the request, which
# Django has already checked against ALLOWED_HOSTS.
WEBAUTHN_RP_ID = envstr("SAFEPLAN_WEBAUTHN_RP_ID", "")
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist(
    "SAFEPLAN_WEBAUTHN_ORIGINS",
    [f"https://{host}" for host in ALLOWED_HOSTS if host and not host.startswith((".", "*", "["))]
    + ([] if PRODUCTION else ["http://localhost"]),
)
# The CSRF token lives in the session, so there is no year-long csrftoken cookie.
CSRF_USE_SESSIONS = True
CSRF_FAILURE_VIEW = "safeplan.web.views.csrf_failure"
LANGUAGE_COOKIE_AGE = None
LANGUAGE_COOKIE_HTTPONLY = True

TLS = envbool("SAFEPLAN_TLS", PRODUCTION)
if TLS:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SAFEPLAN_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SAFEPLAN_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SAFEPLAN_HSTS_PRELOAD", True)
    SECURE_SSL_REDIRECT = envbool("SAFEPLAN_SSL_REDIRECT", True)
# `safeplan serve` (gunicorn): where it listens, its processes and threads, and the
# proxies whose forwarded headers it believes.
SERVE_HOST = envstr("HOST", "127.0.0.1")
SERVE_PORT = envint("PORT", 8000, minimum=1, maximum=65535)
SERVE_WORKERS = envint("WEB_CONCURRENCY", 2, minimum=1, maximum=64)
SERVE_THREADS = envint("SAFEPLAN_THREADS", 4, minimum=1, maximum=64)
SERVE_FORWARDED_ALLOW_IPS = envstr("FORWARDED_ALLOW_IPS", "127.0.0.1")
if envbool("SAFEPLAN_BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
# Welsh is offered only once its catalogue exists: a browser asking for Welsh must not get pages marked
# lang="cy" that are in English (a screen reader would read English words with Welsh sounds).
LANGUAGES = [("en-gb", _("English"))]
if (PACKAGE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.mo").exists():
    LANGUAGES.append(("cy", _("Welsh")))
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# What is written for a person whose language nobody has recorded yet: Welsh then English (the Welsh
# Language Standards), or only the reader's language where a deployment serves no one in Wales.
UNKNOWN_LANGUAGE_BILINGUAL = envbool("SAFEPLAN_UNKNOWN_LANGUAGE_BILINGUAL", True)
USE_I18N = True
TIME_ZONE = "Europe/London"
USE_TZ = True

STATIC_URL = "/static/"
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Tests serve static files straight from the app folders, without collectstatic.
WHITENOISE_USE_FINDERS = MODE == "test"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Tests serve from the source folders; everyone else serves hashed,
        # compressed files collected into STATIC_ROOT, cached for a year.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if MODE == "test"
        else "safeplan.web.staticstorage.HashedStaticStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Case events, notifications and completions: how many years back a date may be. An older one
# is a typing mistake (an arrest dated 1900 once became an overdue task), not a trigger point.
EVENT_OLDEST_YEARS = envint("SAFEPLAN_EVENT_OLDEST_YEARS", 10, minimum=1, maximum=100)
# Risk assessment: days from an assessment to its routine review, by grade (trigger
# points call for a reassessment sooner); how long an unsubmitted draft is kept; and
# the incidents in 12 months that meet MARAC's "potential escalation" (0 = content default).
RISK_REVIEW_DAYS = {
    "high": envint("SAFEPLAN_RISK_REVIEW_DAYS_HIGH", 7, minimum=1, maximum=365),
    "medium": envint("SAFEPLAN_RISK_REVIEW_DAYS_MEDIUM", 28, minimum=1, maximum=365),
    "standard": envint("SAFEPLAN_RISK_REVIEW_DAYS_STANDARD", 56, minimum=1, maximum=365),
}
RISK_DRAFT_DAYS = envint("SAFEPLAN_RISK_DRAFT_DAYS", 7, minimum=1, maximum=30)
RISK_ESCALATION_INCIDENTS = envint("SAFEPLAN_RISK_ESCALATION_INCIDENTS", 0, minimum=0, maximum=50) or None
# Person index: a suspect on the cases of this many different victims, opened within this
# many years, is flagged as a serial perpetrator (MATAC's definition: 2 victims in 3 years);
# flagged people are reviewed by a supervisor every this many days (MATAC tasks every 4 weeks).
PERPETRATOR_SERIAL_VICTIMS = envint("SAFEPLAN_SERIAL_VICTIMS", 2, minimum=2, maximum=20)
PERPETRATOR_SERIAL_YEARS = envint("SAFEPLAN_SERIAL_YEARS", 3, minimum=1, maximum=20)
PERPETRATOR_REVIEW_DAYS = envint("SAFEPLAN_SERIAL_REVIEW_DAYS", 28, minimum=1, maximum=365)
# Release and orders: a release date this many days away (or nearer) reaches the perpetrator's
# cases as a trigger point, and their management plan must be in place this many days before it;
# an order ending this many days away becomes a trigger point (reassessment and plan review).
PERPETRATOR_RELEASE_LEAD_DAYS = envint("SAFEPLAN_RELEASE_LEAD_DAYS", 28, minimum=1, maximum=365)
PERPETRATOR_PLAN_DAYS_BEFORE_RELEASE = envint("SAFEPLAN_PLAN_DAYS_BEFORE_RELEASE", 7, minimum=0, maximum=90)
PERPETRATOR_ORDER_LEAD_DAYS = envint("SAFEPLAN_ORDER_LEAD_DAYS", 14, minimum=1, maximum=180)
# Clare's Law: the clocks of each nation come from content/disclosure.yaml; a value here above 0
# replaces them everywhere (the research marks the interim targets UNVERIFIED, section 2).
DISCLOSURE_INITIAL_CONTACT_HOURS = envint("SAFEPLAN_DISCLOSURE_INITIAL_CONTACT_HOURS", 0, minimum=0, maximum=240)
DISCLOSURE_FACE_TO_FACE_WORKING_DAYS = envint("SAFEPLAN_DISCLOSURE_FACE_TO_FACE_WORKING_DAYS", 0, minimum=0, maximum=60)
DISCLOSURE_DECISION_DAYS = envint("SAFEPLAN_DISCLOSURE_DECISION_DAYS", 0, minimum=0, maximum=120)
# The team that receives right-to-ask requests made on the public online form (its id); 0 = none,
# and the public form says it is not available.
DISCLOSURE_ONLINE_TEAM = envint("SAFEPLAN_DISCLOSURE_ONLINE_TEAM", 0, minimum=0)
# How long the public form keeps what someone typed under their code after they left it.
DISCLOSURE_DRAFT_DAYS = envint("SAFEPLAN_DISCLOSURE_DRAFT_DAYS", 7, minimum=1, maximum=30)
# Exhibits: the largest upload, and the most messages one import may bring in.
EVIDENCE_MAX_UPLOAD_BYTES = envint("SAFEPLAN_EVIDENCE_MAX_BYTES", 100 * 1024 * 1024, minimum=1024)
EVIDENCE_MAX_IMPORT_MESSAGES = envint("SAFEPLAN_EVIDENCE_MAX_IMPORT_MESSAGES", 5000, minimum=1)
# An imported message's text goes into the chronology PDF: one longer than this keeps its start
# there, with a note that the whole of it is in the imported file (the exhibit); an import whose
# messages hold more text than the second limit in all is refused. Exports stay bounded.
EVIDENCE_MAX_MESSAGE_CHARS = envint("SAFEPLAN_EVIDENCE_MAX_MESSAGE_CHARS", 20_000, minimum=100)
EVIDENCE_MAX_IMPORT_CHARS = envint("SAFEPLAN_EVIDENCE_MAX_IMPORT_CHARS", 2_000_000, minimum=1000)
# An upload larger than Django's in-memory limit is sealed chunk by chunk as it arrives, into an
# unnamed file in our own private folder: no uploaded byte is ever on disk in plain text, even
# when the process is killed mid-upload (safeplan.evidence.uploadhandlers).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "safeplan.evidence.uploadhandlers.EncryptingUploadHandler",
]
FILE_UPLOAD_TEMP_DIR = str(VAR_DIR / "uploads")
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_PERMISSIONS = 0o600
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True, mode=0o700)

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

EMAIL_BACKEND = envstr(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "safeplan@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Logs say what happened to the service, never who it happened to: no request
# bodies, no query strings, and Django's error mails are off.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": envchoice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # axes logs each failed sign-in with the username and address; the audit trail has what is needed.
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
ADMINS: list[tuple[str, str]] = []

"""safeplan's one settings module. Every value comes from the environment.

SAFEPLAN_MODE chooses the defaults: "production" (the default) demands real
secrets and TLS; "demo" runs on one machine with generated secrets kept under
var/; "test" is for the test suite. The README lists every variable.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from safeplan.database import database_from_url
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

DEBUG = envbool("DEBUG", False)
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

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "safeplan.content",
    "safeplan.accounts",
    "safeplan.web",
    "safeplan.housekeeping",
]

MIDDLEWARE = [
    "safeplan.web.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "safeplan.web.csrf.FetchMetadataCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:staff_home"
LOGOUT_REDIRECT_URL = "web:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
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
if envbool("SAFEPLAN_BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English")), ("cy", _("Welsh"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
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
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

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
    },
}
ADMINS: list[tuple[str, str]] = []

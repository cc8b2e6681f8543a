"""Settings come from the environment; a bad value stops start-up with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from safeplan.database import database_from_url
from safeplan.env import ConfigError, envbool, envint, envsecret

STRONG_KEY = "k" * 20 + "Zq8-3vX_p0LmNb7TyR2wE5uIoA1sDfGhJ"

# The production environment the README documents, on SQLite so the test needs no server.
PRODUCTION_ENV = {
    "SAFEPLAN_MODE": "production",
    "SECRET_KEY": STRONG_KEY,
    "ALLOWED_HOSTS": "safeplan.example.org",
    "SAFEPLAN_VAULT_PEPPER": "p" * 40,
    "SAFEPLAN_FIELD_KEYS": "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    "SAFEPLAN_SIGNING_KEY": "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=",
    "SAFEPLAN_AUDIT_KEY": "a1:QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=",
}


def run_safeplan(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEPLAN_", "DATABASE_URL", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    clean.update({"SAFEPLAN_VAR_DIR": str(tmp_path / "var"), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-m", "safeplan.cli", *args], capture_output=True, text=True, env=clean, timeout=120
    )


def test_check_deploy_passes_with_the_documented_production_environment(tmp_path: Path) -> None:
    result = run_safeplan(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_hsts_and_secure_cookies(tmp_path: Path) -> None:
    result = run_safeplan(
        [
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE,"
            " s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.DEBUG, s.PASSWORD_HASHERS[0].rsplit('.')[-1])",
        ],
        PRODUCTION_ENV,
        tmp_path,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "False", "Argon2PasswordHasher"], result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SAFEPLAN_MODE": "production", "ALLOWED_HOSTS": "x.example.org"}, "SECRET_KEY"),
        ({**PRODUCTION_ENV, "DATABASE_URL": "mysql://db/safeplan"}, "DATABASE_URL"),
        ({**PRODUCTION_ENV, "DATABASE_URL": "not a url at all"}, "DATABASE_URL"),
        ({**PRODUCTION_ENV, "DATABASE_URL": "postgres://user:hunter2@127.0.0.1:5432/"}, "DATABASE_URL"),
        ({**PRODUCTION_ENV, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({**PRODUCTION_ENV, "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({**PRODUCTION_ENV, "DEBUG": "perhaps"}, "DEBUG"),
        ({**PRODUCTION_ENV, "SAFEPLAN_MODE": "staging"}, "SAFEPLAN_MODE"),
        ({**PRODUCTION_ENV, "SAFEPLAN_EXIT_URL": "javascript:alert(1)"}, "SAFEPLAN_EXIT_URL"),
        ({**PRODUCTION_ENV, "SAFEPLAN_FIELD_KEYS": ""}, "SAFEPLAN_FIELD_KEYS"),
        ({**PRODUCTION_ENV, "SAFEPLAN_FIELD_KEYS": "k1:c2hvcnQ="}, "SAFEPLAN_FIELD_KEYS"),
        ({**PRODUCTION_ENV, "SAFEPLAN_SIGNING_KEY": ""}, "SAFEPLAN_SIGNING_KEY"),
        ({**PRODUCTION_ENV, "SAFEPLAN_AUDIT_KEY": ""}, "SAFEPLAN_AUDIT_KEY"),
        ({**PRODUCTION_ENV, "SAFEPLAN_AUDIT_KEY": "a1:c2hvcnQ="}, "SAFEPLAN_AUDIT_KEY"),
        ({**PRODUCTION_ENV, "SAFEPLAN_AUDIT_CHECKPOINT_FILE": "off"}, "SAFEPLAN_AUDIT_CHECKPOINT"),
        ({**PRODUCTION_ENV, "SAFEPLAN_SIGNING_KEY": "c2hvcnQ="}, "SAFEPLAN_SIGNING_KEY"),
        ({**PRODUCTION_ENV, "SAFEPLAN_SIGNING_PUBLIC_KEYS": "nonsense"}, "SAFEPLAN_SIGNING_PUBLIC_KEYS"),
        ({**PRODUCTION_ENV, "PORT": "eighty"}, "PORT"),
        ({**PRODUCTION_ENV, "SAFEPLAN_EVIDENCE_MAX_BYTES": "12"}, "SAFEPLAN_EVIDENCE_MAX_BYTES"),
    ],
)
def test_a_bad_setting_stops_start_up_with_one_line(tmp_path: Path, env: dict[str, str], message: str) -> None:
    result = run_safeplan(["check"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("safeplan: configuration error:")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr


def test_a_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(STRONG_KEY + "\n")
    env = {**PRODUCTION_ENV, "SECRET_KEY": "", "SECRET_KEY_FILE": str(secret_file)}
    script = ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]
    result = run_safeplan(script, env, tmp_path)
    assert result.stdout.strip() == STRONG_KEY, result.stderr


def test_envsecret_refuses_both_a_value_and_a_file(tmp_path: Path) -> None:
    path = tmp_path / "s"
    path.write_text("x")
    with pytest.raises(ConfigError, match="not both"):
        envsecret("TOKEN", environ={"TOKEN": "a", "TOKEN_FILE": str(path)})


def test_envsecret_names_an_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="TOKEN_FILE"):
        envsecret("TOKEN", environ={"TOKEN_FILE": str(tmp_path / "missing")})


def test_envbool_and_envint_reject_unclear_values() -> None:
    assert envbool("FLAG", False, environ={"FLAG": "Yes"}) is True
    assert envbool("FLAG", True, environ={"FLAG": "off"}) is False
    assert envbool("FLAG", True, environ={}) is True
    with pytest.raises(ConfigError, match="FLAG"):
        envbool("FLAG", False, environ={"FLAG": "maybe"})
    assert envint("N", 3, environ={"N": "7"}, minimum=1) == 7
    with pytest.raises(ConfigError, match="at least 1"):
        envint("N", 3, environ={"N": "0"}, minimum=1)
    with pytest.raises(ConfigError, match="whole number"):
        envint("N", 3, environ={"N": "seven"})


def test_database_url_selects_the_backend(tmp_path: Path) -> None:
    sqlite = database_from_url(f"sqlite:///{tmp_path}/sub/db.sqlite3")
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3"
    assert (tmp_path / "sub").is_dir()
    postgres = database_from_url("postgres://app@127.0.0.1:5432/safeplan")
    assert postgres["ENGINE"] == "django.db.backends.postgresql"
    assert postgres["NAME"] == "safeplan"
    assert postgres["HOST"] == "127.0.0.1"


def test_demo_mode_needs_no_secret_and_keeps_the_generated_one(tmp_path: Path) -> None:
    env = {"SAFEPLAN_MODE": "demo", "SECRET_KEY": ""}
    script = ["shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECRET_KEY)"]
    first = run_safeplan(script, env, tmp_path)
    second = run_safeplan(script, env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.strip()) >= 50
    assert first.stdout == second.stdout


def test_the_key_generators_print_keys_the_settings_accept_without_any_configuration(tmp_path: Path) -> None:
    from safeplan.domain.fieldcrypto import parse_keyring
    from safeplan.domain.signing import fingerprint, parse_private_key

    signing = run_safeplan(["generate-signing-key"], {}, tmp_path)
    assert signing.returncode == 0, signing.stderr
    key = parse_private_key(signing.stdout)
    assert signing.stderr.strip() == f"fingerprint {fingerprint(key.public_key())}"
    audit = run_safeplan(["generate-audit-key", "--id", "a2"], {}, tmp_path)
    assert audit.returncode == 0, audit.stderr
    assert parse_keyring(audit.stdout.strip()).current == "a2"
    result = run_safeplan(
        ["check"],
        {**PRODUCTION_ENV, "SAFEPLAN_SIGNING_KEY": signing.stdout, "SAFEPLAN_AUDIT_KEY": audit.stdout},
        tmp_path,
    )
    assert result.returncode == 0, result.stderr


def test_code_reads_each_setting_from_settings_without_a_default_of_its_own() -> None:
    """A default in a code path would shadow the one in settings.py, and drift from it."""
    package = Path(__file__).resolve().parents[1]
    allowed = {package / "env.py", package / "settings.py", package / "cli.py", package / "wsgi.py"}
    shadows = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if path in allowed or "tests" in parts or "testing" in parts:
            continue
        text = path.read_text()
        for needle in ("getattr(settings", "hasattr(settings", "os.environ", "os.getenv"):
            if needle in text:
                shadows.append(f"{path.relative_to(package)}: {needle}")
    assert shadows == []

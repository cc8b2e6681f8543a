"""Turn DATABASE_URL into Django's DATABASES entry, with a clear error when it is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url

from safeplan.env import ConfigError

SUPPORTED_SCHEMES = ("sqlite", "postgres", "postgresql")


def database_from_url(url: str, *, conn_max_age: int = 60) -> dict[str, Any]:
    """Return a DATABASES entry for a sqlite:/// or postgres:// URL."""
    try:
        scheme = urlsplit(url).scheme
    except ValueError:
        scheme = ""
    if scheme not in SUPPORTED_SCHEMES:
        raise ConfigError(
            "DATABASE_URL must start with sqlite:/// or postgres:// "
            f"(for example postgres://user@127.0.0.1:5432/safeplan), not {_redact(url)!r}"
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    except (ValueError, KeyError) as error:
        raise ConfigError(f"DATABASE_URL is malformed: {error}") from None
    if scheme == "sqlite":
        name = str(config.get("NAME") or "")
        if not name or name == ":memory:":
            raise ConfigError("DATABASE_URL for SQLite needs a file path, e.g. sqlite:///var/safeplan.sqlite3")
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        # Several processes (web, worker, tick) share one SQLite file: wait for a lock
        # instead of failing at once, and start write transactions immediately.
        config["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
        config["CONN_MAX_AGE"] = 0
    else:
        if not config.get("NAME"):
            raise ConfigError(
                "DATABASE_URL for PostgreSQL must name a database, e.g. postgres://127.0.0.1:5432/safeplan"
            )
        config["CONN_HEALTH_CHECKS"] = True
    return config


def _redact(url: str) -> str:
    """Return the URL without any password, so an error message never leaks one."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable>"
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url

"""Read settings from the environment, failing loudly on a bad value.

Every setting comes through one of these helpers so that a mistake in a
deployment stops start-up with one line that names the variable, instead of a
stack trace or, worse, a silently insecure default.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


class ConfigError(ImproperlyConfigured):
    """A setting in the environment is missing or malformed."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str | None:
    source = os.environ if environ is None else environ
    value = source.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def envstr(name: str, default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """Return the variable's value, or the default when it is unset or empty."""
    value = _raw(name, environ)
    return default if value is None else value


def envbool(name: str, default: bool, *, environ: Mapping[str, str] | None = None) -> bool:
    """Return the variable as a boolean; anything but a clear yes or no is an error."""
    value = _raw(name, environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def envint(
    name: str,
    default: int,
    *,
    minimum: int | None = None,
    maximum: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Return the variable as an integer within the given bounds."""
    value = _raw(name, environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, not {number}")
    if maximum is not None and number > maximum:
        raise ConfigError(f"{name} must be at most {maximum}, not {number}")
    return number


def envchoice(name: str, choices: Sequence[str], default: str, *, environ: Mapping[str, str] | None = None) -> str:
    """Return the variable if it is one of the choices."""
    value = envstr(name, default, environ=environ)
    if value not in choices:
        raise ConfigError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def envlist(name: str, default: Sequence[str], *, environ: Mapping[str, str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    value = _raw(name, environ)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def envsecret(name: str, *, environ: Mapping[str, str] | None = None) -> str | None:
    """Return a secret from NAME, or from the file named by NAME_FILE.

    Secrets in files suit systemd credentials and container secrets. Setting
    both is an error, because it is not clear which one the operator meant.
    """
    value = _raw(name, environ)
    path = _raw(f"{name}_FILE", environ)
    if value is not None and path is not None:
        raise ConfigError(f"set {name} or {name}_FILE, not both")
    if path is None:
        return value
    try:
        content = Path(path).read_text(encoding="utf-8").strip()
    except OSError as error:
        raise ConfigError(f"{name}_FILE: cannot read {path}: {error.strerror}") from None
    if not content:
        raise ConfigError(f"{name}_FILE: {path} is empty")
    return content

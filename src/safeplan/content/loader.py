"""Load YAML content files into validated, frozen models."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

CONTENT_DIR = Path(__file__).resolve().parent

M = TypeVar("M", bound=BaseModel)
F = TypeVar("F", bound=Callable[[], Any])

# Every registered loader is run by the start-up check (safeplan.content.checks).
LOADERS: dict[str, Callable[[], Any]] = {}


class ContentError(ValueError):
    """A content file is missing, is not valid YAML, or does not match its schema."""


def read_yaml(relative: str | Path) -> Any:
    """Return the parsed YAML of a file under the content folder."""
    path = CONTENT_DIR / relative
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise ContentError(f"{relative}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ContentError(f"{relative}: not valid YAML: {error}") from None


def load_model(model: type[M], relative: str | Path) -> M:
    """Return the file's content validated as the given model."""
    data = read_yaml(relative)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or '(top)'}: {item['msg']}" for item in error.errors()
        )
        raise ContentError(f"{relative}: {problems}") from None


def content_loader(name: str) -> Callable[[F], F]:
    """Register a loader so that start-up validates its content, and cache its result."""

    def decorate(function: F) -> F:
        cached = functools.cache(function)
        LOADERS[name] = cached
        return cached  # type: ignore[return-value]

    return decorate

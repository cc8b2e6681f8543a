"""Test-wide set-up: test mode, and browsers allowed to share the database thread."""

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings as hypothesis_settings

os.environ.setdefault("SAFEPLAN_MODE", "test")
# Playwright's sync API runs an event loop in the test thread; the test database
# is still used synchronously, so Django's async guard is relaxed for tests only.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The named personas (the `world` fixture) for every test, browser tests included.
pytest_plugins = ["safeplan.personas"]

# Speed is measured by benchmarks, not by tests: a busy CI machine must not fail a
# property test on time. Failing examples are printed so they can be replayed.
hypothesis_settings.register_profile("safeplan", deadline=None, print_blob=True)
hypothesis_settings.load_profile("safeplan")


@pytest.fixture(autouse=True)
def _private_media_root(settings: Any, tmp_path: Path) -> None:
    """Keep each test's uploaded exhibits and audit checkpoints in its own temporary folder, never in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.AUDIT_CHECKPOINT_FILE = str(tmp_path / "audit-checkpoints.jsonl")


@pytest.fixture(autouse=True)
def _english_between_tests() -> Any:
    """Start every test in the service's default language, and leave it so.

    A request shown in Welsh activates Welsh for the thread it ran in (Django's locale middleware
    does not undo it), so a later test that builds a form or a message outside a request would
    otherwise read Welsh.
    """
    from django.conf import settings as django_settings
    from django.utils import translation

    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)

"""The start-up check reports any content file that does not load."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import checks

from safeplan.content import checks as content_checks
from safeplan.content import loader
from safeplan.content.checks import check_content
from safeplan.content.helplines import Helplines
from safeplan.content.schema import LocalText


def test_all_shipped_content_passes_the_check() -> None:
    assert check_content() == []


def test_the_check_is_registered_with_django() -> None:
    assert check_content in checks.registry.registry.get_checks()


def test_a_broken_file_is_reported_by_name(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "helplines.yaml").write_text("helplines:\n  - id: Bad Id\n    number: 'call me'\n")
    monkeypatch.setattr(loader, "CONTENT_DIR", tmp_path)
    monkeypatch.setattr(content_checks, "LOADERS", {"broken": lambda: loader.load_model(Helplines, "helplines.yaml")})
    errors = check_content()
    assert len(errors) == 1
    assert errors[0].id == "safeplan.E001"
    assert "helplines.yaml" in errors[0].msg
    assert "helplines.0.id" in errors[0].msg


def test_invalid_yaml_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("a: [unclosed\n")
    monkeypatch.setattr(loader, "CONTENT_DIR", tmp_path)
    with pytest.raises(loader.ContentError, match="not valid YAML"):
        loader.read_yaml("x.yaml")


def test_text_needs_english_and_may_carry_welsh() -> None:
    text = LocalText.model_validate({"en": "Call 999", "cy": "Ffoniwch 999"})
    assert text.get("cy") == "Ffoniwch 999"
    assert text.get("en-gb") == "Call 999"
    assert LocalText.model_validate({"en": "Call 999"}).get("cy") == "Call 999"
    with pytest.raises(ValueError, match="English"):
        LocalText.model_validate({"cy": "Ffoniwch 999"})
    with pytest.raises(ValueError, match="unknown language"):
        LocalText.model_validate({"en": "x", "fr": "y"})

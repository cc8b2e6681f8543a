"""Every text in the content YAML has a Welsh version, and the page shows it in Welsh."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import translation

from safeplan.content.helplines import helplines
from safeplan.content.loader import CONTENT_DIR


def _texts(node: Any, where: str) -> list[tuple[str, dict[str, str]]]:
    """Return every language map (a mapping with 'en' and nothing but language codes) under the node."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and set(node) <= {"en", "cy"}:
            return [(where, node)]
        return [found for key, value in node.items() for found in _texts(value, f"{where}.{key}")]
    if isinstance(node, list):
        return [found for index, value in enumerate(node) for found in _texts(value, f"{where}[{index}]")]
    return []


# Every content YAML in the package: the shared content and any app's own (the survivor space's).
PACKAGE_DIR = CONTENT_DIR.parent
FILES = sorted(
    path.relative_to(PACKAGE_DIR)
    for path in PACKAGE_DIR.rglob("*.yaml")
    if "tests" not in path.parts and "en:" in path.read_text(encoding="utf-8")
)


def _read(relative: Path) -> Any:
    return yaml.safe_load((PACKAGE_DIR / relative).read_text(encoding="utf-8"))


@pytest.mark.parametrize("relative", FILES, ids=str)
def test_every_content_text_has_welsh(relative: Path) -> None:
    texts = _texts(_read(relative), str(relative))
    missing = [where for where, text in texts if not text.get("cy", "").strip()]
    assert missing == [], f"{len(missing)} text(s) without Welsh ('cy'), first: {missing[:3]}"
    same = [where for where, text in texts if text["cy"].strip() == text["en"].strip() and len(text["en"]) > 12]
    assert same == [], f"Welsh copied from English, not translated: {same[:3]}"


def test_the_content_has_texts_to_check() -> None:
    assert any("survivor" in relative.parts for relative in FILES)
    assert sum(len(_texts(_read(relative), "")) for relative in FILES) > 700


def test_content_text_follows_the_active_language() -> None:
    line = helplines().by_id("emergency")
    with translation.override("cy"):
        welsh = line.name.get(translation.get_language())
    assert welsh.startswith("Heddlu")
    with translation.override("en-gb"):
        assert line.name.get(translation.get_language()).startswith("Police")

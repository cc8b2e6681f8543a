"""The Welsh catalogue covers every message, its plurals follow Welsh, and pages in Welsh are in Welsh."""

from __future__ import annotations

import gettext
import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from safeplan.testing.welsh import MO, PO, catalogue_entries


def test_the_catalogue_is_compiled_and_every_entry_is_translated_and_not_fuzzy() -> None:
    assert MO.exists(), "compile the Welsh catalogue: make messages"
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8").split("\n\n", 1)[1]
    entries = catalogue_entries(PO)
    assert len(entries) > 2500
    untranslated = [msgid for (msgid, _plural), strs in entries.items() if not strs or not all(s.strip() for s in strs)]
    assert untranslated == [], f"{len(untranslated)} untranslated, first: {untranslated[:3]}"
    plural_entries = [strs for (_msgid, plural), strs in entries.items() if plural is not None]
    assert plural_entries
    assert all(len(strs) == 4 for strs in plural_entries), "Welsh has four plural forms in Django's cy catalogue"
    # The compiled catalogue is the one in the repository, not an older build.
    compiled = gettext.GNUTranslations(MO.open("rb"))
    for (msgid, plural), strs in list(entries.items())[:200]:
        if plural is None:
            assert compiled.gettext(msgid) == strs[0], msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="xgettext missing: make test installs gettext")
def test_every_message_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    package = Path(__file__).resolve().parents[2]
    work = tmp_path / "safeplan"
    shutil.copytree(package, work, ignore=shutil.ignore_patterns("locale", "__pycache__", "static", "*.pyc"))
    (work / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(work)
    try:
        with override_settings(LOCALE_PATHS=[work / "locale"]):
            call_command(
                "makemessages", locale=["cy"], ignore_patterns=["tests/*", "*/tests/*", "testing/*"], verbosity=0
            )
    finally:
        os.chdir(cwd)
    fresh = catalogue_entries(work / "locale" / "cy" / "LC_MESSAGES" / "django.po")
    committed = catalogue_entries(PO)
    missing = [msgid for key in fresh if key not in committed for msgid in [key[0]]]
    assert missing == [], (
        f"{len(missing)} message(s) not in the Welsh catalogue (run make messages), first: {missing[:3]}"
    )


@pytest.mark.parametrize(
    ("count", "form"),
    [(0, 2), (1, 0), (2, 1), (3, 2), (6, 2), (8, 3), (11, 3), (12, 2)],
)
def test_welsh_plurals_choose_the_welsh_form(count: int, form: int) -> None:
    compiled = gettext.GNUTranslations(MO.open("rb"))
    entries = catalogue_entries(PO)
    forms = entries[("%(n)s meeting", "%(n)s meetings")]
    assert compiled.ngettext("%(n)s meeting", "%(n)s meetings", count) == forms[form]
    assert len(set(forms)) >= 3, "the Welsh forms differ: cyfarfod, gyfarfod, o gyfarfodydd"


def test_dates_and_numbers_are_written_in_welsh() -> None:
    with translation.override("cy"):
        rendered = Template('{{ d|date:"l j F Y" }} {{ n|floatformat:"2g" }}').render(
            Context({"d": date(2026, 3, 27), "n": 12345.5})
        )
    assert "Mawrth" in rendered
    assert "Gwener" in rendered
    assert "12,345.50" in rendered or "12345,50" in rendered or "12 345,50" in rendered


def test_no_message_is_built_from_gendered_pieces() -> None:
    """English text has no he/she switch for Welsh to copy: no message picks a pronoun from a person's sex."""
    package = Path(__file__).resolve().parents[2]
    offenders = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*")
        if path.suffix in {".py", ".html"}
        and "/tests/" not in path.as_posix()
        and re.search(
            r"""["'](?:he|she)["']\s+if\b|\bif\s+\w+\.(?:gender|sex)\b.*["'](?:he|she|his|her)["']""",
            path.read_text(encoding="utf-8"),
        )
    ]
    assert offenders == []


def test_the_language_names_itself_in_welsh() -> None:
    with translation.override("cy"):
        assert str(dict(settings.LANGUAGES).get("cy", "")) == "Cymraeg"

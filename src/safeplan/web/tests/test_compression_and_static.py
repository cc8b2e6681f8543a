"""Pages travel compressed unless another site asked for them; static files carry hashed names, imports included."""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client


def get(path: str, **headers: str) -> Any:
    return Client(headers={"Accept-Encoding": "gzip, br", **headers}).get(path)


@pytest.mark.django_db
@pytest.mark.parametrize("site", ["same-origin", "none", None])
def test_a_page_we_linked_to_or_typed_in_is_sent_gzipped(site: str | None) -> None:
    headers = {"Sec-Fetch-Site": site} if site else {}
    response = get("/s/", **headers)
    assert response["Content-Encoding"] == "gzip"
    assert "Sec-Fetch-Site" in response["Vary"]
    assert b"<html" in gzip.decompress(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("site", ["cross-site", "same-site"])
def test_a_page_another_site_asked_for_is_sent_plain_so_its_size_cannot_be_an_oracle(site: str) -> None:
    response = get("/s/", **{"Sec-Fetch-Site": site})
    assert "Content-Encoding" not in response
    assert b"<html" in response.content


@pytest.mark.django_db
def test_files_that_are_not_text_pass_through_untouched() -> None:
    response = get("/static/safeplan/favicon.svg", **{"Sec-Fetch-Site": "same-origin"})
    assert response.get("Content-Encoding") != "gzip"


def test_collected_modules_import_each_other_by_hashed_name(tmp_path: Path, settings: Any) -> None:
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "safeplan.web.staticstorage.HashedStaticStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    apps = [p for p in (tmp_path / "safeplan").glob("app.*.mjs") if re.fullmatch(r"app\.[0-9a-f]{12}\.mjs", p.name)]
    assert len(apps) == 1
    imports = re.findall(r'from\s*"([^"]+)"', apps[0].read_text())
    assert imports, "app.mjs imports its modules"
    for name in imports:
        assert re.search(r"\.[0-9a-f]{12}\.m?js$", name), f"{name} is imported by an unhashed name"
        assert (apps[0].parent / name).resolve().exists()
    assert list((tmp_path / "safeplan").glob("govuk-frontend.min.*.js.br"))

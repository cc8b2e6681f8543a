"""She can look at her own photos in the space, without downloading them."""

from __future__ import annotations

import base64

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from safeplan.testing.survivor import JPEG, add


def test_a_photo_is_shown_in_a_page_of_the_space_with_no_address_of_its_own(space: tuple[Client, str]) -> None:
    client, _words = space
    add(client, file=SimpleUploadedFile("IMG_0001.jpg", JPEG, content_type="image/jpeg"))
    diary = client.get("/s/d/").content.decode()
    assert 'action="/s/d/v/"' in diary
    assert "View photo 1" in diary
    entry = client.get("/s/d/").context["entries"].rows[0].sequence
    page = client.post("/s/d/v/", {"entry": str(entry), "file": "0"})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'src="data:image/jpeg;base64,{base64.b64encode(JPEG).decode()}"' in html
    assert "<title>Picture - Notes</title>" in html
    assert "survivor/space.mjs" in html  # it locks, leaves and hides like any page of the space
    assert "img-src 'self' data:" in page["Content-Security-Policy"]
    assert page["Cache-Control"] == "no-store"
    # Only this page lets an image be written into the page.
    assert "data:" not in client.get("/s/d/")["Content-Security-Policy"]


def test_nonsense_or_a_missing_photo_goes_back_to_the_diary(space: tuple[Client, str]) -> None:
    client, _words = space
    add(client)
    entry = str(client.get("/s/d/").context["entries"].rows[0].sequence)
    for data in ({"entry": entry, "file": "0"}, {"entry": "x", "file": "0"}, {"entry": "999", "file": "0"}, {}):
        assert client.post("/s/d/v/", data)["Location"] == "/s/d/"
    assert client.get("/s/d/v/").status_code == 405
    assert Client().post("/s/d/v/", {"entry": entry, "file": "0"})["Location"] == "/s/o/"

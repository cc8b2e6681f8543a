"""Diary pages of the survivor space (under /s/d/). Plan spaces only: a notes space gets 404.

No ids in any URL: an entry is named by its sequence in a POSTed form field. Like every
survivor page, nothing here logs or audits.
"""

from __future__ import annotations

import base64
import contextlib
from typing import Any, cast

from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.domain.hashchain import ChainError
from safeplan.survivor import diary, drafts, services
from safeplan.survivor.diary_forms import FILE_LIMIT, DiaryAmendForm, DiaryDownloadForm, DiaryEntryForm
from safeplan.survivor.document import Document
from safeplan.survivor.views.base import plan_only, render_page, with_space
from safeplan.web.csrf import FetchMetadataCsrfViewMiddleware
from safeplan.web.middleware import CONTENT_SECURITY_POLICY
from safeplan.web.pagination import paginate

DRAFT = "journal"
NOTE_DRAFT = "journal-note"

# The whole request: the file plus the entry's words (at most 12 fields of 5,000 characters).
UPLOAD_REQUEST_LIMIT = FILE_LIMIT + 256 * 1024

# The site's CSRF middleware as a decorator, for the one view that must set upload handlers first.
csrf_protect = decorator_from_middleware(FetchMetadataCsrfViewMiddleware)


def _broken(request: HttpRequest, status: int = 409) -> HttpResponse:
    return render_page(request, "survivor/diary_broken.html", status=status)


@require_http_methods(["GET"])
@with_space
def diary_list(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    space = plan_only(document)
    if not diary.verify(space).ok:
        return _broken(request, status=200)
    note = space.drafts.get(NOTE_DRAFT)
    kept_entry = note.fields.get("entry", [""])[0] if note else ""
    # Entries are read from the vault in one piece; the page shows a bounded number of them.
    entries = paginate(request, diary.entries(space))
    return render_page(request, "survivor/diary.html", {"entries": entries, "kept_entry": kept_entry})


class _InMemoryUpload(MemoryFileUploadHandler):
    """Keep an upload in memory whatever its size up to the limit: a decrypted photo never touches the disk.

    A request larger than the limit keeps no file at all, and ``too_big`` says so.
    """

    too_big = False

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: Any = None
    ) -> None:
        self.activated = content_length <= UPLOAD_REQUEST_LIMIT
        self.too_big = not self.activated


@csrf_exempt  # checked by csrf_protect below (the site's own CSRF check), after the upload handlers are set
@require_http_methods(["GET", "POST"])
def diary_new(request: HttpRequest) -> HttpResponse:
    handler = _InMemoryUpload(request)
    request.upload_handlers = [handler]
    return cast(HttpResponse, _diary_new(request, handler))


@csrf_protect
@with_space
def _diary_new(
    request: HttpRequest, opened: services.OpenVault, document: Document, handler: _InMemoryUpload
) -> HttpResponse:
    space = plan_only(document)
    posted = request.method == "POST"
    if posted and request.POST.get("action") == "discard":
        drafts.draft_clear(opened, space, DRAFT)
        return redirect("survivor:diary_new")
    kept = None if posted else drafts.initial(space, DRAFT)
    form = DiaryEntryForm(request.POST if posted else None, request.FILES if posted else None, initial=kept)
    if posted and handler.too_big:
        form.add_error("file", _("The file must be smaller than 5 MB"))
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        files = [diary.NewFile(data=upload[0], extension=upload[1])] if upload else []
        try:
            diary.entry_add(opened, form.payload(timezone.now()), files)
        except diary.DiaryBroken:
            return _broken(request)
        drafts.draft_clear(opened, space, DRAFT)
        return redirect("survivor:diary")
    return render_page(request, "survivor/diary_new.html", {"form": form, "kept": kept is not None, "draft": DRAFT})


@require_POST
@with_space
def diary_amend(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    """Show the amendment form for the POSTed entry ("amend"), or save it ("save")."""
    space = plan_only(document)
    if not diary.verify(space).ok:
        return _broken(request)
    try:
        sequence = int(request.POST.get("entry", ""))
    except ValueError:
        return redirect("survivor:diary")
    if not diary.is_entry(space, sequence):
        return redirect("survivor:diary")
    action = request.POST.get("action")
    if action == "discard":
        drafts.draft_clear(opened, space, NOTE_DRAFT)
        return redirect("survivor:diary")
    saving = action == "save"
    kept = drafts.initial(space, NOTE_DRAFT)
    if kept is not None and kept.get("entry") != str(sequence):
        kept = None
    form = DiaryAmendForm(request.POST if saving else None, initial=None if saving else kept)
    if saving and form.is_valid():
        with contextlib.suppress(ChainError):
            diary.entry_amend(opened, sequence, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"])
        drafts.draft_clear(opened, space, NOTE_DRAFT)
        return redirect("survivor:diary")
    entry = next(item for item in diary.entries(space) if item.sequence == sequence)
    context = {"form": form, "entry": entry, "kept": kept is not None and not saving, "draft": NOTE_DRAFT}
    return render_page(request, "survivor/diary_amend.html", context)


# Photo types shown in a page, and their media types.
SHOWN = {"jpg": "image/jpeg", "png": "image/png"}


@require_POST
@with_space
def diary_photo(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    """Show one photo of an entry in a page of the space, without downloading it (the entry and photo are POSTed).

    The photo is in the page itself (a data: address, allowed for images on this page only), so
    no address of it exists to be kept, and the page locks, leaves and hides like every other.
    """
    space = plan_only(document)
    if not diary.verify(space).ok:
        return _broken(request)
    try:
        sequence = int(request.POST.get("entry", ""))
        index = int(request.POST.get("file", ""))
    except ValueError:
        return redirect("survivor:diary")
    entry = next((item for item in diary.entries(space) if item.sequence == sequence), None)
    files = entry.payload.get("files", []) if entry is not None else []
    if entry is None or not 0 <= index < len(files) or files[index].get("extension") not in SHOWN:
        return redirect("survivor:diary")
    try:
        data = diary.read_file(opened, files[index])
    except diary.DiaryBroken:
        return _broken(request)
    source = f"data:{SHOWN[files[index]['extension']]};base64,{base64.b64encode(data).decode('ascii')}"
    response = render_page(request, "survivor/photo.html", {"entry": entry, "number": index + 1, "source": source})
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace("img-src 'self'", PHOTO_IMAGES)
    return response


# The one change to the site's policy, on the photo page only: her photo, inside the page.
PHOTO_IMAGES = "img-src 'self' data:"


@require_http_methods(["GET", "POST"])
@with_space
def diary_download(request: HttpRequest, opened: services.OpenVault, document: Document) -> HttpResponse:
    """Warn about downloaded files on a shared phone (GET), then send the bundle (POST)."""
    space = plan_only(document)
    if not diary.verify(space).ok:
        return _broken(request, status=200 if request.method == "GET" else 409)
    form = DiaryDownloadForm(request.POST if request.method == "POST" else None)
    if request.method == "GET":
        built_entries = diary.entries(space)
        photos = sum(
            1 for entry in built_entries for item in entry.payload.get("files", []) if item["extension"] != "pdf"
        )
        context = {"count": len(built_entries), "photos": photos, "form": form}
        return render_page(request, "survivor/diary_download.html", context)
    try:
        built = diary.export(opened, space, keep_location=form.keep_location())
    except diary.DiaryBroken:
        return _broken(request)
    response = StreamingHttpResponse(built.chunks(), content_type="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="notes.zip"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Length"] = str(built.size)
    # A streamed file, not an HttpResponse: with_space passes it through untouched.
    return cast(HttpResponse, response)

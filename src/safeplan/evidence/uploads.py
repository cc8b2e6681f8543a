"""Check an uploaded file before anything is written: size, and type by its first bytes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from safeplan.evidence import filetypes


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}" if size >= 1024 * 1024 else f"{size / (1024 * 1024):.2f}"


def check_upload(
    upload: IO[bytes],
    *,
    name: str,
    size: int,
    allowed: Sequence[filetypes.FileType] = filetypes.ATTACHMENT_TYPES,
    field: str = "file",
) -> filetypes.FileType:
    """Return the type of the uploaded file, or raise ValidationError saying plainly what is wrong."""
    limit = settings.EVIDENCE_MAX_UPLOAD_BYTES
    if size == 0:
        raise ValidationError({field: _("The selected file is empty")})
    if size > limit:
        raise ValidationError(
            {
                field: _("The selected file is %(size)s MB: it must be %(limit)s MB or smaller")
                % {"size": _megabytes(size), "limit": _megabytes(limit)}
            }
        )
    head = upload.read(filetypes.SNIFF_BYTES)
    upload.seek(0)
    found = filetypes.sniff(head)
    if found is None or found not in allowed:
        raise ValidationError(
            {
                field: _(
                    "The selected file is not a type that can be added: it must be a photo or screenshot "
                    "(JPEG, PNG, GIF, WebP, HEIC), audio (MP3, M4A, OGG, WAV, AMR), video (MP4, MOV), "
                    "a PDF or a text file"
                )
            }
        )
    extension = filetypes.extension_of(name)
    claimed = filetypes.claimed_type(name)
    if extension and claimed is None:
        raise ValidationError({field: _("Files ending .%(ext)s cannot be added") % {"ext": extension[:10]}})
    if claimed is not None and claimed != found:
        raise ValidationError(
            {
                field: _("The file is named .%(ext)s but its content is not of that type (it looks like %(found)s)")
                % {"ext": extension[:10], "found": found.mime}
            }
        )
    return found

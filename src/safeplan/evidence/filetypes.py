"""Which files may become exhibits: decided by their first bytes, not their name or Content-Type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

SNIFF_BYTES: Final = 64


@dataclass(frozen=True)
class FileType:
    """A kind of file we accept, with its MIME type, usual extensions and exhibit kind."""

    mime: str
    extension: str
    kind: str
    other_extensions: tuple[str, ...] = ()
    can_strip_location: bool = False

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.other_extensions)


JPEG = FileType("image/jpeg", "jpg", "photo", ("jpeg", "jpe", "jfif"), can_strip_location=True)
PNG = FileType("image/png", "png", "screenshot", can_strip_location=True)
GIF = FileType("image/gif", "gif", "photo")
WEBP = FileType("image/webp", "webp", "photo")
HEIC = FileType("image/heic", "heic", "photo", ("heif",))
PDF = FileType("application/pdf", "pdf", "document")
MP4 = FileType("video/mp4", "mp4", "video", ("m4v",))
MOV = FileType("video/quicktime", "mov", "video")
M4A = FileType("audio/mp4", "m4a", "audio", ("aac",))
MP3 = FileType("audio/mpeg", "mp3", "audio")
OGG = FileType("audio/ogg", "ogg", "audio", ("opus", "oga"))
WAV = FileType("audio/wav", "wav", "audio")
AMR = FileType("audio/amr", "amr", "audio")
TEXT = FileType("text/plain", "txt", "document", ("eml", "xml", "csv"))
ZIP = FileType("application/zip", "zip", "messages")

ATTACHMENT_TYPES: Final = (JPEG, PNG, GIF, WEBP, HEIC, PDF, MP4, MOV, M4A, MP3, OGG, WAV, AMR, TEXT)


def sniff(head: bytes) -> FileType | None:
    """Return the type the file's first bytes show, or None if it is not one we accept."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head.startswith(b"%PDF-"):
        return PDF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"#!AMR"):
        return AMR
    if head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return MP3
    if head.startswith(b"PK\x03\x04"):
        return ZIP
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim", b"heis"):
            return HEIC
        if brand in (b"M4A ", b"M4B "):
            return M4A
        if brand == b"qt  ":
            return MOV
        return MP4
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut off at the end of the sample is still text.
            if error.start < len(head) - 3:
                return None
        return TEXT
    return None


def extension_of(name: str) -> str:
    """Return the lower-case extension of a file name, without the dot ('' if none)."""
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def claimed_type(name: str) -> FileType | None:
    """Return the accepted type that a file name's extension claims, if any."""
    extension = extension_of(name)
    for file_type in (*ATTACHMENT_TYPES, ZIP):
        if extension in file_type.extensions:
            return file_type
    return None

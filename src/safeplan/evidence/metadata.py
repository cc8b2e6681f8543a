"""Remove location metadata from copies of images for sharing, streaming and without re-encoding.

What is kept is listed, not what is dropped, so a segment or chunk nobody thought of is dropped
too. JPEG: of the application segments only those the picture needs are kept (APP0 that is JFIF
or JFXX, APP2 that is the ICC colour profile, APP14 that is Adobe's colour transform): every other
one goes, whatever its number, with every comment (COM) and anything after the end of the image;
that covers Exif (with the GPS block, the phone's make and model), XMP, IPTC, the Multi-Picture
index, FlashPix and the makers' own segments. Every other byte is copied as it is, so the picture
itself is unchanged. PNG: the critical chunks and the ancillary chunks that shape the picture
(transparency, colour, gamma, pixel size, animation) are kept; every other chunk goes (eXIf, text
chunks tEXt, zTXt and iTXt that carry XMP, tIME, private chunks) with anything after the end.
Other types are refused: nothing is stripped silently or partly.

What was removed is returned grouped and counted ("comment (COM) x 200"), so a file with
thousands of segments gives a short summary.
"""

from __future__ import annotations

from collections import Counter
from typing import IO, Final, Protocol

from django.utils.translation import gettext as _

from safeplan.evidence import filetypes

COPY_CHUNK: Final = 1024 * 1024
# An application segment is kept only when its number and the identifier it starts with match.
_JPEG_KEPT_APP: Final = {
    0xE0: (b"JFIF\x00", b"JFXX\x00"),
    0xE2: (b"ICC_PROFILE\x00",),
    0xEE: (b"Adobe",),
}
_JPEG_APP: Final = range(0xE0, 0xF0)
_JPEG_COMMENT: Final = 0xFE
_JPEG_KNOWN: Final = (
    (0xE1, b"Exif\x00", "Exif (APP1)"),
    (0xE1, b"http://ns.adobe.com/xap/1.0/", "XMP (APP1)"),
    (0xE1, b"http://ns.adobe.com/xmp/extension/", "XMP (APP1)"),
    (0xE2, b"MPF\x00", "multi-picture index (APP2)"),
    (0xE2, b"FPXR\x00", "FlashPix (APP2)"),
    (0xED, b"Photoshop 3.0\x00", "IPTC (APP13)"),
)
_JPEG_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD9)})
_SEGMENT_PREFIX: Final = 40  # enough of a segment to read its identifier
# Critical chunks (upper-case first letter) are always kept; of the ancillary ones, these.
_PNG_KEPT: Final = frozenset(
    {b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT", b"bKGD", b"pHYs", b"hIST", b"sPLT"}
    | {b"cICP", b"mDCv", b"cLLi", b"acTL", b"fcTL", b"fdAT"}
)
AFTER_END: Final = "data after the end of the image"


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class MetadataError(ValueError):
    """The file cannot be copied without its location metadata."""


def _exactly(source: _Readable, count: int) -> bytes:
    data = source.read(count)
    if len(data) != count:
        raise MetadataError(_("the image ends early: it is damaged"))
    return data


def _copy_bytes(source: _Readable, target: IO[bytes], count: int, *, keep: bool) -> None:
    while count:
        chunk = _exactly(source, min(count, COPY_CHUNK))
        if keep:
            target.write(chunk)
        count -= len(chunk)


class _PushedBack:
    """A source with some bytes already read put back in front of it."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.pending = b""

    def read(self, count: int = -1) -> bytes:
        if not self.pending:
            return self.source.read(count)
        if count < 0:
            data, self.pending = self.pending + self.source.read(), b""
            return data
        data, self.pending = self.pending[:count], self.pending[count:]
        return data


def _copy_scan(source: _PushedBack, target: IO[bytes]) -> int:
    """Copy entropy-coded picture data up to the next marker; return that marker (bytes after it are pushed back).

    Inside the data 0xFF is followed by 0x00 (a stuffed byte), a restart marker or another 0xFF (fill).
    """
    buffer = b""
    while True:
        chunk = source.read(COPY_CHUNK)
        if not chunk:
            raise MetadataError(_("the image ends early: it is damaged"))
        buffer += chunk
        position = 0
        while (found := buffer.find(b"\xff", position)) != -1 and found + 1 < len(buffer):
            following = buffer[found + 1]
            if following == 0x00 or 0xD0 <= following <= 0xD7:
                position = found + 2
            elif following == 0xFF:
                position = found + 1
            else:
                target.write(buffer[:found])
                source.pending = buffer[found + 2 :] + source.pending
                return following
        keep = 1 if buffer.endswith(b"\xff") else 0  # an 0xFF whose next byte is not read yet
        target.write(buffer[: len(buffer) - keep])
        buffer = buffer[len(buffer) - keep :]


def _jpeg_segment_name(marker: int, prefix: bytes) -> str:
    if marker == _JPEG_COMMENT:
        return "comment (COM)"
    for number, identifier, name in _JPEG_KNOWN:
        if marker == number and prefix.startswith(identifier):
            return name
    return f"maker data (APP{marker - 0xE0})"


def _jpeg_keeps(marker: int, prefix: bytes) -> bool:
    if marker == _JPEG_COMMENT:
        return False
    if marker in _JPEG_APP:
        return prefix.startswith(_JPEG_KEPT_APP.get(marker, ()))
    return True


def summarise(removed: list[str]) -> list[str]:
    """Return what was removed, each kind once in the order first seen, with a count when it repeats."""
    counts = Counter(removed)
    return [name if counts[name] == 1 else f"{name} x {counts[name]}" for name in dict.fromkeys(removed)]


def describe(removed: list[str], limit: int) -> str:
    """Return the summary as one line of at most limit characters ("none found" when nothing was removed)."""
    line = ", ".join(removed) or "none found"
    if len(line) <= limit:
        return line
    return line[: limit - 5].rsplit(", ", 1)[0] + ", ..."


def strip_jpeg(source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy a JPEG without the segments that can carry metadata or anything after its end.

    Return what was removed (summarised).

    Phones append data after the end-of-image marker (further pictures with their own Exif,
    "motion photo" videos) that can hold the location too, so nothing after it is copied.
    """
    stream = _PushedBack(source)
    if _exactly(stream, 2) != b"\xff\xd8":
        raise MetadataError(_("this is not a JPEG image"))
    target.write(b"\xff\xd8")
    removed: list[str] = []
    marker: int | None = None
    while True:
        if marker is None:
            byte = _exactly(stream, 1)
            if byte != b"\xff":
                raise MetadataError(_("the JPEG structure is damaged"))
            marker = _exactly(stream, 1)[0]
        while marker == 0xFF:  # fill bytes
            marker = _exactly(stream, 1)[0]
        current, marker = marker, None
        if current in _JPEG_STANDALONE:
            target.write(bytes((0xFF, current)))
            continue
        if current == 0xD9:
            target.write(b"\xff\xd9")
            if stream.read(1):
                removed.append(AFTER_END)
            return summarise(removed)
        length_bytes = _exactly(stream, 2)
        length = int.from_bytes(length_bytes, "big")
        if length < 2:
            raise MetadataError(_("the JPEG structure is damaged"))
        prefix = _exactly(stream, min(length - 2, _SEGMENT_PREFIX))
        keep = _jpeg_keeps(current, prefix)
        if keep:
            target.write(bytes((0xFF, current)) + length_bytes + prefix)
        else:
            removed.append(_jpeg_segment_name(current, prefix))
        _copy_bytes(stream, target, length - 2 - len(prefix), keep=keep)
        if current == 0xDA:  # start of scan: picture data follows, up to the next marker
            marker = _copy_scan(stream, target)


def _png_chunk_name(kind: bytes) -> str:
    if len(kind) != 4 or not kind.isalpha() or not kind.isascii():
        raise MetadataError(_("the PNG structure is damaged"))
    return kind.decode("ascii")


def strip_png(source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy a PNG with only the chunks that shape the picture; return what was removed (summarised)."""
    signature = _exactly(source, 8)
    if signature != b"\x89PNG\r\n\x1a\n":
        raise MetadataError(_("this is not a PNG image"))
    target.write(signature)
    removed: list[str] = []
    while True:
        header = source.read(8)
        if not header:
            raise MetadataError(_("the image ends early: it is damaged"))
        if len(header) != 8:
            raise MetadataError(_("the PNG structure is damaged"))
        length, kind = int.from_bytes(header[:4], "big"), header[4:]
        name = _png_chunk_name(kind)
        critical = name[0].isupper()
        keep = critical or kind in _PNG_KEPT
        if keep:
            target.write(header)
        else:
            removed.append(name)
        _copy_bytes(source, target, length + 4, keep=keep)  # data and CRC
        if kind == b"IEND":
            if source.read(1):
                removed.append(AFTER_END)
            return summarise(removed)


def strip_location(file_type: filetypes.FileType, source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy source to target without location metadata; raise MetadataError for types we cannot strip."""
    if file_type == filetypes.JPEG:
        return strip_jpeg(source, target)
    if file_type == filetypes.PNG:
        return strip_png(source, target)
    raise MetadataError(_("location data can be removed only from JPEG and PNG images; this file is kept as it is"))

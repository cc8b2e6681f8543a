"""Remove location metadata from copies of images for sharing, streaming and without re-encoding.

JPEG: every application segment except those the picture needs (APP0 JFIF, APP2 the colour
profile, APP14 Adobe's colour transform) is dropped: APP1 (Exif, which holds the GPS block and the
phone's make and model, and XMP), APP13 (IPTC) and the makers' own segments, which can repeat
them; so are comments and anything after the end of the image. Every other byte is copied as it
is, so the picture itself is unchanged. PNG: the eXIf, text (tEXt, zTXt, iTXt, which can carry
XMP) and tIME chunks are dropped. Other types are refused: nothing is stripped silently or partly.
"""

from __future__ import annotations

from typing import IO, Final, Protocol

from safeplan.evidence import filetypes

COPY_CHUNK: Final = 1024 * 1024
# APP1, APP3-APP13, APP15 and COM; APP0 (JFIF), APP2 (ICC profile) and APP14 (Adobe) shape the picture.
_JPEG_DROPPED: Final = frozenset({*range(0xE1, 0xF0), 0xFE}) - {0xE2, 0xEE}
_JPEG_NAMES: Final = {0xE1: "Exif/XMP (APP1)", 0xED: "IPTC (APP13)", 0xFE: "comment (COM)"}
_JPEG_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD9)})
_PNG_DROPPED: Final = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"})


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class MetadataError(ValueError):
    """The file cannot be copied without its location metadata."""


def _exactly(source: _Readable, count: int) -> bytes:
    data = source.read(count)
    if len(data) != count:
        raise MetadataError("the image ends early: it is damaged")
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
            raise MetadataError("the image ends early: it is damaged")
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


def strip_jpeg(source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy a JPEG without its Exif, XMP, IPTC, maker and comment segments or anything after its end.

    Return what was removed.

    Phones append data after the end-of-image marker (further pictures with their own Exif,
    "motion photo" videos) that can hold the location too, so nothing after it is copied.
    """
    stream = _PushedBack(source)
    if _exactly(stream, 2) != b"\xff\xd8":
        raise MetadataError("this is not a JPEG image")
    target.write(b"\xff\xd8")
    removed: list[str] = []
    marker: int | None = None
    while True:
        if marker is None:
            byte = _exactly(stream, 1)
            if byte != b"\xff":
                raise MetadataError("the JPEG structure is damaged")
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
                removed.append("data after the end of the image")
            return removed
        length_bytes = _exactly(stream, 2)
        length = int.from_bytes(length_bytes, "big")
        if length < 2:
            raise MetadataError("the JPEG structure is damaged")
        keep = current not in _JPEG_DROPPED
        if keep:
            target.write(bytes((0xFF, current)) + length_bytes)
        else:
            removed.append(_JPEG_NAMES.get(current, f"maker data (APP{current - 0xE0})"))
        _copy_bytes(stream, target, length - 2, keep=keep)
        if current == 0xDA:  # start of scan: picture data follows, up to the next marker
            marker = _copy_scan(stream, target)


def strip_png(source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy a PNG without its eXIf, text and tIME chunks; return what was removed."""
    signature = _exactly(source, 8)
    if signature != b"\x89PNG\r\n\x1a\n":
        raise MetadataError("this is not a PNG image")
    target.write(signature)
    removed: list[str] = []
    while True:
        header = source.read(8)
        if not header:
            return removed
        if len(header) != 8:
            raise MetadataError("the PNG structure is damaged")
        length, kind = int.from_bytes(header[:4], "big"), header[4:]
        keep = kind not in _PNG_DROPPED
        if keep:
            target.write(header)
        else:
            removed.append(kind.decode("latin-1"))
        _copy_bytes(source, target, length + 4, keep=keep)  # data and CRC
        if kind == b"IEND":
            return removed


def strip_location(file_type: filetypes.FileType, source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy source to target without location metadata; raise MetadataError for types we cannot strip."""
    if file_type == filetypes.JPEG:
        return strip_jpeg(source, target)
    if file_type == filetypes.PNG:
        return strip_png(source, target)
    raise MetadataError("location data can be removed only from JPEG and PNG images; this file is kept as it is")

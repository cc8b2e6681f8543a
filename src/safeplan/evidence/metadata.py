"""Remove location metadata from copies of images for sharing, streaming and without re-encoding.

JPEG: the APP1 segments (Exif, which holds the GPS block, and XMP) and APP13 (IPTC) are dropped;
every other byte is copied as it is, so the picture itself is unchanged. PNG: the eXIf and text
chunks (tEXt, zTXt, iTXt, which can carry XMP) are dropped. Other types are refused: nothing is
stripped silently or partly.
"""

from __future__ import annotations

from typing import IO, Final

from safeplan.evidence import filetypes

COPY_CHUNK: Final = 1024 * 1024
_JPEG_DROPPED: Final = frozenset({0xE1, 0xED})
_JPEG_STANDALONE: Final = frozenset({0x01, *range(0xD0, 0xD9)})
_PNG_DROPPED: Final = frozenset({b"eXIf", b"tEXt", b"zTXt", b"iTXt"})


class MetadataError(ValueError):
    """The file cannot be copied without its location metadata."""


def _exactly(source: IO[bytes], count: int) -> bytes:
    data = source.read(count)
    if len(data) != count:
        raise MetadataError("the image ends early: it is damaged")
    return data


def _copy_rest(source: IO[bytes], target: IO[bytes]) -> None:
    while chunk := source.read(COPY_CHUNK):
        target.write(chunk)


def _copy_bytes(source: IO[bytes], target: IO[bytes], count: int, *, keep: bool) -> None:
    while count:
        chunk = _exactly(source, min(count, COPY_CHUNK))
        if keep:
            target.write(chunk)
        count -= len(chunk)


def strip_jpeg(source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy a JPEG without its Exif, XMP and IPTC segments; return what was removed."""
    if _exactly(source, 2) != b"\xff\xd8":
        raise MetadataError("this is not a JPEG image")
    target.write(b"\xff\xd8")
    removed: list[str] = []
    while True:
        byte = _exactly(source, 1)
        if byte != b"\xff":
            raise MetadataError("the JPEG structure is damaged")
        marker = _exactly(source, 1)[0]
        while marker == 0xFF:  # fill bytes
            marker = _exactly(source, 1)[0]
        if marker in _JPEG_STANDALONE:
            target.write(bytes((0xFF, marker)))
            continue
        if marker == 0xD9:
            target.write(b"\xff\xd9")
            return removed
        length_bytes = _exactly(source, 2)
        length = int.from_bytes(length_bytes, "big")
        if length < 2:
            raise MetadataError("the JPEG structure is damaged")
        keep = marker not in _JPEG_DROPPED
        if keep:
            target.write(bytes((0xFF, marker)) + length_bytes)
        else:
            removed.append("Exif/XMP (APP1)" if marker == 0xE1 else "IPTC (APP13)")
        _copy_bytes(source, target, length - 2, keep=keep)
        if marker == 0xDA:  # start of scan: the picture data follows, with no more metadata
            _copy_rest(source, target)
            return removed


def strip_png(source: IO[bytes], target: IO[bytes]) -> list[str]:
    """Copy a PNG without its eXIf and text chunks; return what was removed."""
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

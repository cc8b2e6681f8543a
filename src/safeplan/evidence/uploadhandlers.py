"""Receive uploads straight into encryption: no uploaded byte reaches the disk in plain text.

Django keeps a small upload in memory and spools a larger one to a temporary file as it arrives,
in plain text, before any view runs; a process killed mid-upload left that part behind. Here
each chunk is sealed (safeplan.evidence.filecrypto, under a random key that lives only in this
process's memory) as it arrives, into an unnamed temporary file (O_TMPFILE, or unlinked at once):
a killed process leaves no name on disk, and the freed blocks hold only ciphertext whose key
died with the process. Views read the upload as usual through a seekable, decrypting file.
"""

from __future__ import annotations

import tempfile
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from safeplan.evidence.filecrypto import EncryptingWriter, RandomAccessReader, new_file_key

# Smaller than filecrypto's default: the plain text held in memory per upload is one chunk.
CHUNK_BYTES = 256 * 1024


class EncryptedUploadedFile(UploadedFile):
    """An upload held encrypted on disk and decrypted as it is read; closing it discards it."""

    def __init__(self, reader: RandomAccessReader, **options: Any) -> None:
        super().__init__(reader, size=reader.size, **options)  # type: ignore[arg-type]

    def open(self, mode: str | None = None, *args: Any, **kwargs: Any) -> EncryptedUploadedFile:
        self.seek(0)
        return self


class EncryptingUploadHandler(FileUploadHandler):
    """Seal every uploaded file chunk by chunk as it arrives."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._key = new_file_key()
        self._raw: IO[bytes] = tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR)  # noqa: SIM115 - kept open for the request
        self._writer = EncryptingWriter(self._raw, self._key, CHUNK_BYTES)

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self._writer.write(raw_data)

    def file_complete(self, file_size: int) -> EncryptedUploadedFile:
        self._writer.close()
        self._raw.flush()
        return EncryptedUploadedFile(
            RandomAccessReader(self._raw, self._key),
            name=self.file_name,
            content_type=self.content_type,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

    def upload_interrupted(self) -> None:
        if getattr(self, "_raw", None) is not None:
            self._raw.close()

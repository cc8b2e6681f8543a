"""Remove what a crashed or killed process of an earlier version can have left on disk.

Uploads and bundles are now written only to unnamed files (O_TMPFILE, or unlinked at once),
sealed under keys held in memory, so these folders stay empty while the service runs. Anything
named in them was left by a process that died before it could clean up (an older version
spooled uploads there in plain text, and named its half-written bundles): it is removed at
start-up (`safeplan serve`) and by every `safeplan tick`.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from django.conf import settings

from safeplan.evidence.storage import exports_dir


def leftover_folders() -> list[Path]:
    """Return the folders that hold nothing named while the service runs."""
    return [Path(settings.FILE_UPLOAD_TEMP_DIR), exports_dir()]


def sweep() -> int:
    """Remove every file in the leftover folders; return how many were removed."""
    removed = 0
    for folder in leftover_folders():
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if path.is_file() or path.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed += 1
    return removed

"""Demo data for the survivor space: none.

A survivor space has no owner and no link to any case, and a demo space would need words
printed somewhere to be opened, which is exactly what the space must never do. The demo shows
the space by creating one at /s/n/. Returns the number of objects created (always 0).
"""

from __future__ import annotations


def load() -> int:
    """Create no demo data; the survivor space is tried by starting a new space."""
    return 0

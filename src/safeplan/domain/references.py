"""Record references people can read out over the phone: a prefix and eight unambiguous characters."""

from __future__ import annotations

import secrets
from collections.abc import Callable

# No 0, O, 1, I, L, 2, Z, 5, S, 8 or U: characters easily misread when a reference is read aloud or copied.
ALPHABET = "ABCDEFGHJKMNPQRTVWXY3469"


def new_reference(prefix: str, taken: Callable[[str], bool], *, attempts: int = 20) -> str:
    """Return "<prefix>-XXXX-XXXX" from the alphabet that taken() says is free; RuntimeError after attempts."""
    for _attempt in range(attempts):
        body = "".join(secrets.choice(ALPHABET) for _ in range(8))
        reference = f"{prefix}-{body[:4]}-{body[4:]}"
        if not taken(reference):
            return reference
    raise RuntimeError(f"could not find a free {prefix} reference")

"""What other apps do when a case's duty is handed over, without the cases app knowing them.

An app whose records follow the responsible officer or the SPOC registers in its
AppConfig.ready():

    handovers.register(obligations_follow_handover)

``follower(actor=..., case=..., duty=..., to_user=...)`` is called inside the handover's
transaction, so the handover and what follows it are committed together or not at all.
"""

from __future__ import annotations

from typing import Any, Protocol

from safeplan.accounts.models import User
from safeplan.cases.models import Case


class Follower(Protocol):
    def __call__(self, *, actor: User, case: Case, duty: str, to_user: User) -> Any: ...


FOLLOWERS: list[Follower] = []


def register(follower: Follower) -> None:
    if follower not in FOLLOWERS:
        FOLLOWERS.append(follower)


def follow(*, actor: User, case: Case, duty: str, to_user: User) -> None:
    """Let every registered app move what goes with the duty to its new holder."""
    for follower in FOLLOWERS:
        follower(actor=actor, case=case, duty=duty, to_user=to_user)

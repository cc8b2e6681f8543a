"""Who else hears of a release date reaching a case: a registry that higher apps fill in AppConfig.ready().

The perpetrators app puts a coming release on the person's cases (safeplan.perpetrators.management);
an app above it (the MARAC that heard a case) registers a listener here to be told of each new
notice, in the same transaction, so the alert exists exactly when the notice does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from safeplan.perpetrators.models import ReleaseTrigger

ReleaseListener = Callable[[Sequence[ReleaseTrigger]], object]

_listeners: list[ReleaseListener] = []


def on_release(listener: ReleaseListener) -> None:
    """Call listener with every new release notice (AppConfig.ready() may run twice: register once)."""
    if listener not in _listeners:
        _listeners.append(listener)


def release_reached(triggers: Sequence[ReleaseTrigger]) -> None:
    """Tell every listener of the new release notices, inside the caller's transaction."""
    if not triggers:
        return
    for listener in _listeners:
        listener(triggers)

"""Account resets for tests: asked for by one admin, approved by a second, the code fished from the mail."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.test import TestCase

from safeplan.accounts import resets
from safeplan.accounts.models import AccountReset, Role, User
from safeplan.personas import World, make_user

CODE = re.compile(r"one-time code is: ([a-z0-9-]+)")


def delivered() -> Any:
    """Return a context in which mail sent after a commit is delivered (tests run inside one transaction)."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def second_admin(world: World) -> User:
    """Return a second admin of the world's agency (Ada), made once."""
    return User.objects.filter(username="ada").first() or make_user("ada", Role.ADMIN, world.admin_team)


def world_reset(world: World) -> AccountReset:
    """Return a reset of Bob's password that Adam asked for, made once."""
    return resets.open_reset(world.bob) or resets.reset_request(actor=world.adam, user=world.bob, what="password")


def mailed_code(user: User) -> str:
    """Return the newest reset code mailed to the user (test mail outbox)."""
    for message in reversed(mail.outbox):
        found = CODE.search(str(message.body))
        if found and message.to == [user.email]:
            return found.group(1)
    raise AssertionError(f"no reset code was mailed to {user.username}")


def approved_reset(world: World, user: User, what: str) -> str:
    """Have Adam ask for a reset of the user's account and Ada approve it; return the code mailed to the user."""
    with delivered():
        reset = resets.reset_request(actor=world.adam, user=user, what=what)
        resets.reset_approve(actor=second_admin(world), reset=reset)
    return mailed_code(user)

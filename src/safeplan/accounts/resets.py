"""Resets of another user's password or second factor that no admin can use to sign in as them.

An admin who could set a user's password and clear their second factor could sign in as that user
(and reveal a victim's address, audited as them). So a reset never gives an admin anything that
signs in:

1. one admin asks for it (`reset_request`); the user and their team's supervisors are told;
2. a second admin of the agency approves it (`reset_approve`): a one-time code is mailed to the
   user alone, kept here only as a keyed digest and never shown to either admin;
3. the user, on the "Use a reset code" page, gives their username and the code and sets their own
   new password, and/or has their second factors removed so they set up a new one after their
   password (`reset_complete`); their supervisors are told.

Nothing about the account changes before step 3, so a reset the user did not want does no harm:
they ignore the code (it expires) and tell their supervisor. Every step is audited.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from safeplan.accounts import second_factor
from safeplan.accounts.mail import Kind, mail_staff
from safeplan.accounts.models import AccountReset, Role, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb

CODE_HOURS = 72
CODE_GROUPS = 4
CODE_GROUP_LENGTH = 4
# Tries at a code before the reset ends (a new one must be asked for and approved).
CODE_TRIES = 5
_DIGEST_SALT = "safeplan.accounts.reset_code"


def code_digest(code: str) -> str:
    """Return the stored form of a reset code (HMAC-SHA256 under a key derived from SECRET_KEY)."""
    return salted_hmac(_DIGEST_SALT, second_factor.normalise_code(code), algorithm="sha256").hexdigest()


def _new_code() -> str:
    alphabet = second_factor.BACKUP_CODE_ALPHABET
    groups = ["".join(secrets.choice(alphabet) for _ in range(CODE_GROUP_LENGTH)) for _ in range(CODE_GROUPS)]
    return "-".join(groups)


def _require_admin_of(actor: User, user: User) -> None:
    if not actor.is_agency_admin or user.agency_id != actor.agency_id:
        raise PermissionDenied("not an admin of this user's agency")


def _supervisors_of(user: User) -> list[User]:
    if user.team_id is None:
        return []
    return list(User.objects.filter(team_id=user.team_id, role=Role.SUPERVISOR, is_active=True).exclude(pk=user.pk))


def open_reset(user: User) -> AccountReset | None:
    """Return the user's reset in progress (waiting for approval, or its code sent), if any."""
    return AccountReset.objects.filter(user=user, completed_at__isnull=True, ended_at__isnull=True).first()


def _tell(user: User, *, subject: str, lines: list[str]) -> None:
    """Tell the user and their team's supervisors about a step of a reset of the user's account."""
    mail_staff(
        to=[user, *_supervisors_of(user)],
        kind=Kind.ACCOUNT,
        subject=subject,
        lines=lines,
        footer=_("If this is not expected, tell your supervisor or your agency's admins at once."),
        team_id=user.team_id,
    )


def reset_request(*, actor: User, user: User, what: str) -> AccountReset:
    """Ask for a reset of the user's password and/or second factor; another admin must approve it."""
    _require_admin_of(actor, user)
    if actor.pk == user.pk:
        raise ValidationError(_("You cannot reset your own account. Use “Change your password”, or ask another admin."))
    if what not in AccountReset.What.values:
        raise ValidationError({"what": _("Choose what to reset.")})
    if not user.is_active:
        raise ValidationError(_("Reactivate the account before resetting it."))
    with transaction.atomic():
        if open_reset(user) is not None:
            raise ValidationError(_("A reset of this account is already in progress."))
        reset = AccountReset.objects.create(user=user, what=what, requested_by=actor)
        record(actor=actor, verb=Verb.USER_RESET_REQUESTED, target=user, detail={"reset": reset.pk, "what": what})
        _tell(
            user,
            subject=_("A reset of your account was asked for"),
            lines=[
                _("%(admin)s asked to reset the %(what)s of the account %(username)s.")
                % {
                    "admin": actor.get_full_name() or actor.username,
                    "what": reset.get_what_display().lower(),
                    "username": user.username,
                },
                _("Another admin must approve it. Then a one-time code is sent to the account's owner alone."),
            ],
        )
    return reset


def reset_approve(*, actor: User, reset: AccountReset) -> AccountReset:
    """Approve another admin's reset: mail a one-time code to the user, which only they receive."""
    user = reset.user
    _require_admin_of(actor, user)
    if actor.pk in (reset.requested_by_id, user.pk):
        raise ValidationError(_("A different admin must approve this reset: not the one who asked, nor its user."))
    code = _new_code()
    with transaction.atomic():
        now = timezone.now()
        approved = AccountReset.objects.filter(
            pk=reset.pk, approved_at__isnull=True, completed_at__isnull=True, ended_at__isnull=True
        ).update(
            approved_by=actor,
            approved_at=now,
            code_digest=code_digest(code),
            expires_at=now + timedelta(hours=CODE_HOURS),
        )
        if not approved:
            raise ValidationError(_("This reset is no longer waiting for approval."))
        reset.refresh_from_db()
        record(actor=actor, verb=Verb.USER_RESET_APPROVED, target=user, detail={"reset": reset.pk})
        mail_staff(
            to=[user],
            kind=Kind.ACCOUNT,
            subject=_("Your one-time reset code"),
            lines=[
                _("Your agency's admins reset the %(what)s of your account %(username)s.")
                % {"what": reset.get_what_display().lower(), "username": user.username},
                _("Your one-time code is: %(code)s") % {"code": code},
                _("Open the sign-in page, choose “Use a reset code” and enter it within %(hours)d hours.")
                % {"hours": CODE_HOURS},
                _("Nobody else has this code. Never give it to anyone, including an admin."),
            ],
            footer=_("If you did not expect this, do not use the code: tell your supervisor."),
            team_id=user.team_id,
            secret=True,
        )
        _tell(
            user,
            subject=_("A reset of an account was approved"),
            lines=[
                _(
                    "%(admin)s approved the reset of the %(what)s of the account %(username)s; "
                    "a one-time code was sent to its owner."
                )
                % {
                    "admin": actor.get_full_name() or actor.username,
                    "what": reset.get_what_display().lower(),
                    "username": user.username,
                }
            ],
        )
    return reset


def reset_cancel(*, actor: User, reset: AccountReset) -> None:
    """End a reset that has not been completed (any admin of the user's agency)."""
    _require_admin_of(actor, reset.user)
    with transaction.atomic():
        if AccountReset.objects.filter(pk=reset.pk, completed_at__isnull=True, ended_at__isnull=True).update(
            ended_at=timezone.now()
        ):
            record(actor=actor, verb=Verb.USER_RESET_CANCELLED, target=reset.user, detail={"reset": reset.pk})


def reset_complete(*, username: str, code: str, password: str = "") -> User:
    """Complete an approved reset with its code: set the user's new password and/or remove their second factors.

    Every refusal is the same message, whether the username, the code or the reset is wrong, so the
    page says nothing about who exists. A wrong code counts against the reset; after CODE_TRIES it ends.
    """
    refused = ValidationError(
        {"code": _("The username or the code is not right, or the code has expired. Check both and try again.")}
    )
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    with transaction.atomic():
        reset = (
            AccountReset.objects.select_for_update()
            .filter(
                user=user,
                approved_at__isnull=False,
                completed_at__isnull=True,
                ended_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
            if user is not None
            else None
        )
        if reset is None or user is None:
            raise refused
        if not hmac.compare_digest(reset.code_digest, code_digest(code)):
            reset.failures += 1
            if reset.failures >= CODE_TRIES:
                reset.ended_at = timezone.now()
            reset.save(update_fields=["failures", "ended_at"])
            record(actor=None, verb=Verb.USER_RESET_CODE_FAILED, target=user, detail={"reset": reset.pk})
            failed = True  # refused below, after the count of wrong codes is committed
        else:
            failed = False
    if failed:
        raise refused
    if reset.resets_password:
        if not password:
            raise ValidationError({"password": _("Choose your new password.")})
        try:
            validate_password(password, user=user)
        except ValidationError as error:
            raise ValidationError({"password": error.messages}) from None
    with transaction.atomic():
        if not AccountReset.objects.filter(pk=reset.pk, completed_at__isnull=True, ended_at__isnull=True).update(
            completed_at=timezone.now()
        ):
            raise refused
        fields = []
        if reset.resets_password:
            user.set_password(password)
            user.must_change_password = False
            fields = ["password", "must_change_password"]
            user.save(update_fields=fields)
        removed = second_factor.devices_remove_all(user) if reset.resets_second_factor else 0
        AxesProxyHandler.reset_attempts(username=user.get_username())
        record(
            actor=user,
            verb=Verb.USER_RESET_COMPLETED,
            target=user,
            detail={"reset": reset.pk, "what": reset.what, "devices_removed": removed},
        )
        _tell(
            user,
            subject=_("A reset of your account was completed"),
            lines=[
                _("The %(what)s of the account %(username)s was reset with its one-time code.")
                % {"what": reset.get_what_display().lower(), "username": user.username}
            ],
        )
    return user

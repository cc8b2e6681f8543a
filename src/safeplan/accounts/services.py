"""Writes to agencies, teams and users. Each runs in one transaction."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency, Nation, Role, Team, UndeliveredMail, User, roles_for
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ADMIN_TEAM_NAME = "Administration"


def agency_admin_create(
    *, agency_name: str, kind: str, nation: str, username: str, password: str, full_name: str = ""
) -> User:
    """Create an agency (if new) with its first admin; raise ValidationError on bad input."""
    agency_name = agency_name.strip()
    username = username.strip()
    if not agency_name:
        raise ValidationError("Enter the agency's name.")
    if kind not in Agency.Kind.values:
        raise ValidationError(f"Agency kind must be one of {', '.join(Agency.Kind.values)}.")
    if nation not in Nation.values:
        raise ValidationError("Nation must be england-and-wales, scotland or northern-ireland.")
    if not username:
        raise ValidationError("Enter a username.")
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"The username {username!r} is already taken.")
    first, _, last = full_name.strip().partition(" ")
    candidate = User(username=username, first_name=first, last_name=last, role=Role.ADMIN)
    validate_password(password, user=candidate)
    with transaction.atomic():
        agency, created = Agency.objects.get_or_create(name=agency_name, defaults={"kind": kind, "nation": nation})
        if not created and agency.users.filter(role=Role.ADMIN).exists():
            raise ValidationError(f"{agency_name} already has an admin; they can add more in the service.")
        team, _ = Team.objects.get_or_create(agency=agency, name=ADMIN_TEAM_NAME)
        candidate.agency = agency
        candidate.team = team
        candidate.set_password(password)
        candidate.save()
        record(
            actor=None,
            actor_label="create_agency_admin",
            verb=Verb.USER_CREATED,
            target=candidate,
            detail={"role": Role.ADMIN.value, "team_id": team.pk, "agency_id": agency.pk, "agency_created": created},
        )
    return candidate


def _require_admin_of(actor: User, user: User | None = None) -> int:
    """Return the actor's agency id; refuse unless they are an active admin of the user's agency.

    A guard behind the views' 404s: a service called wrongly still writes nothing.
    """
    if not actor.is_agency_admin or actor.agency_id is None or (user is not None and user.agency_id != actor.agency_id):
        raise PermissionDenied("not an admin of this user's agency")
    return actor.agency_id


def _require_team_in_agency(actor: User, team: Team | None) -> None:
    if team is not None and team.agency_id != actor.agency_id:
        raise PermissionDenied("the team belongs to another agency")


def _require_not_self(actor: User, user: User, message: StrOrPromise) -> None:
    if actor.pk == user.pk:
        raise ValidationError(message)


def _require_role_for_agency(actor: User, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Choose a role."))
    agency = Agency.objects.only("kind").get(pk=_require_admin_of(actor))
    if role not in roles_for(agency.kind):
        raise ValidationError(_("A partner agency's people can be admins or MARAC representatives only."))


def _validated_password(password: str, user: User) -> str:
    validate_password(password, user=user)
    return password


def temporary_password() -> str:
    """Return a random temporary password: four groups of four letters and digits, easy to read out."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(4)) for _ in range(4))


def team_create(*, actor: User, name: str) -> Team:
    """Create a team in the actor's agency."""
    agency_id = _require_admin_of(actor)
    name = name.strip()
    if not name:
        raise ValidationError(_("Enter the team's name."))
    with transaction.atomic():
        if Team.objects.filter(agency_id=agency_id, name__iexact=name).exists():
            raise ValidationError(_("A team with this name already exists."))
        team = Team.objects.create(agency_id=agency_id, name=name)
        record(actor=actor, verb=Verb.TEAM_CREATED, target=team, detail={"agency_id": agency_id})
    return team


def user_create(
    *,
    actor: User,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    team: Team | None,
    password: str,
) -> User:
    """Create a professional in the actor's agency; they must change the password and set up a second factor."""
    _require_admin_of(actor)
    _require_team_in_agency(actor, team)
    username = username.strip()
    _require_role_for_agency(actor, role)
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        role=role,
        agency_id=actor.agency_id,
        team=team,
        must_change_password=True,
    )
    user.set_password(_validated_password(password, user))
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("This username is already taken."))
        user.save()
        record(
            actor=actor,
            verb=Verb.USER_CREATED,
            target=user,
            detail={"role": str(role), "team_id": team.pk if team else None, "agency_id": actor.agency_id},
        )
    return user


def user_update(*, actor: User, user: User, role: str, team: Team | None) -> User:
    """Change a user's role and team; audit what changed (nothing is written if nothing changed)."""
    _require_admin_of(actor, user)
    _require_team_in_agency(actor, team)
    _require_role_for_agency(actor, role)
    if role != user.role:
        _require_not_self(actor, user, _("You cannot change your own role. Ask another admin."))
    changed: dict[str, list[Any]] = {}
    if role != user.role:
        changed["role"] = [str(user.role), str(role)]
    if (team.pk if team else None) != user.team_id:
        changed["team_id"] = [user.team_id, team.pk if team else None]
    if not changed:
        return user
    with transaction.atomic():
        user.role = role
        user.team = team
        user.save(update_fields=["role", "team"])
        record(actor=actor, verb=Verb.USER_UPDATED, target=user, detail={"changed": changed})
    return user


def agency_contact_set(*, actor: User, contact: User | None) -> Agency:
    """Name (or clear) the actor's agency's point of contact: an active user of that agency."""
    agency_id = _require_admin_of(actor)
    if contact is not None and (contact.agency_id != agency_id or not contact.is_active):
        raise ValidationError(_("Choose an active user of your agency."))
    with transaction.atomic():
        agency = Agency.objects.select_for_update().get(pk=agency_id)
        before = agency.point_of_contact_id
        new = contact.pk if contact is not None else None
        if before == new:
            return agency
        agency.point_of_contact = contact
        agency.save(update_fields=["point_of_contact"])
        record(actor=actor, verb=Verb.AGENCY_CONTACT_SET, target=agency, detail={"changed": [before, new]})
    return agency


def user_deactivate(*, actor: User, user: User) -> User:
    """Stop a user signing in; their sessions end at their next request. Their records stay."""
    _require_admin_of(actor, user)
    _require_not_self(actor, user, _("You cannot deactivate your own account. Ask another admin."))
    if not user.is_active:
        return user
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        record(actor=actor, verb=Verb.USER_DEACTIVATED, target=user)
    return user


def user_reactivate(*, actor: User, user: User) -> User:
    """Let a deactivated user sign in again."""
    _require_admin_of(actor, user)
    if user.is_active:
        return user
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        record(actor=actor, verb=Verb.USER_REACTIVATED, target=user)
    return user


def user_unlock(*, actor: User, user: User) -> int:
    """Lift a sign-in lockout on the user's username; return how many attempt records were cleared."""
    _require_admin_of(actor, user)
    with transaction.atomic():
        cleared = AxesProxyHandler.reset_attempts(username=user.get_username())
        record(actor=actor, verb=Verb.USER_UNLOCKED, target=user, detail={"records_cleared": cleared})
    return cleared


def user_password_change(*, user: User, password: str) -> User:
    """Set the user's own new password (already validated by the form) and clear must_change_password."""
    with transaction.atomic():
        user.set_password(password)
        was_forced = user.must_change_password
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        record(actor=user, verb=Verb.PASSWORD_CHANGED, target=user, detail={"required_by_admin": was_forced})
    return user


def undelivered_mail_resolve(*, actor: User, failure: UndeliveredMail) -> None:
    """Mark mail that could not be delivered as dealt with by a supervisor of its team (once)."""
    if not (actor.is_active and actor.role == Role.SUPERVISOR and actor.team_id == failure.team_id):
        raise PermissionDenied
    with transaction.atomic():
        now = timezone.now()
        if not UndeliveredMail.objects.filter(pk=failure.pk, resolved_at__isnull=True).update(
            resolved_at=now, resolved_by=actor
        ):
            return
        failure.resolved_at, failure.resolved_by = now, actor
        record(
            actor=actor,
            verb=Verb.MAIL_UNDELIVERED_RESOLVED,
            target=failure,
            detail={"kind": failure.kind, "to": failure.recipient_id, "reason": failure.reason},
        )

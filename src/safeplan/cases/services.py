"""Writes to cases. Each runs in one transaction with its audit entry; mail goes on commit."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.mail import Kind, mail_staff
from safeplan.accounts.models import Role, Team, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.cases import closing, handovers, permissions
from safeplan.cases.freetext import free_text_check
from safeplan.cases.models import (
    BreakGlassAccess,
    Case,
    CaseShare,
    ConfidentialLocation,
    Handover,
    Person,
    SafeContact,
)
from safeplan.domain.contact import Channel, Never, SafeTimesError, contradictions, parse_safe_times
from safeplan.domain.references import new_reference
from safeplan.domain.text import visible_length, visible_text
from safeplan.idempotent import create_once
from safeplan.versioned import NEW, StaleVersion, claim_version

MAX_SHARE_DAYS = 90


def _new_reference() -> str:
    return new_reference("SP", lambda reference: Case.objects.filter(reference=reference).exists())


def _require_edit(actor: User, case: Case) -> None:
    if not permissions.can_edit(actor, case):
        raise PermissionDenied


def _check_owner(user: User | None, team: Team, duty: str) -> User:
    if user is None:
        raise ValidationError({duty: _("Choose who this is.")})
    if (
        not user.is_active
        or user.is_service_account
        or user.team_id != team.pk
        or user.role not in permissions.OWNER_ROLES
    ):
        raise ValidationError({duty: _("Choose an active officer, IDVA or supervisor in the case's team.")})
    return user


def case_create(
    *,
    actor: User,
    victim_name: str,
    responsible_officer: User | None,
    spoc: User | None,
    suspect_name: str = "",
    summary: str = "",
    submission: UUID | None = None,
) -> Case:
    """Open a case in the actor's team, with its victim and, if known, the suspect.

    submission is the form's token (safeplan.idempotent): posting it again returns the same case.
    """
    if not permissions.is_caseworker(actor) or actor.team is None:
        raise PermissionDenied
    team = actor.team
    officer = _check_owner(responsible_officer, team, "responsible_officer")
    contact = _check_owner(spoc, team, "spoc")
    if not victim_name.strip():
        raise ValidationError({"victim_name": _("Enter the victim's name.")})

    def create() -> Case:
        with transaction.atomic():
            case = Case.objects.create(
                reference=_new_reference(),
                team=team,
                responsible_officer=officer,
                spoc=contact,
                summary=summary.strip(),
                created_by=actor,
                submission=submission,
            )
            victim = Person.objects.create(case=case, role=Person.Role.VICTIM, full_name=victim_name.strip())
            people = [victim.pk]
            if suspect_name.strip():
                suspect = Person.objects.create(case=case, role=Person.Role.SUSPECT, full_name=suspect_name.strip())
                people.append(suspect.pk)
            record(
                actor=actor,
                verb=Verb.CASE_CREATED,
                target=case,
                case_id=case.pk,
                detail={"responsible_officer": officer.pk, "spoc": contact.pk, "people": people},
            )
        return case

    return create_once(Case, submission, {"created_by": actor}, create)


def case_update(*, actor: User, case: Case, summary: str, version: int) -> Case:
    """Save the case's summary over the version the actor loaded, or raise StaleVersion."""
    _require_edit(actor, case)
    free_text_check(actor=actor, case=case, texts={"summary": summary})
    with transaction.atomic():
        claim_version(case, version)
        case.summary = summary.strip()
        case.save(update_fields=["summary", "updated_at"])
        record(actor=actor, verb=Verb.CASE_UPDATED, target=case, case_id=case.pk, detail={"fields": ["summary"]})
    return case


def case_viewed(*, actor: User, case: Case) -> None:
    """Record that the actor opened the case page."""
    how = "team" if case.team_id == actor.team_id else "shared_or_break_glass"
    record(actor=actor, verb=Verb.CASE_VIEWED, target=case, case_id=case.pk, detail={"access": how})


def case_close(*, actor: User, case: Case, reason: str, note: str = "") -> Case:
    _require_edit(actor, case)
    if case.status == Case.Status.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if reason not in Case.ClosureReason.values:
        raise ValidationError({"reason": _("Choose why the case is closing.")})
    if reason == Case.ClosureReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain why the case is closing.")})
    if closing.open_items(case):
        # Open obligations would otherwise vanish from every queue: each needs an outcome first.
        raise ValidationError(_("Give each open task an outcome before closing the case."))
    free_text_check(actor=actor, case=case, texts={"note": note})
    with transaction.atomic():
        case.status = Case.Status.CLOSED
        case.closure_reason = reason
        case.closure_note = note.strip()
        case.closed_at = timezone.now()
        case.save(update_fields=["status", "closure_reason", "closure_note", "closed_at", "updated_at"])
        record(
            actor=actor,
            verb=Verb.CASE_CLOSED,
            target=case,
            case_id=case.pk,
            detail={"reason": reason},
            sealed={"note": case.closure_note},
        )
    return case


def case_reopen(*, actor: User, case: Case, reason: str) -> Case:
    _require_edit(actor, case)
    if case.status != Case.Status.CLOSED:
        raise ValidationError(_("The case is already open."))
    if not reason.strip():
        raise ValidationError({"reason": _("Explain why the case is being reopened.")})
    with transaction.atomic():
        case.status = Case.Status.OPEN
        case.closure_reason = ""
        case.closure_note = ""
        case.closed_at = None
        case.save(update_fields=["status", "closure_reason", "closure_note", "closed_at", "updated_at"])
        record(actor=actor, verb=Verb.CASE_REOPENED, target=case, case_id=case.pk, sealed={"reason": reason.strip()})
    return case


def case_hand_over(*, actor: User, case: Case, duty: str, to_user: User | None, reason: str) -> Handover:
    """Pass the responsible officer or SPOC role to a colleague, recording both names and why."""
    _require_edit(actor, case)
    if duty not in Handover.Duty.values:
        raise ValidationError({"duty": _("Choose which responsibility is being handed over.")})
    new_owner = _check_owner(to_user, case.team, "to_user")
    current: User = case.responsible_officer if duty == Handover.Duty.RESPONSIBLE_OFFICER else case.spoc
    if new_owner.pk == current.pk:
        raise ValidationError({"to_user": _("Choose someone other than the current holder.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Explain why the case is being handed over.")})
    free_text_check(actor=actor, case=case, texts={"reason": reason})
    with transaction.atomic():
        handover = Handover.objects.create(
            case=case, duty=duty, from_user=current, to_user=new_owner, reason=reason.strip(), recorded_by=actor
        )
        setattr(case, duty, new_owner)
        case.save(update_fields=[duty, "updated_at"])
        # What goes with the duty (the timeline's open obligations) moves with it, so nothing is
        # left with someone who has gone.
        handovers.follow(actor=actor, case=case, duty=duty, to_user=new_owner)
        record(
            actor=actor,
            verb=Verb.CASE_HANDED_OVER,
            target=case,
            case_id=case.pk,
            detail={"duty": duty, "from": current.pk, "to": new_owner.pk, "handover": handover.pk},
        )
        mail_staff(
            to=[new_owner],
            kind=Kind.HANDOVER,
            subject=lambda: _("A case has been handed over to you"),
            lines=[lambda: _("Case %(reference)s has been handed to you.") % {"reference": case.reference}],
            footer=lambda: _("Sign in to see it."),
            team_id=case.team_id,
            case_id=case.pk,
        )
    return handover


def handover_acknowledge(*, actor: User, handover: Handover) -> None:
    if handover.to_user_id != actor.pk or handover.acknowledged_at is not None:
        return
    with transaction.atomic():
        handover.acknowledged_at = timezone.now()
        handover.save(update_fields=["acknowledged_at"])
        record(
            actor=actor,
            verb=Verb.CASE_HANDOVER_ACKNOWLEDGED,
            target=handover,
            case_id=handover.case_id,
            detail={"duty": handover.duty},
        )


def person_save(
    *,
    actor: User,
    case: Case,
    person: Person | None = None,
    version: int = NEW,
    submission: UUID | None = None,
    **fields: object,
) -> Person:
    """Add a person (version NEW) or save one over the version the actor loaded, or raise StaleVersion.

    Adding with a submission (a double click on the form) adds them once.
    """
    _require_edit(actor, case)
    if not str(fields.get("full_name", "")).strip():
        raise ValidationError({"full_name": _("Enter the person's name.")})
    if fields.get("role") == Person.Role.VICTIM and (person is None or person.role != Person.Role.VICTIM):
        raise ValidationError({"role": _("A case has one victim; record this person in another role.")})
    free_text_check(
        actor=actor, case=case, texts={name: value for name, value in fields.items() if isinstance(value, str)}
    )

    def save(person: Person | None) -> Person:
        with transaction.atomic():
            adding = person is None
            if person is None:
                person = Person(case=case, submission=submission)
            else:
                claim_version(person, version)
            changed = [name for name, value in fields.items() if getattr(person, name, None) != value]
            for name, value in fields.items():
                setattr(person, name, value)
            # The token's uniqueness is the database's to enforce (create_once), not a form error.
            person.full_clean(exclude=["submission"])
            person.save()
            record(
                actor=actor,
                verb=Verb.PERSON_ADDED if adding else Verb.PERSON_UPDATED,
                target=person,
                case_id=case.pk,
                detail={"fields": sorted(changed), "role": person.role},
            )
        return person

    if person is None:
        return create_once(Person, submission, {"case": case}, lambda: save(None))
    return save(person)


def safe_contact_save(
    *,
    actor: User,
    case: Case,
    allowed_channels: list[str],
    never: list[str],
    phone_number: str = "",
    email: str = "",
    third_party: str = "",
    work_details: str = "",
    safe_hours: str = "",
    safe_times: str = "",
    never_other: str = "",
    code_word: str = "",
    caller_may_identify: bool = False,
    notes: str = "",
    version: int,
) -> SafeContact:
    """Record how the victim may be contacted; contradictions are refused, not saved.

    version is the arrangement's version the actor loaded (NEW when there was none): a save
    over a change the actor never saw raises StaleVersion.
    """
    _require_edit(actor, case)
    errors: dict[str, str] = {}
    unknown = set(allowed_channels) - set(Channel) or set(never) - set(Never)
    if unknown:
        errors["allowed_channels"] = _("Choose from the listed options.")
    if not allowed_channels:
        errors["allowed_channels"] = _("Choose at least one safe way to make contact.")
    needs = {
        Channel.PHONE_CALL: ("phone_number", phone_number, _("Enter the safe phone number.")),
        Channel.TEXT_MESSAGE: ("phone_number", phone_number, _("Enter the safe phone number.")),
        Channel.EMAIL: ("email", email, _("Enter the safe email address.")),
        Channel.VIA_THIRD_PARTY: ("third_party", third_party, _("Say who the trusted third party is.")),
        Channel.AT_WORK: ("work_details", work_details, _("Say how to make contact at work.")),
    }
    for channel in allowed_channels:
        if channel in needs and not needs[Channel(channel)][1].strip():
            name, _value, message = needs[Channel(channel)]
            errors[name] = message
    if not unknown and contradictions(allowed_channels, never):
        errors["never"] = _("A way of making contact cannot be both allowed and on the never list.")
    try:
        windows = parse_safe_times(safe_hours)
    except SafeTimesError as error:
        errors["safe_hours"] = _(error.message) % error.params if error.params else _(error.message)
    if errors:
        raise ValidationError(errors)
    free_text_check(
        actor=actor,
        case=case,
        texts={
            "third_party": third_party,
            "work_details": work_details,
            "safe_times": safe_times,
            "never_other": never_other,
            "notes": notes,
        },
    )
    with transaction.atomic():
        contact, created = _claimed_safe_contact(actor, case, version)
        contact.allowed_channels = list(allowed_channels)
        contact.never = list(never)
        contact.phone_number = phone_number.strip()
        contact.email = email.strip()
        contact.third_party = third_party.strip()
        contact.work_details = work_details.strip()
        contact.safe_windows = {"windows": [window.as_data() for window in windows]}
        contact.safe_times = safe_times.strip()
        contact.never_other = never_other.strip()
        contact.code_word = code_word.strip()
        contact.caller_may_identify = caller_may_identify
        contact.notes = notes.strip()
        contact.updated_by = actor
        contact.save()
        # Which options changed, never their content: the audit trail holds no contact details.
        record(
            actor=actor,
            verb=Verb.SAFE_CONTACT_UPDATED,
            target=contact,
            case_id=case.pk,
            detail={
                "created": created,
                "allowed_channels": sorted(allowed_channels),
                "never": sorted(never),
                "safe_time_windows": len(windows),
            },
        )
    return contact


def _claimed_safe_contact(actor: User, case: Case, version: int) -> tuple[SafeContact, bool]:
    """Return the case's arrangement moved past the expected version, or a new one if none was expected."""
    contact = SafeContact.objects.filter(case=case).first()
    if contact is not None:
        claim_version(contact, version)
        return contact, False
    if version != NEW:
        raise StaleVersion(None)
    try:
        # Two first saves at once: the second meets the one-per-case constraint and is stale.
        with transaction.atomic():
            return SafeContact.objects.create(case=case, updated_by=actor), True
    except IntegrityError:
        raise StaleVersion(SafeContact.objects.filter(case=case).first()) from None


def location_add(
    *, actor: User, case: Case, kind: str, address: str, notes: str = "", submission: UUID | None = None
) -> ConfidentialLocation:
    """Record a place where the victim is; the same submission (a double click) records it once."""
    _require_edit(actor, case)
    if not permissions.can_reveal_location(actor, case):
        raise PermissionDenied
    if kind not in ConfidentialLocation.Kind.values:
        raise ValidationError({"kind": _("Choose what kind of place this is.")})
    if not address.strip():
        raise ValidationError({"address": _("Enter the address.")})

    def create() -> ConfidentialLocation:
        with transaction.atomic():
            if kind in {ConfidentialLocation.Kind.CURRENT_ADDRESS, ConfidentialLocation.Kind.REFUGE}:
                case.locations.filter(
                    kind__in=[ConfidentialLocation.Kind.CURRENT_ADDRESS, ConfidentialLocation.Kind.REFUGE],
                    is_current=True,
                ).update(is_current=False)
            location = ConfidentialLocation.objects.create(
                case=case,
                kind=kind,
                address=address.strip(),
                notes=notes.strip(),
                created_by=actor,
                submission=submission,
            )
            record(actor=actor, verb=Verb.LOCATION_ADDED, target=location, case_id=case.pk, detail={"kind": kind})
        return location

    return create_once(ConfidentialLocation, submission, {"case": case, "created_by": actor}, create)


def location_reveal(*, actor: User, location: ConfidentialLocation) -> ConfidentialLocation:
    """Return the location for display to a user with a need to know, auditing the reveal."""
    if not permissions.can_reveal_location(actor, location.case):
        raise PermissionDenied
    with transaction.atomic():
        record(
            actor=actor,
            verb=Verb.LOCATION_REVEALED,
            target=location,
            case_id=location.case_id,
            detail={"kind": location.kind},
        )
    return location


def case_share(
    *,
    actor: User,
    case: Case,
    team: Team | None,
    reason: str,
    expires_at: datetime | None,
    submission: UUID | None = None,
) -> CaseShare:
    """Give another team access until expires_at; posting the same form again returns the same share."""
    _require_edit(actor, case)
    errors: dict[str, str] = {}
    if team is None or team.pk == case.team_id:
        errors["team"] = _("Choose another team to share with.")
    if not reason.strip():
        errors["reason"] = _("Explain why the team needs access.")
    now = timezone.now()
    if expires_at is None or expires_at <= now:
        errors["expires_at"] = _("The share must end in the future.")
    elif expires_at > now + timedelta(days=MAX_SHARE_DAYS):
        errors["expires_at"] = _("A share can last at most %(days)d days; renew it if needed.") % {
            "days": MAX_SHARE_DAYS
        }
    if errors:
        raise ValidationError(errors)
    assert team is not None
    assert expires_at is not None
    free_text_check(actor=actor, case=case, texts={"reason": reason})

    def create() -> CaseShare:
        with transaction.atomic():
            share = CaseShare.objects.create(
                case=case,
                team=team,
                reason=reason.strip(),
                granted_by=actor,
                expires_at=expires_at,
                submission=submission,
            )
            record(
                actor=actor,
                verb=Verb.CASE_SHARED,
                target=share,
                case_id=case.pk,
                detail={"team": team.pk, "expires_at": expires_at.isoformat()},
            )
        return share

    return create_once(CaseShare, submission, {"case": case, "granted_by": actor}, create)


def share_revoke(*, actor: User, share: CaseShare) -> None:
    _require_edit(actor, share.case)
    if share.revoked_at is not None:
        return
    with transaction.atomic():
        share.revoked_at = timezone.now()
        share.revoked_by = actor
        share.save(update_fields=["revoked_at", "revoked_by"])
        record(actor=actor, verb=Verb.CASE_SHARE_REVOKED, target=share, case_id=share.case_id, detail={})


def break_glass_open(*, actor: User, reference: str, reason: str) -> BreakGlassAccess:
    """Give a supervisor an hour's access to a case in their agency, alerting its owners."""
    if not permissions.can_break_glass(actor):
        raise PermissionDenied
    errors: dict[str, str] = {}
    reason = visible_text(reason)
    if visible_length(reason) < permissions.BREAK_GLASS_REASON_CHARACTERS:
        errors["reason"] = _(
            "Explain why you need access now in at least %(least)d characters you can read: this reason has "
            "%(count)d (spaces in a row count once, and invisible characters such as zero-width spaces not at all)"
        ) % {"least": permissions.BREAK_GLASS_REASON_CHARACTERS, "count": visible_length(reason)}
    case = Case.objects.filter(reference__iexact=reference.strip(), team__agency_id=actor.agency_id or 0).first()
    if case is None:
        errors["reference"] = _("There is no case with that reference in your agency.")
    if errors:
        raise ValidationError(errors)
    assert case is not None
    with transaction.atomic():
        access = BreakGlassAccess.objects.create(
            case=case,
            user=actor,
            team_id=actor.team_id,
            reason=reason,
            expires_at=timezone.now() + timedelta(minutes=permissions.BREAK_GLASS_MINUTES),
        )
        record(
            actor=actor,
            verb=Verb.CASE_BREAK_GLASS,
            target=case,
            case_id=case.pk,
            detail={"access": access.pk, "minutes": permissions.BREAK_GLASS_MINUTES},
            sealed={"reason": reason},
        )
        supervisors = User.objects.people().filter(team_id=case.team_id, role=Role.SUPERVISOR, is_active=True)
        mail_staff(
            to=[case.responsible_officer, case.spoc, *supervisors],
            kind=Kind.BREAK_GLASS,
            subject=lambda: _("Break-glass access to one of your cases"),
            lines=[
                lambda: (
                    _("%(user)s opened case %(reference)s by break-glass access.")
                    % {"user": actor.get_full_name() or actor.username, "reference": case.reference}
                )
            ],
            footer=lambda: _("Sign in to see the reason."),
            team_id=case.team_id,
            case_id=case.pk,
        )
    return access

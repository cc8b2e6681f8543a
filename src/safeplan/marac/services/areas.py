"""Writes of MARAC areas, neighbourhoods and sharing protocols, each in one transaction with its audit entry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from safeplan.accounts.models import Agency, Nation, Role, User
from safeplan.audit.services import record
from safeplan.audit.verbs import Verb
from safeplan.domain.risk import instrument_factor_ids
from safeplan.marac.models import MaracArea, Neighbourhood, ProtocolSignature, SharingProtocol
from safeplan.marac.permissions import can_configure, can_host

MAX_WORKING_DAYS = 20
MAX_ACCESS_DAYS = 90
MAX_ESCALATION_INCIDENTS = 50


@dataclass(frozen=True)
class AreaSettings:
    """An area's local rules, as an admin enters them."""

    cadence: str
    nation: str = Nation.ENGLAND_AND_WALES
    visible_high_risk_from: int = 14
    escalation_incidents: int = 3
    automatic_from: int | None = None
    consent_needed_below_automatic: bool = False
    agenda_cutoff_working_days: int = 5
    minutes_working_days: int = 3
    access_days_after: int = 14


def _check(settings: AreaSettings) -> None:
    errors: dict[str, str] = {}
    factors = len(instrument_factor_ids("ric"))
    if settings.cadence not in MaracArea.Cadence.values:
        errors["cadence"] = _("Choose how often the MARAC meets.")
    if settings.nation not in Nation.values:
        errors["nation"] = _("Choose the nation whose bank holidays apply.")
    if not 1 <= settings.visible_high_risk_from <= factors:
        errors["visible_high_risk_from"] = _("Enter a number of yes answers from 1 to %(n)s.") % {"n": factors}
    if not 1 <= settings.escalation_incidents <= MAX_ESCALATION_INCIDENTS:
        errors["escalation_incidents"] = _("Enter a number of incidents from 1 to %(n)s.") % {
            "n": MAX_ESCALATION_INCIDENTS
        }
    if (
        settings.automatic_from is not None
        and not settings.visible_high_risk_from <= settings.automatic_from <= factors
    ):
        errors["automatic_from"] = _(
            "The automatic referral score must be from the visible high risk score to %(n)s, or left empty."
        ) % {"n": factors}
    if settings.consent_needed_below_automatic and settings.automatic_from is None:
        errors["consent_needed_below_automatic"] = _(
            "Give the automatic referral score, or do not ask for consent below it."
        )
    if not 0 <= settings.agenda_cutoff_working_days <= MAX_WORKING_DAYS:
        errors["agenda_cutoff_working_days"] = _("Enter a number of working days from 0 to %(n)s.") % {
            "n": MAX_WORKING_DAYS
        }
    if not 1 <= settings.minutes_working_days <= MAX_WORKING_DAYS:
        errors["minutes_working_days"] = _("Enter a number of working days from 1 to %(n)s.") % {"n": MAX_WORKING_DAYS}
    if not 1 <= settings.access_days_after <= MAX_ACCESS_DAYS:
        errors["access_days_after"] = _("Enter a number of days from 1 to %(n)s.") % {"n": MAX_ACCESS_DAYS}
    if errors:
        raise ValidationError(errors)


def area_create(*, actor: User, name: str, settings: AreaSettings) -> MaracArea:
    """Set up a MARAC area hosted by the actor's agency."""
    if not can_host(actor) or actor.agency_id is None:
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the MARAC's name.")})
    _check(settings)
    with transaction.atomic():
        if MaracArea.objects.filter(name__iexact=name).exists():
            raise ValidationError({"name": _("A MARAC with this name already exists.")})
        area = MaracArea.objects.create(name=name, host_agency_id=actor.agency_id, **asdict(settings))
        record(actor=actor, verb=Verb.MARAC_AREA_CREATED, target=area, detail={"settings": asdict(settings)})
    return area


def area_update(*, actor: User, area: MaracArea, settings: AreaSettings) -> MaracArea:
    """Change an area's local rules; audit what changed (nothing is written if nothing changed)."""
    if not can_configure(actor, area):
        raise PermissionDenied
    _check(settings)
    changed = {
        field: [getattr(area, field), value]
        for field, value in asdict(settings).items()
        if getattr(area, field) != value
    }
    if not changed:
        return area
    with transaction.atomic():
        for field, (_before, value) in changed.items():
            setattr(area, field, value)
        area.save(update_fields=[*changed, "updated_at"])
        record(actor=actor, verb=Verb.MARAC_AREA_UPDATED, target=area, detail={"changed": changed})
    return area


def area_coordinators_set(*, actor: User, area: MaracArea, coordinators: Iterable[User]) -> MaracArea:
    """Name the area's coordinators: active MARAC coordinators of the host agency."""
    if not can_configure(actor, area):
        raise PermissionDenied
    chosen = list(coordinators)
    if any(u.agency_id != area.host_agency_id or u.role != Role.MARAC_COORDINATOR or not u.is_active for u in chosen):
        raise ValidationError({"coordinators": _("Choose active MARAC coordinators of your agency.")})
    with transaction.atomic():
        before = sorted(area.coordinators.values_list("pk", flat=True))
        area.coordinators.set(chosen)
        after = sorted(u.pk for u in chosen)
        if before != after:
            record(actor=actor, verb=Verb.MARAC_COORDINATORS_SET, target=area, detail={"changed": [before, after]})
    return area


def neighbourhood_add(*, actor: User, area: MaracArea, name: str) -> Neighbourhood:
    """Add a neighbourhood policing area to the MARAC area."""
    if not can_configure(actor, area):
        raise PermissionDenied
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Enter the neighbourhood's name.")})
    with transaction.atomic():
        if area.neighbourhoods.filter(name__iexact=name).exists():
            raise ValidationError({"name": _("This area already has a neighbourhood with this name.")})
        made = Neighbourhood.objects.create(area=area, name=name)
        record(actor=actor, verb=Verb.MARAC_NEIGHBOURHOOD_ADDED, target=made, detail={"area": area.pk})
    return made


def protocol_add(
    *, actor: User, area: MaracArea, version: str, in_force_from: date, review_on: date, reference: str = ""
) -> SharingProtocol:
    """Add a version of the area's information sharing protocol (its signatories are recorded one by one)."""
    if not can_configure(actor, area):
        raise PermissionDenied
    version = version.strip()
    errors: dict[str, str] = {}
    if not version:
        errors["version"] = _("Enter the protocol's version.")
    if review_on <= in_force_from:
        errors["review_on"] = _("The review date must be after the date it comes into force.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            made = SharingProtocol.objects.create(
                area=area,
                version=version,
                in_force_from=in_force_from,
                review_on=review_on,
                reference=reference.strip(),
                created_by=actor,
            )
            record(
                actor=actor,
                verb=Verb.MARAC_PROTOCOL_ADDED,
                target=made,
                detail={"area": area.pk, "version": version, "in_force_from": in_force_from.isoformat()},
            )
    except IntegrityError:
        raise ValidationError({"version": _("This area already has a protocol with this version.")}) from None
    return made


def protocol_sign(
    *, actor: User, protocol: SharingProtocol, agency: Agency, signed_on: date, signed_by: str
) -> ProtocolSignature:
    """Record that an agency signed a protocol version."""
    if not can_configure(actor, protocol.area):
        raise PermissionDenied
    signed_by = signed_by.strip()
    errors: dict[str, str] = {}
    if not signed_by:
        errors["signed_by"] = _("Enter who signed for the agency, and their post.")
    if signed_on > timezone.localdate():
        errors["signed_on"] = _("The date it was signed must be today or in the past.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            made = ProtocolSignature.objects.create(
                protocol=protocol, agency=agency, signed_on=signed_on, signed_by=signed_by, recorded_by=actor
            )
            record(
                actor=actor,
                verb=Verb.MARAC_PROTOCOL_SIGNED,
                target=made,
                detail={"protocol": protocol.pk, "agency": agency.pk, "signed_on": signed_on.isoformat()},
            )
    except IntegrityError:
        raise ValidationError({"agency": _("This agency has already signed this version.")}) from None
    return made

"""MARAC areas: their settings, the neighbourhoods they cover and the information sharing protocol they run under.

An agency that has not signed the area's protocol in force is neither invited nor shown
anything, so the protocol is the boundary of who may see a MARAC's cases.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency, Nation


class MaracArea(models.Model):
    """One MARAC: the area it covers and its local rules, configured by an admin of its host agency."""

    class Cadence(models.TextChoices):
        DAILY = "daily", _("Daily (triage meetings)")
        WEEKLY = "weekly", _("Weekly")
        FORTNIGHTLY = "fortnightly", _("Fortnightly")
        MONTHLY = "monthly", _("Monthly")

    name = models.CharField(_("name"), max_length=200, unique=True)
    host_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices, default=Nation.ENGLAND_AND_WALES)
    cadence = models.CharField(_("how often it meets"), max_length=20, choices=Cadence.choices)
    # Referral thresholds (SafeLives defaults; areas vary).
    visible_high_risk_from = models.PositiveSmallIntegerField(_("visible high risk from (yes answers)"), default=14)
    escalation_incidents = models.PositiveSmallIntegerField(
        _("potential escalation from (incidents in 12 months)"), default=3
    )
    automatic_from = models.PositiveSmallIntegerField(
        _("referred automatically from (yes answers)"), null=True, blank=True
    )
    consent_needed_below_automatic = models.BooleanField(
        _("below the automatic score, a referral needs the victim's consent"), default=False
    )
    agenda_cutoff_working_days = models.PositiveSmallIntegerField(
        _("agenda closes (working days before the meeting)"), default=5
    )
    minutes_working_days = models.PositiveSmallIntegerField(
        _("minutes due (working days after the meeting)"), default=3
    )
    access_days_after = models.PositiveSmallIntegerField(_("partners keep access (days after the meeting)"), default=14)
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="marac_areas", blank=True, verbose_name=_("coordinators")
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(automatic_from__isnull=True)
                | models.Q(automatic_from__gte=models.F("visible_high_risk_from")),
                name="marac_area_automatic_at_or_above_threshold",
            ),
            models.CheckConstraint(condition=models.Q(minutes_working_days__gte=1), name="marac_area_minutes_days"),
            models.CheckConstraint(condition=models.Q(access_days_after__gte=1), name="marac_area_access_days"),
        ]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A neighbourhood policing area inside a MARAC area: its team is briefed on the cases located in it."""

    area = models.ForeignKey(MaracArea, on_delete=models.CASCADE, related_name="neighbourhoods")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="neighbourhood_name_unique_in_area")]

    def __str__(self) -> str:
        return self.name


class SharingProtocol(models.Model):
    """A version of the information sharing protocol an area runs under; the latest in force applies."""

    area = models.ForeignKey(MaracArea, on_delete=models.CASCADE, related_name="protocols")
    version = models.CharField(_("version"), max_length=40)
    in_force_from = models.DateField(_("in force from"))
    review_on = models.DateField(_("review due"))
    reference = models.CharField(_("where the signed document is kept"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-in_force_from", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "version"], name="protocol_version_unique_in_area"),
            models.CheckConstraint(
                condition=models.Q(review_on__gt=models.F("in_force_from")), name="protocol_review_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} protocol {self.version}"

    def review_overdue(self, today: date | None = None) -> bool:
        return self.review_on < (today or timezone.localdate())


class ProtocolSignature(models.Model):
    """An agency's signature of a protocol version: only signatories are invited or shown anything."""

    protocol = models.ForeignKey(SharingProtocol, on_delete=models.CASCADE, related_name="signatures")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("signed on"))
    signed_by = models.CharField(_("signed by (name and post)"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["protocol", "agency"], name="one_signature_per_agency")]

    def __str__(self) -> str:
        return f"{self.agency} signed {self.protocol}"

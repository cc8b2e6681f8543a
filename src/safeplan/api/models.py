"""Service credentials: how a police or agency system calls the API as a named integration.

A credential acts through its own service account (a User with no usable password, in one team
of the admin's agency, with a casework role), so every call goes through the same gate
(cases.selectors.case_for) and the same services as the pages, and is audited as that account.
Only a hash of the secret is stored; the secret itself is shown once, when made or rotated.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.accounts.models import Agency
from safeplan.idempotent import Submitted


class Scope(models.TextChoices):
    READ_CASES = "cases:read", _("Read cases and people")
    WRITE_CASES = "cases:write", _("Create cases")
    READ_EVENTS = "events:read", _("Read case events")
    WRITE_EVENTS = "events:write", _("Record case events")
    READ_OBLIGATIONS = "obligations:read", _("Read obligations")
    WRITE_OBLIGATIONS = "obligations:write", _("Complete obligations")
    READ_ASSESSMENTS = "assessments:read", _("Read risk assessments")
    WRITE_ASSESSMENTS = "assessments:write", _("Record risk assessments")
    READ_PLANS = "plans:read", _("Read safety plan versions")
    READ_INCIDENTS = "incidents:read", _("Read incidents")
    MARAC = "marac", _("MARAC referrals and actions")
    DISCLOSURE = "disclosure", _("Clare's Law applications")


class ServiceCredential(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="service_credentials")
    name = models.CharField(_("integration name"), max_length=100)
    account = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credential")
    scopes = models.JSONField(_("scopes"), default=list)
    # The public half of the key, to find the row; the secret half is stored only as a SHA-256 hash
    # (it is 256 random bits, so a slow hash adds nothing).
    key_id = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    expires_at = models.DateTimeField(_("expires"))
    rotated_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("service credential")
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="credential_name_unique_in_agency")]

    def __str__(self) -> str:
        return self.name

    @property
    def state(self) -> str:
        """Return "revoked", "expired" or "live"."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expires_at <= timezone.now() else "live"

    def scope_labels(self) -> list[str]:
        return [str(Scope(code).label) for code in self.scopes if code in Scope.values]

    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.account.is_active


class RateWindow(models.Model):
    """Calls one credential made in one minute: counted in the database, so every process shares it."""

    credential = models.ForeignKey(ServiceCredential, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    calls = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["credential", "minute"], name="rate_window_unique")]

    def __str__(self) -> str:
        return f"{self.credential_id} {self.minute:%H:%M}: {self.calls}"


class ReplayedCreate(Submitted):
    """What a create with an Idempotency-Key made, for creates whose record keeps no token itself.

    `submission` is the key, turned into a UUID within the caller's own namespace
    (safeplan.api.idempotency), so a retry finds the first result and a key another caller
    used says nothing.
    """

    kind = models.CharField(max_length=20)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"

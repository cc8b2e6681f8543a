"""A referral of a case to a MARAC: what the referrer added to what the case already held.

The case's facts (assessment, people, safe contact, incidents) are copied into ``prefill``
when the referral is made, so the coordinator and, later, the meeting see what was referred
without opening the case; the victim's confidential locations and code word are never copied.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.cases.models import Case
from safeplan.domain import marac as rules
from safeplan.encryption import EncryptedJSONField, EncryptedTextField
from safeplan.marac.models.areas import MaracArea
from safeplan.risk.models import Assessment


class Consent(models.TextChoices):
    GIVEN = rules.CONSENT_GIVEN, _("Yes, the victim consents")
    REFUSED = rules.CONSENT_REFUSED, _("No, the victim refused")
    NOT_ASKED_UNSAFE = rules.CONSENT_NOT_ASKED_UNSAFE, _("Not asked, because asking would not be safe")


class LawfulBasis(models.TextChoices):
    """The lawful basis for sharing without consent (ICO guidance; recorded on every such referral)."""

    PREVENT_CRIME = (
        "prevent_crime",
        _(
            "Preventing or detecting unlawful acts, where asking for consent would prejudice that "
            "(Data Protection Act 2018, Schedule 1 paragraph 10)"
        ),
    )
    VITAL_INTERESTS = "vital_interests", _("To protect someone's life (UK GDPR Article 6(1)(d), vital interests)")
    PUBLIC_TASK = "public_task", _("A public task of the agency (UK GDPR Article 6(1)(e))")
    CRIME_AND_DISORDER = "crime_and_disorder", _("Crime and Disorder Act 1998, section 115")


class MaracReferral(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for the coordinator")
        ACCEPTED = "accepted", _("Accepted onto a meeting")
        RETURNED = "returned", _("Returned to the referrer")

    class Aware(models.TextChoices):
        YES = "yes", _("Yes")
        NO = "no", _("No")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="marac_referrals")
    area = models.ForeignKey(MaracArea, on_delete=models.PROTECT, related_name="referrals")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # The grounds under the area's thresholds (safeplan.domain.marac.GROUNDS), and the rules they came from.
    grounds = models.JSONField(_("grounds"), default=list)
    automatic = models.BooleanField(_("referred automatically by the score"), default=False)
    previous_referral_on = models.DateField(_("previous referral"), null=True, blank=True)
    # What the case held when it was referred (see the module docstring).
    prefill = EncryptedJSONField(_("from the case"))
    afraid_of = EncryptedTextField(_("who the victim is afraid of"))
    safe_to_talk_to = EncryptedTextField(_("who it is safe to talk to"), blank=True)
    not_safe_to_talk_to = EncryptedTextField(_("who it is not safe to talk to"), blank=True)
    children_schools = EncryptedTextField(_("the children's schools or nurseries"), blank=True)
    victim_aware = models.CharField(_("the victim knows of the referral"), max_length=3, choices=Aware.choices)
    victim_unaware_reason = EncryptedTextField(_("why the victim has not been told"), blank=True)
    consent = models.CharField(_("consent"), max_length=20, choices=Consent.choices)
    no_consent_reason = EncryptedTextField(_("why there is no consent"), blank=True)
    lawful_basis = models.CharField(_("lawful basis"), max_length=30, choices=LawfulBasis.choices, blank=True)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(default=timezone.now, db_index=True)
    returned_reason = EncryptedTextField(_("why it was returned"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_at", "-pk"]
        indexes = [models.Index(fields=["area", "status", "-referred_at"], name="marac_referral_queue")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=rules.CONSENT_GIVEN) | ~models.Q(lawful_basis=""),
                name="marac_referral_basis_without_consent",
            ),
        ]

    def __str__(self) -> str:
        return f"MARAC referral {self.pk} ({self.case_id})"

    @property
    def referred_on(self) -> date:
        return timezone.localdate(self.referred_at)

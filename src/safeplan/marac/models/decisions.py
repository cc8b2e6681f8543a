"""The decision to refer a case to MARAC after a risk assessment."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safeplan.encryption import EncryptedTextField
from safeplan.risk.models import Assessment


class MaracDecision(models.Model):
    """Whether to refer the case to MARAC after an assessment, and why. The latest one stands."""

    class Decision(models.TextChoices):
        REFER = "refer", _("Refer to MARAC")
        DO_NOT_REFER = "do_not_refer", _("Do not refer to MARAC")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="marac_decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = EncryptedTextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-decided_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} (assessment {self.assessment_id})"

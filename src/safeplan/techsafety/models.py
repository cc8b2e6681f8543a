"""Tech safety records on a case: the guided checks and the Android scans.

Both are append-only: a new check or scan is a new record, so the case keeps what was
found and when. What the victim said and what was found on the phone are encrypted at
rest. A scan keeps its findings only (never the phone's full list of apps or settings).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.appendonly import AppendOnlyModel
from safeplan.cases.models import Case
from safeplan.encryption import EncryptedJSONField, EncryptedTextField


class TechCheck(AppendOnlyModel):
    """The answers to the guided tech safety check, against one version of its content."""

    correction_hint = "run the check again"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tech_checks")
    content_version = models.PositiveIntegerField()
    # Question id -> list of values, as safeplan.domain.techcheck.normalise_answers returns.
    answers = EncryptedJSONField(_("answers"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Tech safety check on {self.case}"


class TechScan(AppendOnlyModel):
    """The findings of one advocate-run Android scan: possible signs, never proof."""

    correction_hint = "scan again"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tech_scans")
    # {"findings": [{kind, package, name, severity, why}]}: safeplan.domain.techscan.Finding as dicts.
    findings = EncryptedJSONField(_("findings"))
    indicators_sha256 = models.CharField(max_length=64)
    indicators_source = models.CharField(max_length=200)
    device_note = EncryptedTextField(_("which phone"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "-created_at", "-id"], name="techsafety_scan_list")]

    def __str__(self) -> str:
        return f"Android scan on {self.case}"

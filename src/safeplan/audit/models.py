"""The audit trail: append-only, each event hashed and chained to the one before."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.appendonly import AppendOnlyModel
from safeplan.audit.verbs import Verb


class AuditEvent(AppendOnlyModel):
    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="audit_events"
    )
    # The actor's username at the time, so the trail reads true even after renames.
    actor_label = models.CharField(max_length=150, blank=True)
    # No choices at the database level: adding a verb must not need a migration.
    verb = models.CharField(max_length=40, db_index=True)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # The case the event concerns, if any: a plain id so the audit app depends on nothing.
    case_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    # Ids, field names and reasons only: never a victim's address or contact details.
    detail = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("audit event")
        indexes = [models.Index(fields=["actor", "occurred_at"]), models.Index(fields=["case_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.verb} by {self.actor_label}"

    @property
    def verb_label(self) -> str:
        """Return the verb's description, or the raw verb if it is no longer defined."""
        try:
            return str(Verb(self.verb).label)
        except ValueError:
            return self.verb

    def chain_payload(self) -> dict[str, Any]:
        """Return the content that the hash covers."""
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": str(self.actor_label),
            "verb": str(self.verb),
            "target_type": self.target_type,
            "target_id": self.target_id,
            "case_id": self.case_id,
            "detail": self.detail,
        }


class AuditChainHead(models.Model):
    """One row holding the last sequence and hash; locking it serialises appends."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_head_single_row")]

    def __str__(self) -> str:
        return f"audit chain head #{self.sequence}"

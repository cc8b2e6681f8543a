"""The audit trail: append-only events in N keyed chains, with signed checkpoints kept outside the database.

See safeplan.domain.auditchain for the design.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.appendonly import AppendOnlyModel
from safeplan.audit.verbs import Verb
from safeplan.encryption import EncryptedJSONField

# The detail key that lists which keys of an event's detail are sealed (kept encrypted in a
# SealedDetail row, not in the clear JSON).
SEALED = "sealed"


class AuditEvent(AppendOnlyModel):
    # The chain (partition) the event belongs to, and its place in that chain from 1.
    chain = models.PositiveSmallIntegerField(default=1)
    sequence = models.PositiveBigIntegerField()
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
    # Ids, field names and codes only: never a victim's address or contact details. Free text
    # (a break-glass or reopening reason) is sealed: see SealedDetail and full_detail().
    detail = models.JSONField(default=dict, blank=True)
    # The id of the SAFEPLAN_AUDIT_KEY that keyed the link; "" for events from before keyed chains.
    key_id = models.CharField(max_length=32, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("audit event")
        # Each trail is read newest first a page at a time (web.pagination.keyset on AUDIT_ORDER);
        # the refusals summary reads one verb over a recent period.
        indexes = [
            models.Index(fields=["actor", "-occurred_at", "-id"], name="audit_actor_trail"),
            models.Index(fields=["case_id", "-occurred_at", "-id"], name="audit_case_trail"),
            models.Index(fields=["verb", "occurred_at"], name="audit_verb_recent"),
        ]
        constraints = [models.UniqueConstraint(fields=["chain", "sequence"], name="audit_event_chain_sequence")]

    def __str__(self) -> str:
        return f"{self.chain}#{self.sequence} {self.verb} by {self.actor_label}"

    @property
    def verb_label(self) -> str:
        """Return the verb's description, or the raw verb if it is no longer defined."""
        try:
            return str(Verb(self.verb).label)
        except ValueError:
            return self.verb

    @property
    def link_name(self) -> str:
        """Return how reports name this event: its chain and sequence."""
        return f"chain {self.chain} event #{self.sequence}"

    def chain_payload(self) -> dict[str, Any]:
        """Return the content that the keyed link covers."""
        return {
            **self.legacy_payload(),
            "chain": self.chain,
            "key_id": str(self.key_id),
        }

    def legacy_payload(self) -> dict[str, Any]:
        """Return the content that the plain SHA-256 link of an event from before keyed chains covers."""
        return {
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": str(self.actor_label),
            "verb": str(self.verb),
            "target_type": self.target_type,
            "target_id": self.target_id,
            "case_id": self.case_id,
            "detail": self.full_detail(),
        }

    def full_detail(self) -> dict[str, Any]:
        """Return the detail with its sealed values put back, as the link covers it.

        A sealed event whose SealedDetail row is gone raises SealedDetail.DoesNotExist.
        """
        detail = dict(self.detail)
        names = detail.pop(SEALED, None)
        if names is None:
            return detail
        values = self.sealed.values
        return {**detail, **{name: values[name] for name in names}}

    @property
    def reason(self) -> str:
        """Return the event's reason (sealed or not) for people who may read it, or ""."""
        try:
            return str(self.full_detail().get("reason", ""))
        except (SealedDetail.DoesNotExist, KeyError):
            return ""


class SealedDetail(AppendOnlyModel):
    """The free-text part of an audit event's detail, encrypted like every other sensitive field.

    The event's clear detail names the sealed keys (``{"sealed": ["reason"]}``) and its keyed link
    covers the plain values (see AuditEvent.full_detail), so changing or deleting this row breaks
    the chain just as changing the event would, while a copy of the database, a dump or a log of
    the detail column shows no reason.
    """

    event = models.OneToOneField(AuditEvent, on_delete=models.PROTECT, primary_key=True, related_name="sealed")
    values = EncryptedJSONField(default=dict)

    class Meta:
        verbose_name = _("sealed audit detail")

    def __str__(self) -> str:
        return f"sealed detail of audit event {self.event_id}"


class AuditChainHead(models.Model):
    """Where one chain ends; locking its row serialises appends to that chain only."""

    chain = models.PositiveSmallIntegerField(primary_key=True)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"audit chain {self.chain} head #{self.sequence}"


class AuditCheckpoint(models.Model):
    """The database's copy of a checkpoint written to the sink, so the next one can follow it.

    The copy proves nothing by itself (whoever holds the database can change it): verification
    reads the sink outside the database.
    """

    number = models.PositiveBigIntegerField(unique=True)
    written_at = models.DateTimeField()
    line = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"audit checkpoint #{self.number}"

"""A perpetrator's coming release on a case a MARAC heard: an alert for the area's coordinators.

Made by safeplan.marac.services.releases when the perpetrators app puts a release on a case
(its listener registry, safeplan.perpetrators.releases); it stays on the coordinators' list
until one of them records that it was dealt with.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.cases.models import Case
from safeplan.marac.models.areas import MaracArea
from safeplan.marac.models.meetings import AgendaItem
from safeplan.perpetrators.models import ReleaseTrigger


class ReleaseAlert(models.Model):
    area = models.ForeignKey(MaracArea, on_delete=models.CASCADE, related_name="release_alerts")
    # The latest time the case came to this MARAC: where the coordinator finds its plan.
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    trigger = models.ForeignKey(ReleaseTrigger, on_delete=models.CASCADE, related_name="+")
    release_on = models.DateField(_("release expected on"))
    created_at = models.DateTimeField(auto_now_add=True)
    dealt_with_at = models.DateTimeField(null=True, blank=True)
    dealt_with_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["area", "dealt_with_at", "-created_at"], name="marac_release_alert_open")]
        constraints = [models.UniqueConstraint(fields=["area", "trigger"], name="one_release_alert_per_area")]

    def __str__(self) -> str:
        return f"release alert {self.pk} ({self.area_id})"

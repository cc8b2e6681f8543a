"""What reporting needs beyond the case records: population figures per MARAC area, and equality monitoring.

Figures themselves are never stored: every report is computed from the case records when it
is run, and each run is audited with its parameters (audit/verbs.py, REPORT_*).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from safeplan.cases.models import Case
from safeplan.encryption import EncryptedTextField
from safeplan.marac.models import MaracArea
from safeplan.versioned import Versioned


class AreaPopulation(models.Model):
    """The adult (16 and over) female population of a MARAC area, the denominator of the SafeLives rate.

    SafeLives divides cases (repeats included) by this figure and multiplies by 10,000, against
    a recommended 40. Entered by the area's coordinator with where it came from; the latest
    entry applies, and earlier ones are kept so an old return can be explained.
    """

    area = models.ForeignKey(MaracArea, on_delete=models.CASCADE, related_name="populations")
    adult_women = models.PositiveIntegerField(_("women aged 16 and over living in the area"))
    source = models.CharField(_("where the figure comes from"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(adult_women__gte=1), name="area_population_positive")]

    def __str__(self) -> str:
        return f"population of area {self.area_id}: {self.adult_women}"


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_KNOWN = "not_known", _("Not known or not asked")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")
    NOT_KNOWN = "not_known", _("Not known or not asked")


class EqualityMonitoring(Versioned):
    """The victim's equality monitoring answers, in SafeLives' MARAC return categories.

    Coded values only (no free text), so that they can be counted in the database; they are
    asked only when it is safe and the victim agrees, and "not known" is always an answer.
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="equality")
    minoritised = models.CharField(
        _("Black, Asian or racially minoritised"), max_length=10, choices=Answer.choices, default=Answer.NOT_KNOWN
    )
    lgbt = models.CharField(
        _("Lesbian, gay, bisexual or trans"), max_length=10, choices=Answer.choices, default=Answer.NOT_KNOWN
    )
    disabled = models.CharField(_("Disabled"), max_length=10, choices=Answer.choices, default=Answer.NOT_KNOWN)
    gender = models.CharField(_("Gender"), max_length=10, choices=Gender.choices, default=Gender.NOT_KNOWN)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"equality monitoring of case {self.case_id}"


class LateReason(Versioned):
    """Why an obligation missed its deadline: the Victims and Prisoners Act 2024 (s5) makes compliance
    with the Victims' Code a duty "unless there is good reason", so a missed deadline records its reason.
    """

    class Reason(models.TextChoices):
        NO_SAFE_CONTACT = "no_safe_contact", _("The victim could not be reached safely in time")
        INFORMATION_LATE = "information_late", _("The information reached us too late (from the court or an agency)")
        VICTIM_ASKED = "victim_asked", _("The victim asked to be told at another time")
        CAPACITY = "capacity", _("Not enough staff or time")
        MISTAKE = "mistake", _("Missed by mistake")
        OTHER = "other", _("Another reason")

    obligation = models.OneToOneField("timeline.Obligation", on_delete=models.CASCADE, related_name="late_reason")
    reason = models.CharField(_("why it was late"), max_length=20, choices=Reason.choices)
    note = EncryptedTextField(_("more about why"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"late reason for obligation {self.obligation_id}"

# mypy: disable-error-code="django-manager-missing"
# (The second-factor devices here are django-otp models, which are untyped: django-stubs cannot resolve the
# reverse managers they give User.)
"""Agencies, their teams, and the professionals who work in them."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from safeplan.accounts.codes import backup_code_digests
from safeplan.encryption import EncryptedTextField


class Nation(models.TextChoices):
    """The UK nations whose bank holidays set working-day deadlines."""

    ENGLAND_AND_WALES = "england-and-wales", _("England and Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern-ireland", _("Northern Ireland")


class Agency(models.Model):
    class Kind(models.TextChoices):
        POLICE = "police", _("Police force")
        IDVA_SERVICE = "idva_service", _("IDVA service")
        WITNESS_CARE = "witness_care", _("Witness care unit")
        # Partner agencies at a MARAC (the SafeLives minutes template's list): they hold no
        # cases here, and their people only see what a MARAC shares with them.
        HEALTH = "health", _("Health (GP, hospital or mental health)")
        HOUSING = "housing", _("Housing or social landlord")
        CHILDREN_SOCIAL_CARE = "children_social_care", _("Children's social care")
        ADULT_SAFEGUARDING = "adult_safeguarding", _("Adult safeguarding")
        PROBATION = "probation", _("Probation")
        EDUCATION = "education", _("Education")
        DRUG_AND_ALCOHOL = "drug_and_alcohol", _("Drug and alcohol service")
        SPECIALIST_SERVICE = "specialist_service", _("Specialist service (for example BAMER, LGBT+ or sexual abuse)")
        OTHER = "other", _("Other agency")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices, default=Nation.ENGLAND_AND_WALES)
    # A manager with authority to commit the agency's resources: overdue actions owned by
    # the agency are escalated to them.
    point_of_contact = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("named point of contact"),
    )
    is_demo = models.BooleanField(
        _("synthetic demo data"), default=False, help_text=_("Marks records made by the demo loader.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_partner(self) -> bool:
        """Return True for a partner agency, whose people take part in MARAC and hold no cases."""
        return self.kind in PARTNER_KINDS


class Team(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        ordering = ["agency__name", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "name"], name="team_name_unique_in_agency")]

    def __str__(self) -> str:
        return f"{self.name} ({self.agency.name})"


class Role(models.TextChoices):
    OFFICER = "officer", _("Police officer")
    IDVA = "idva", _("IDVA")
    WITNESS_CARE = "witness_care", _("Witness care officer")
    MARAC_COORDINATOR = "marac_coordinator", _("MARAC coordinator")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Agency admin")
    # Represents the agency at MARAC meetings: sees only what a MARAC shares, while it needs to.
    MARAC_REPRESENTATIVE = "marac_rep", _("MARAC representative")


PARTNER_KINDS = frozenset(
    {
        Agency.Kind.HEALTH,
        Agency.Kind.HOUSING,
        Agency.Kind.CHILDREN_SOCIAL_CARE,
        Agency.Kind.ADULT_SAFEGUARDING,
        Agency.Kind.PROBATION,
        Agency.Kind.EDUCATION,
        Agency.Kind.DRUG_AND_ALCOHOL,
        Agency.Kind.SPECIALIST_SERVICE,
    }
)
# A partner agency's people administer it or represent it at MARAC; they never hold cases.
PARTNER_ROLES = (Role.ADMIN, Role.MARAC_REPRESENTATIVE)
# Roles that hold and change case records (an admin manages users, not cases), and so may get case mail.
CASEWORK_ROLES = frozenset({Role.OFFICER, Role.IDVA, Role.WITNESS_CARE, Role.MARAC_COORDINATOR, Role.SUPERVISOR})


def roles_for(kind: str) -> list[Role]:
    """Return the roles a user of an agency of this kind may have, in the order of Role."""
    if kind in PARTNER_KINDS:
        return list(PARTNER_ROLES)
    return list(Role)


class Language(models.TextChoices):
    """The language a person chose for what the service shows and writes to them.

    Unknown (blank) means nobody has asked yet: what is written to them is then bilingual, Welsh
    first, as the Welsh Language Standards ask. The codes are Django's language codes.
    """

    NOT_RECORDED = "", _("Not recorded yet")
    ENGLISH = "en-gb", _("English")
    WELSH = "cy", _("Welsh (Cymraeg)")


class UserManager(DjangoUserManager["User"]):
    def people(self) -> models.QuerySet[User]:
        """Return the accounts of people: never an integration's service account.

        Every list a person is chosen from (responsible officer, SPOC, handover, owner, coordinator,
        point of contact) and every list of people to alert starts here.
        """
        return self.filter(is_service_account=False)


class User(AbstractUser):
    """A professional. Survivors never have accounts."""

    # Professionals are identified by username; email is optional and never used
    # to reset a password (see the README).
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users", null=True, blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True)
    is_demo = models.BooleanField(_("synthetic demo data"), default=False)
    # Set when an admin chooses the password (a new account, or a reset): the
    # user must choose their own at their next sign-in.
    must_change_password = models.BooleanField(_("must change password at next sign-in"), default=False)
    # The language of the pages and of the mail sent to them; chosen with the language switch.
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, blank=True, default="")
    # The account an API credential acts through (safeplan.api): it cannot sign in, and nobody picks it.
    is_service_account = models.BooleanField(
        _("integration's service account"), default=False, db_default=False, editable=False
    )

    objects: ClassVar[UserManager] = UserManager()

    class Meta:
        verbose_name = _("user")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="user_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_agency_admin(self) -> bool:
        """Return True if the user may manage the users and teams of their agency."""
        return self.is_active and self.role == Role.ADMIN and self.agency_id is not None


class UndeliveredMail(models.Model):
    """Mail to a professional that could not be delivered, kept until a supervisor of the team deals with it.

    Written by safeplan.accounts.mail: at once (in the sender's transaction) when the recipient
    may not get case mail, or after the commit when the mail server refuses it. It holds what
    the mail said (a case reference and what is due, never anything about the victim).
    """

    class Kind(models.TextChoices):
        NEW_WORK = "new_work", _("New work")
        REMINDER = "reminder", _("Reminder")
        ESCALATION = "escalation", _("Overdue escalation")
        HANDOVER = "handover", _("Handover")
        BREAK_GLASS = "break_glass", _("Break-glass alert")
        # About the recipient's own account (a reset): sent whatever their role.
        ACCOUNT = "account", _("Account")

    class Reason(models.TextChoices):
        NO_ADDRESS = "no_address", _("They have no email address")
        INACTIVE = "inactive", _("Their account is deactivated")
        NOT_CASEWORK = "not_casework", _("Their role does not get case mail")
        SEND_FAILED = "send_failed", _("The mail server refused it")

    created_at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # The team whose supervisors answer for it: the case's team, or the escalating supervisor's.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    reason = models.CharField(max_length=20, choices=Reason.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["team", "resolved_at", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True, resolved_by__isnull=True)
                | models.Q(resolved_at__isnull=False, resolved_by__isnull=False),
                name="undelivered_mail_resolved_has_who",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to user {self.recipient_id}: {self.reason}"


class AuthenticatorApp(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator app whose shared secret is encrypted at rest.

    django-otp's own TOTPDevice keeps the secret as plain hex, so anyone with a copy of the
    database could make every professional's codes. This is the same device (its checks are
    django-otp's, borrowed below) with `key` (the hex secret) in an encrypted field.
    """

    key = EncryptedTextField(default=default_key)
    step: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=30)
    t0: models.BigIntegerField[int, int] = models.BigIntegerField(default=0)
    digits: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(
        choices=[(6, 6), (8, 8)], default=6
    )
    tolerance: models.PositiveSmallIntegerField[int, int] = models.PositiveSmallIntegerField(default=1)
    drift: models.SmallIntegerField[int, int] = models.SmallIntegerField(default=0)
    last_t: models.BigIntegerField[int, int] = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")

    # django-otp's TOTP logic, unchanged: it reads key, step, t0, digits, tolerance, drift and last_t.
    bin_key = TOTPDevice.bin_key
    verify_token = TOTPDevice.verify_token
    get_throttle_factor = TOTPDevice.get_throttle_factor
    config_url = TOTPDevice.config_url
    _read_str_from_settings = TOTPDevice._read_str_from_settings


class BackupCodes(TimestampMixin, ThrottlingMixin, Device):
    """A user's backup codes, kept only as keyed digests (BackupCode): the codes themselves are shown once."""

    class Meta(Device.Meta):
        verbose_name = _("backup codes")

    def get_throttle_factor(self) -> int:
        throttle: int = StaticDevice.get_throttle_factor(self)
        return throttle

    def verify_token(self, token: str) -> bool:
        """Use up the code if it is one of this device's, as django-otp's static device does."""
        allowed, _detail = self.verify_is_allowed()
        if not allowed:
            return False
        match = self.codes.filter(digest__in=backup_code_digests(token)).first()
        if match is None:
            self.throttle_increment()
            return False
        match.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class BackupCode(models.Model):
    """One unused backup code, as its digest (backup_code_digest): a copy of the database gives no code."""

    device = models.ForeignKey(BackupCodes, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"backup code {self.pk}"


class AccountReset(models.Model):
    """An admin's reset of another user's password or second factor, which only that user can complete.

    Requested by one admin and approved by another; the approval mails a one-time code to the user
    (kept here only as a keyed digest), and the user sets their own password or second factor
    with it. No admin ever holds anything that signs in as the user.
    """

    class What(models.TextChoices):
        PASSWORD = "password", _("Password")
        SECOND_FACTOR = "second_factor", _("Second factor")
        BOTH = "both", _("Password and second factor")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="resets")
    what = models.CharField(_("what to reset"), max_length=20, choices=What.choices)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    code_digest = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            # At most one reset in progress per user.
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(completed_at__isnull=True, ended_at__isnull=True),
                name="one_open_reset_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_what_display()} reset for user {self.user_id}"

    @property
    def resets_password(self) -> bool:
        return self.what in (self.What.PASSWORD, self.What.BOTH)

    @property
    def resets_second_factor(self) -> bool:
        return self.what in (self.What.SECOND_FACTOR, self.What.BOTH)

    @property
    def waiting_for_approval(self) -> bool:
        return self.approved_at is None and self.completed_at is None and self.ended_at is None

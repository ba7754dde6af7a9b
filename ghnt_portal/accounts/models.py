import hashlib
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.constants import RegionRole
from regions.models import RoleFields, check_municipality_in_region

from .constants import INVITATION_VALID_DAYS, InvitationStatus, NationalRole

ERROR_EMAIL_TAKEN = _("Er is al een gebruiker met dit e-mailadres.")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("national_role", NationalRole.BEHEERDER)
        return self._create_user(email, password, **extra_fields)

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        """E-mail addresses are stored in lower case: people type them in any case and log in
        with any case, so two accounts may not differ only in case."""
        return super().normalize_email(email).strip().lower()

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address.

    National roles live here; roles in a region are ``regions.Membership`` rows.
    """

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    national_role = models.CharField(
        _("landelijke rol"),
        max_length=20,
        choices=NationalRole.choices,
        blank=True,
        default=NationalRole.NONE,
    )
    is_active = models.BooleanField(_("actief"), default=True)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name", "email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="accounts_user_email_unique_in_any_case",
                violation_error_message=ERROR_EMAIL_TAKEN,
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def save(self, *args, **kwargs):
        self.email = type(self).objects.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_beheerder(self) -> bool:
        return self.is_active and (
            self.national_role == NationalRole.BEHEERDER or self.is_superuser
        )

    @property
    def is_landelijk(self) -> bool:
        return self.is_active and self.national_role == NationalRole.LANDELIJK

    @property
    def has_national_view(self) -> bool:
        """Beheerders and the national programme team see every region (read-only for landelijk)."""
        return self.is_beheerder or self.is_landelijk

    @property
    def is_staff(self) -> bool:
        """Only beheerders reach the content administration (Django admin)."""
        return self.is_beheerder

    def has_perm(self, perm, obj=None) -> bool:
        # The beheerder manages content and users in the admin; nothing else is granted there.
        return self.is_beheerder or super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return self.is_beheerder or super().has_module_perms(app_label)


def _default_expiry():
    return timezone.now() + timedelta(days=INVITATION_VALID_DAYS)


class InvitationQuerySet(models.QuerySet):
    def not_closed(self) -> "InvitationQuerySet":
        """Neither accepted nor withdrawn: pending or expired, so it can still be sent again."""
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True)

    def pending(self) -> "InvitationQuerySet":
        return self.not_closed().filter(expires_at__gt=timezone.now())

    def ended_before(self, moment) -> "InvitationQuerySet":
        """Accepted, withdrawn, or expired without either, before ``moment``."""
        return self.filter(
            Q(accepted_at__lt=moment)
            | Q(withdrawn_at__lt=moment)
            | Q(accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__lt=moment)
        )

    def addressed_to(self, user) -> "InvitationQuerySet":
        """Invitations sent to the user's address (in any case) or accepted by them."""
        return self.filter(models.Q(email__iexact=user.email) | models.Q(accepted_by=user))


class Invitation(RoleFields):
    """An invitation to take up a role in a region. Only a hash of the link's token is stored."""

    uuid = models.UUIDField(_("kenmerk"), default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mailadres"))
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regio"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(_("controlegetal"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    sent_at = models.DateTimeField(_("laatst verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"), default=_default_expiry)
    accepted_at = models.DateTimeField(_("aangenomen op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangenomen door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role=RegionRole.BESTUURDER) | Q(function=""),
                name="accounts_invitation_function_only_for_bestuurder",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.get_role_display()} ({self.region})"

    def clean(self):
        super().clean()
        check_municipality_in_region(self.municipality, self.region_id)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode("utf-8")).hexdigest()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return InvitationStatus.ACCEPTED
        if self.withdrawn_at:
            return InvitationStatus.WITHDRAWN
        if self.expires_at <= timezone.now():
            return InvitationStatus.EXPIRED
        return InvitationStatus.PENDING

    @property
    def is_closed(self) -> bool:
        """Accepted or withdrawn: it can no longer be sent again."""
        return self.status in (InvitationStatus.ACCEPTED, InvitationStatus.WITHDRAWN)

    def get_status_display(self) -> str:
        return InvitationStatus(self.status).label

    @property
    def is_usable(self) -> bool:
        return self.status == InvitationStatus.PENDING

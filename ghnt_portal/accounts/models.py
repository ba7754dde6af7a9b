from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .constants import NationalRole


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
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

    def __str__(self) -> str:
        return self.full_name or self.email

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

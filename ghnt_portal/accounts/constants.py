from django.db import models
from django.utils.translation import gettext_lazy as _


class NationalRole(models.TextChoices):
    NONE = "", _("geen")
    BEHEERDER = "beheerder", _("beheerder")
    LANDELIJK = "landelijk", _("landelijk programmateam")

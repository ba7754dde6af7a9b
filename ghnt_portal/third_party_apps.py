"""Third-party apps under a Dutch name in the beheer. Not in ghnt_portal/apps.py: Django picks
an app's config from its apps module only when that holds a single AppConfig subclass."""

from axes.apps import AppConfig as BaseAxesConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(BaseAxesConfig):
    verbose_name = _("Inlogbeveiliging")

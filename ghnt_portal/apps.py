from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GhntPortalConfig(AppConfig):
    name = "ghnt_portal"
    verbose_name = _("GHNT-portaal")

    def ready(self):
        from .audit.registry import register_models

        register_models()

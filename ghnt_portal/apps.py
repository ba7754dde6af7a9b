from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GhntPortalConfig(AppConfig):
    name = "ghnt_portal"
    verbose_name = _("GHNT-portaal")

    def ready(self):
        from .audit.locking import connect_locking
        from .audit.registry import register_models

        # Locking first: its pre_save check runs before the audit trail records the change.
        connect_locking()
        register_models()

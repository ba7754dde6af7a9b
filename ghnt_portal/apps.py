from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GhntPortalConfig(AppConfig):
    name = "ghnt_portal"
    verbose_name = _("GHNT-portaal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core.signals import request_finished, request_started

        from .audit.locking import connect_locking
        from .audit.registry import register_models
        from .pdf import collect_after_response, note_request_started
        from .security.middleware import mark_session_refreshed
        from .versioning import connect_frozen_guard

        user_logged_in.connect(mark_session_refreshed, dispatch_uid="mark_session_refreshed")
        # Locking first: its pre_save check runs before the audit trail records the change.
        connect_locking()
        register_models()
        connect_frozen_guard()
        request_started.connect(note_request_started, dispatch_uid="pdf_note_request_started")
        request_finished.connect(collect_after_response, dispatch_uid="pdf_collect_after_response")

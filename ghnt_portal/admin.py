"""The audit trail in the admin: django-auditlog's list, searched on this project's people."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from django.contrib import admin

admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class PortalLogEntryAdmin(LogEntryAdmin):
    """The user model has ``full_name``, no first and last name: django-auditlog's own search
    on those gave a 500 (FieldError) for any search term."""

    search_fields = ["timestamp", "object_repr", "changes", "actor__full_name", "actor__email"]

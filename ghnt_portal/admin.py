"""Third-party admins, fitted to this project: the audit trail searched on this project's people,
date drill-downs that answer a date out of range as an invalid filter instead of a 500, and no
pages of second-factor devices (the person's admin page resets them: accounts.admin)."""

from auditlog.admin import LogEntryAdmin
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class DateRangeCheckedChangeList(ChangeList):
    """Django's date drill-down makes a date from ``?<field>__year=`` without checking its range:
    a year of 9999 or of twenty digits raised ValueError or OverflowError (a 500). Now it is the
    admin's usual answer to an invalid filter (the list again, with ``?e=1``)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error


class DateRangeCheckedMixin:
    def get_changelist(self, request, **kwargs):
        return DateRangeCheckedChangeList


admin.site.unregister(LogEntry)
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(LogEntry)
class PortalLogEntryAdmin(DateRangeCheckedMixin, LogEntryAdmin):
    """The user model has ``full_name``, no first and last name: django-auditlog's own search
    on those gave a 500 (FieldError) for any search term."""

    search_fields = ["timestamp", "object_repr", "changes", "actor__full_name", "actor__email"]


for model, axes_admin in [
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    if admin.site.is_registered(model):
        admin.site.unregister(model)
        admin.site.register(
            model, type(axes_admin.__name__, (DateRangeCheckedMixin, axes_admin), {})
        )

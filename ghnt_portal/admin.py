"""Third-party admins, fitted to this project: the audit trail searched on this project's people,
date drill-downs that answer a date out of range as an invalid filter instead of a 500, no
pages of second-factor devices (the person's admin page resets them: accounts.admin), and no
groups: rights come from a person's national role and roles per region, never from a group.
The admin's yes/no icons say "ja"/"nee" to a screen reader instead of Django's "True"/"False",
django-axes' records are named in Dutch, and a delete confirmation does not list the rows of
many-to-many link tables."""

from auditlog.admin import LogEntryAdmin
from auditlog.filters import CIDFilter, ResourceTypeFilter
from auditlog.models import LogEntry
from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.views.main import ChangeList
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.templatetags.static import static
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from ghnt_portal.audit.selectors import changed_field_labels, history_rows, kind_label
from ghnt_portal.deletion import deleted_objects_without_link_tables


def _boolean_icon_in_dutch(value: bool | None) -> str:
    """Django's yes/no/unknown icon, whose text is Python's ``True``/``False``/``None`` in every
    language; Django's lists and read-only fields look it up here when they draw one."""
    name, text = {
        True: ("yes", _("ja")),
        False: ("no", _("nee")),
        None: ("unknown", _("onbekend")),
    }[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)


admin_list._boolean_icon = _boolean_icon_in_dutch
admin.ModelAdmin.get_deleted_objects = deleted_objects_without_link_tables


def _login_record_name(kind: str):
    """A name for django-axes' records, whose own is English in every language ("Access Log for
    … @ 2026-12-07 23:38:57.206180+00:00"); the admin shows it in titles, breadcrumbs and delete
    confirmations."""

    def name(record) -> str:
        moment = formats.date_format(timezone.localtime(record.attempt_time), "j F Y H:i:s")
        text = gettext("%(kind)s van %(username)s, %(moment)s") % {
            "kind": kind,
            "username": record.username or gettext("onbekend"),
            "moment": moment,
        }
        if getattr(record, "locked_out", False):
            text += gettext(" (geblokkeerd)")
        return text

    return name


AccessAttempt.__str__ = _login_record_name(_("Inlogpoging"))
AccessLog.__str__ = _login_record_name(_("Inlogmoment"))
AccessFailureLog.__str__ = _login_record_name(_("Mislukte inlog"))


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
for hidden_model in (TOTPDevice, StaticDevice, Group):
    if admin.site.is_registered(hidden_model):
        admin.site.unregister(hidden_model)


class KindFilter(ResourceTypeFilter):
    """django-auditlog's filter by kind, with the models' Dutch names instead of their class
    names ("overleg", not "governancebody")."""

    def lookups(self, request, model_admin):
        ids = model_admin.get_queryset(request).order_by().values("content_type_id").distinct()
        kinds = [
            (kind.pk, capfirst(kind_label(kind))) for kind in ContentType.objects.filter(pk__in=ids)
        ]
        return sorted(kinds, key=lambda kind: kind[1])

    def queryset(self, request, queryset):
        # django-auditlog's own filter gave a 500 for a kind that is not a number.
        if self.value() is not None and not self.value().isdigit():
            raise IncorrectLookupParameters(f"resource_type={self.value()!r}")
        return super().queryset(request, queryset)


@admin.register(LogEntry)
class PortalLogEntryAdmin(DateRangeCheckedMixin, LogEntryAdmin):
    """The user model has ``full_name``, no first and last name: django-auditlog's own search
    on those gave a 500 (FieldError) for any search term. The list says in Dutch what changed."""

    search_fields = ["timestamp", "object_repr", "changes", "actor__full_name", "actor__email"]
    list_filter = ["action", KindFilter, CIDFilter]

    @admin.display(description=_("Wijzigingen"))
    def msg_short(self, entry: LogEntry) -> str:
        if entry.action in (LogEntry.Action.DELETE, LogEntry.Action.ACCESS):
            return ""
        labels = changed_field_labels(entry)
        text = ngettext(
            "%(count)d wijziging: %(fields)s", "%(count)d wijzigingen: %(fields)s", len(labels)
        ) % {"count": len(labels), "fields": ", ".join(labels)}
        return Truncator(text).chars(90)

    @admin.display(description=_("Tijdstip"))
    def created(self, entry: LogEntry) -> str:
        return formats.date_format(timezone.localtime(entry.timestamp), "j F Y H:i:s")

    @admin.display(description=_("Wijzigingen"))
    def msg(self, entry: LogEntry) -> str:
        """The changes as the region history shows them: labels and values in Dutch."""
        changes = history_rows([entry])[0].changes
        if not changes:
            return ""
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("Veld"),
            _("Van"),
            _("Naar"),
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", changes),
        )

    @admin.display(description=_("Door"))
    def user_url(self, entry: LogEntry) -> str:
        # A change without a person (a management command, a migration) as the region history
        # says it.
        return super().user_url(entry) if entry.actor_id else _("systeem")

    @admin.display(description=_("Correlatie-ID"))
    def cid_url(self, entry: LogEntry) -> str:
        return super().cid_url(entry)


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

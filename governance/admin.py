"""The beheerder edits the checklist here. A version that an assessment uses is frozen: make a new
draft copy with the action, edit that, and publish it."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ChecklistItem, ChecklistSection, ChecklistVersion

FROZEN_HELP = _(
    "Deze versie wordt gebruikt door een checklistronde en kan niet meer worden gewijzigd. "
    "Maak met de actie 'Nieuwe conceptversie maken' een kopie om aan te passen."
)


def _frozen(obj) -> bool:
    if obj is None:
        return False
    version = obj if isinstance(obj, ChecklistVersion) else None
    if isinstance(obj, ChecklistSection):
        version = obj.version
    elif isinstance(obj, ChecklistItem):
        version = obj.section.version
    return version is not None and version.is_frozen


class FrozenVersionMixin:
    """Read-only and undeletable once the version is used by an assessment."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _frozen(obj)


class ChecklistSectionInline(FrozenVersionMixin, admin.TabularInline):
    model = ChecklistSection
    fields = ["order", "code", "title"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _frozen(obj)


class ChecklistItemInline(FrozenVersionMixin, admin.StackedInline):
    model = ChecklistItem
    fields = ["order", "code", "title", "explanation", "done_looks_like", "source"]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _frozen(obj)


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(FrozenVersionMixin, admin.ModelAdmin):
    list_display = ["number", "title", "status", "used_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "based_on", "created_at"]
    fields = ["number", "title", "status", "source", "notes", "based_on", "created_at"]
    inlines = [ChecklistSectionInline]
    actions = ["make_draft_copy", "publish"]

    @admin.display(description=_("checklistrondes"))
    def used_by(self, obj) -> int:
        return obj.assessments.count()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None and obj.is_frozen:
            self.message_user(request, FROZEN_HELP, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Nieuwe conceptversie maken (kopie van de gekozen versie)"))
    def make_draft_copy(self, request, queryset):
        for version in queryset:
            draft = services.copy_version_as_draft(version=version)
            self.message_user(
                request,
                _("Conceptversie %(number)s gemaakt op basis van versie %(source)s.")
                % {"number": draft.number, "source": version.number},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publiceren: nieuwe checklistrondes gebruiken deze versie"))
    def publish(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Kies precies één versie om te publiceren."), messages.ERROR
            )
            return
        version = queryset.get()
        try:
            services.publish_version(version=version)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request, _("Versie %(number)s is gepubliceerd.") % {"number": version.number}
        )


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(FrozenVersionMixin, admin.ModelAdmin):
    list_display = ["code", "title", "version", "order"]
    list_filter = ["version"]
    list_select_related = ["version"]
    inlines = [ChecklistItemInline]

    def get_readonly_fields(self, request, obj=None):
        return ["version"] if obj else []


@admin.register(ChecklistItem)
class ChecklistItemAdmin(FrozenVersionMixin, admin.ModelAdmin):
    list_display = ["code", "title", "section", "source"]
    list_filter = ["section__version"]
    search_fields = ["code", "title", "explanation"]
    list_select_related = ["section__version"]

    def get_readonly_fields(self, request, obj=None):
        return ["section"] if obj else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            # New items only go into versions that no assessment uses yet.
            kwargs["queryset"] = ChecklistSection.objects.filter(
                version__assessments__isnull=True
            ).select_related("version")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

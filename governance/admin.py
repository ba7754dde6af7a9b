"""The beheerder edits the checklist here. A version that an assessment uses is frozen: make a new
draft copy with the action, edit that, and publish it."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from ghnt_portal.versioning_admin import (
    FrozenAdminMixin,
    VersionedContentForm,
    VersionedContentInlineMixin,
    copy_action,
    publish_action,
)

from . import services
from .models import ChecklistItem, ChecklistSection, ChecklistVersion

FROZEN_HELP = _(
    "Deze versie wordt gebruikt door een checklistronde of een vergaderagenda en kan niet meer "
    "worden gewijzigd. "
    "Maak met de actie 'Nieuwe conceptversie maken' een kopie om aan te passen."
)


ERROR_CODE_IN_VERSION = _("Deze code is in deze versie al gebruikt door een ander checklistpunt.")


class ChecklistItemForm(VersionedContentForm):
    """An item's code is unique in its section by the database, but a new round takes over the
    previous round's answers by code and the report compares by it: another section of the same
    version may not have it either (the loader keeps to the sections, see governance.reference)."""

    def clean(self):
        cleaned_data = super().clean()
        section = cleaned_data.get("section") or (
            self.instance.section if self.instance.section_id else None
        )
        code = cleaned_data.get("code")
        if section is not None and code:
            elsewhere = ChecklistItem.objects.filter(section__version=section.version_id, code=code)
            # A section added on this page is not saved yet: every point found is elsewhere.
            if elsewhere.exclude(section_id=section.pk).exists():
                self.add_error("code", ERROR_CODE_IN_VERSION)
        return cleaned_data


class ChecklistSectionInline(VersionedContentInlineMixin, admin.TabularInline):
    model = ChecklistSection
    fields = ["order", "code", "title"]
    extra = 0
    show_change_link = True


class ChecklistItemInline(VersionedContentInlineMixin, admin.StackedInline):
    model = ChecklistItem
    form = ChecklistItemForm
    fields = ["order", "code", "title", "explanation", "done_looks_like", "source"]
    extra = 0


@admin.register(ChecklistVersion)
class ChecklistVersionAdmin(FrozenAdminMixin, admin.ModelAdmin):
    frozen_help = FROZEN_HELP
    list_display = ["number", "title", "status", "used_by", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "based_on", "created_at"]
    fields = ["number", "title", "status", "source", "notes", "based_on", "created_at"]
    inlines = [ChecklistSectionInline]
    actions = [
        copy_action(
            lambda version: services.copy_version_as_draft(version=version),
            description=_("Nieuwe conceptversie maken (kopie van de gekozen versie)"),
            message=_("Conceptversie %(number)s gemaakt op basis van versie %(source)s."),
        ),
        # Publishing archives the other versions: one at a time.
        publish_action(
            lambda version: services.publish_version(version=version),
            description=_("Publiceren: nieuwe checklistrondes gebruiken deze versie"),
            only_one=True,
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(assessment_count=Count("assessments"))

    @admin.display(description=_("checklistrondes"))
    def used_by(self, obj) -> int:
        return obj.assessment_count


@admin.register(ChecklistSection)
class ChecklistSectionAdmin(FrozenAdminMixin, admin.ModelAdmin):
    frozen_help = FROZEN_HELP
    list_display = ["code", "title", "version", "order"]
    list_filter = ["version"]
    list_select_related = ["version"]
    inlines = [ChecklistItemInline]

    def get_readonly_fields(self, request, obj=None):
        return ["version"] if obj else []


@admin.register(ChecklistItem)
class ChecklistItemAdmin(FrozenAdminMixin, admin.ModelAdmin):
    frozen_help = FROZEN_HELP
    form = ChecklistItemForm
    list_display = ["code", "title", "section", "source"]
    list_filter = ["section__version"]
    search_fields = ["code", "title", "explanation"]
    list_select_related = ["section__version"]

    def get_readonly_fields(self, request, obj=None):
        return ["section"] if obj else []

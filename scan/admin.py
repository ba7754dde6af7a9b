"""Content management of the B&W-scan for the beheerder.

Responses and answers are deliberately NOT registered: they are private to their author.
A version somebody answered is read-only here; "nieuwe versie maken" copies it into a draft.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Question, Questionnaire, Theme


def _frozen(obj) -> bool:
    if obj is None:
        return False
    questionnaire = obj if isinstance(obj, Questionnaire) else obj.questionnaire
    return questionnaire.is_frozen


class FrozenReadOnlyMixin:
    """No changes, additions or deletions once the version has responses."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _frozen(obj)


class FrozenInlineMixin:
    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _frozen(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _frozen(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _frozen(obj)


class ThemeInline(FrozenInlineMixin, admin.TabularInline):
    model = Theme
    fields = ["order", "key", "title", "introduction"]
    extra = 0
    show_change_link = True


class QuestionInline(FrozenInlineMixin, admin.StackedInline):
    model = Question
    fields = [
        ("order", "key", "audience"),
        "text",
        "why",
        "deepening",
        "tips",
        "source",
    ]
    extra = 0


@admin.register(Questionnaire)
class QuestionnaireAdmin(FrozenReadOnlyMixin, admin.ModelAdmin):
    list_display = ["version", "title", "is_published", "published_at", "frozen"]
    fields = ["version", "title", "introduction", "is_published", "published_at"]
    readonly_fields = ["is_published", "published_at"]
    inlines = [ThemeInline]
    actions = ["make_new_version", "publish"]

    @admin.display(boolean=True, description=_("bevroren (al ingevuld)"))
    def frozen(self, obj):
        return obj.is_frozen

    @admin.action(description=_("Nieuwe versie maken (kopie als concept)"))
    def make_new_version(self, request, queryset):
        for questionnaire in queryset:
            draft = services.copy_questionnaire(questionnaire=questionnaire)
            self.message_user(
                request,
                _("Versie %(version)s aangemaakt als concept.") % {"version": draft.version},
                messages.SUCCESS,
            )

    @admin.action(description=_("Publiceren: nieuwe scans gebruiken deze versie"))
    def publish(self, request, queryset):
        for questionnaire in queryset:
            try:
                services.publish_questionnaire(questionnaire=questionnaire)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Versie %(version)s is gepubliceerd.") % {"version": questionnaire.version},
                    messages.SUCCESS,
                )


@admin.register(Theme)
class ThemeAdmin(FrozenReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "questionnaire", "order"]
    list_filter = ["questionnaire"]
    list_select_related = ["questionnaire"]
    fields = ["questionnaire", "order", "key", "title", "introduction"]
    inlines = [QuestionInline]

    def get_readonly_fields(self, request, obj=None):
        # Moving a theme to another version would leave its questions behind.
        return ["questionnaire"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "questionnaire":
            kwargs["queryset"] = Questionnaire.objects.filter(responses__isnull=True).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Question)
class QuestionAdmin(FrozenReadOnlyMixin, admin.ModelAdmin):
    list_display = ["text", "theme", "audience", "questionnaire"]
    list_filter = ["questionnaire", "audience"]
    list_select_related = ["theme", "questionnaire"]
    search_fields = ["text", "source"]
    fields = ["theme", "order", "key", "audience", "text", "why", "deepening", "tips", "source"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "theme":
            kwargs["queryset"] = Theme.objects.filter(
                questionnaire__responses__isnull=True
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

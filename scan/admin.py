"""Content management of the B&W-scan for the beheerder.

Responses and answers are deliberately NOT registered: they are private to their author.
A version somebody answered, or a published one, is read-only here; "nieuwe versie maken" copies
it into a draft.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ghnt_portal.versioning_admin import (
    FrozenAdminMixin,
    VersionedContentInlineMixin,
    copy_action,
    publish_action,
)

from . import services
from .models import Question, Questionnaire, Theme

FROZEN_HELP = _(
    "Deze versie is al gebruikt door een scan of een scansessie en kan niet meer worden "
    "gewijzigd: eerdere antwoorden houden zo hun vragen. "
    "Maak met de actie 'Nieuwe versie maken' een kopie om aan te passen."
)


class ThemeInline(VersionedContentInlineMixin, admin.TabularInline):
    model = Theme
    fields = ["order", "key", "title", "introduction"]
    extra = 0
    show_change_link = True


class QuestionInline(VersionedContentInlineMixin, admin.StackedInline):
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
class QuestionnaireAdmin(FrozenAdminMixin, admin.ModelAdmin):
    frozen_help = FROZEN_HELP
    list_display = ["version", "title", "is_published", "published_at", "frozen"]
    fields = ["version", "title", "introduction", "is_published", "published_at"]
    readonly_fields = ["is_published", "published_at"]
    inlines = [ThemeInline]
    actions = [
        copy_action(
            lambda questionnaire: services.copy_questionnaire(questionnaire=questionnaire),
            name="make_new_version",
            description=_("Nieuwe versie maken (kopie als concept)"),
            message=_("Versie %(number)s aangemaakt als concept."),
        ),
        publish_action(
            lambda questionnaire: services.publish_questionnaire(questionnaire=questionnaire),
            description=_("Publiceren: nieuwe scans gebruiken deze versie"),
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_in_use()

    @admin.display(boolean=True, description=_("bevroren (al ingevuld)"))
    def frozen(self, obj):
        return obj.in_use


@admin.register(Theme)
class ThemeAdmin(FrozenAdminMixin, admin.ModelAdmin):
    frozen_help = FROZEN_HELP
    list_display = ["title", "questionnaire", "order"]
    list_filter = ["questionnaire"]
    list_select_related = ["questionnaire"]
    fields = ["questionnaire", "order", "key", "title", "introduction"]
    inlines = [QuestionInline]

    def get_readonly_fields(self, request, obj=None):
        # Moving a theme to another version would leave its questions behind.
        return ["questionnaire"] if obj is not None else []


@admin.register(Question)
class QuestionAdmin(FrozenAdminMixin, admin.ModelAdmin):
    frozen_help = FROZEN_HELP
    list_display = ["text", "theme", "audience", "questionnaire"]
    list_filter = ["questionnaire", "audience"]
    list_select_related = ["theme", "questionnaire"]
    search_fields = ["text", "source"]
    fields = ["theme", "order", "key", "audience", "text", "why", "deepening", "tips", "source"]

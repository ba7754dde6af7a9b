from django.contrib import admin

from .models import BodyForm, Domain, Membership, Municipality, OrganisationType, Region


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "is_core", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OrganisationType, BodyForm)
class ReferenceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "centrumgemeente", "is_active"]
    search_fields = ["name", "centrumgemeente"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "inhabitants", "region"]
    list_filter = ["region"]
    search_fields = ["name", "cbs_code"]
    list_select_related = ["region"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "role", "function", "municipality"]
    list_filter = ["role", "region"]
    list_select_related = ["user", "region", "municipality"]
    autocomplete_fields = ["user"]

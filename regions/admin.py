"""The beheerder's content management for the registry (Django admin at /beheer/).

Besides plain editing (rename a region here): merge and split regions, and import
municipalities from a CSV file with a preview before anything is saved.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ghnt_portal.accounts.forms import MembershipAdminForm
from ghnt_portal.deletion import DeletionImpactAdminMixin
from ghnt_portal.forms import add_service_errors
from ghnt_portal.inline_admin import ChoicesOnceInlineMixin

from . import municipality_import, region_admin_services
from .models import (
    BodyForm,
    Domain,
    GovernanceBody,
    Membership,
    Municipality,
    NationalFigure,
    OrganisationType,
    PartnerOrganisation,
    Region,
    RegionalFigure,
    Seat,
)
from .services import follow_moved_municipalities, partner_delete, seat_delete

SHIPPED_ROW_HELP = _(
    "Deze rij komt uit de bestanden van het portaal en wordt bij elke release weer gelijk "
    "gemaakt aan die bestanden: een wijziging hier zou dan verloren gaan. Heeft u iets anders "
    "nodig, voeg dan zelf een rij toe."
)
IMPORT_SESSION_KEY = "regions_municipality_import"
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ShippedRowAdminMixin:
    """A row loaded from the repository's files (``shipped``) is read-only, with a message that
    says why: load_reference_content puts the file's values back after every release. It may be
    deleted, to replace a row the files no longer ship but something still uses."""

    def has_change_permission(self, request, obj=None):
        shipped = obj is not None and obj.shipped
        return super().has_change_permission(request, obj) and not shipped

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None and obj.shipped:
            self.message_user(request, SHIPPED_ROW_HELP, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Domain)
class DomainAdmin(ShippedRowAdminMixin, admin.ModelAdmin):
    list_display = ["name", "group", "is_core", "order", "shipped"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(OrganisationType, BodyForm)
class ReferenceItemAdmin(ShippedRowAdminMixin, admin.ModelAdmin):
    list_display = ["name", "order", "shipped"]
    prepopulated_fields = {"slug": ["name"]}


def person_label(user) -> str:
    """A person in a select: name and e-mail address."""
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Samenvoegen met"),
        queryset=Region.objects.none(),
        help_text=_("Deze regio blijft bestaan en krijgt alles van de andere regio."),
    )
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat de regio hierna verdwijnt."),
        required=True,
        error_messages={"required": _("Bevestig dat de regio mag verdwijnen.")},
    )

    def __init__(self, *args, source: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Region.objects.exclude(pk=source.pk)


class SplitForm(forms.ModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Gemeenten die naar de nieuwe regio gaan"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Region
        fields = ["name", "slug", "centrumgemeente", "description"]
        labels = {"name": _("Naam van de nieuwe regio")}

    def __init__(self, *args, source: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = source.municipalities.order_by("name")


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "centrumgemeente", "is_active"]
    search_fields = ["name", "centrumgemeente"]
    prepopulated_fields = {"slug": ["name"]}
    actions = ["merge_action", "split_action"]
    change_form_template = "admin/regions/region/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/samenvoegen/", view(self.merge_view), name="regions_region_merge"),
            path("<int:pk>/splitsen/", view(self.split_view), name="regions_region_split"),
            *super().get_urls(),
        ]

    def _one(self, request, queryset) -> Region | None:
        if queryset.count() != 1:
            self.message_user(request, _("Kies precies één regio."), messages.ERROR)
            return None
        return queryset.get()

    @admin.action(description=_("Samenvoegen met een andere regio"))
    def merge_action(self, request, queryset):
        region = self._one(request, queryset)
        if region is not None:
            return redirect("admin:regions_region_merge", pk=region.pk)
        return None

    @admin.action(description=_("Splitsen: een deel van de gemeenten naar een nieuwe regio"))
    def split_action(self, request, queryset):
        region = self._one(request, queryset)
        if region is not None:
            return redirect("admin:regions_region_split", pk=region.pk)
        return None

    def _source(self, request, pk) -> Region:
        source = get_object_or_404(Region, pk=pk)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        return source

    def _context(self, request, source, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": source,
            "title": title,
            **extra,
        }

    def merge_view(self, request, pk):
        source = self._source(request, pk)
        form = MergeForm(request.POST or None, source=source)
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                result = region_admin_services.merge_regions(source=source, target=target)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(
                    request,
                    _(
                        "%(source)s is samengevoegd met %(target)s: %(municipalities)s gemeenten, "
                        "%(bodies)s overleggen, %(partners)s partners en %(memberships)s rollen "
                        "verplaatst; %(skipped)s dubbele rollen overgeslagen."
                    )
                    % {
                        "source": source.name,
                        "target": target.name,
                        "municipalities": result.municipalities,
                        "bodies": result.bodies,
                        "partners": result.partners + result.partners_combined,
                        "memberships": result.memberships,
                        "skipped": result.memberships_skipped,
                    },
                    messages.SUCCESS,
                )
                return redirect("admin:regions_region_change", target.pk)
        context = self._context(
            request,
            source,
            _("%(region)s samenvoegen") % {"region": source.name},
            form=form,
            preview=region_admin_services.merge_preview(source=source),
        )
        return TemplateResponse(request, "admin/regions/region/merge.html", context)

    def split_view(self, request, pk):
        source = self._source(request, pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SplitForm(request.POST or None, source=source)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                result = region_admin_services.split_region(
                    source=source,
                    name=data["name"],
                    slug=data["slug"],
                    centrumgemeente=data["centrumgemeente"],
                    description=data["description"],
                    municipalities=list(data["municipalities"]),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                self.message_user(request, result.message, messages.SUCCESS)
                return redirect("admin:regions_region_change", result.region.pk)
        context = self._context(
            request, source, _("%(region)s splitsen") % {"region": source.name}, form=form
        )
        return TemplateResponse(request, "admin/regions/region/split.html", context)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Kolommen: CBS-code, naam, inwoners, regio (naam of code in het webadres); scheiding "
            "met puntkomma, komma of tab. Een CSV uit Excel kan zoals Excel hem opslaat. U ziet "
            "eerst wat er verandert."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("Het bestand is groter dan 2 MB."))
        return upload


@admin.register(Municipality)
class MunicipalityAdmin(DeletionImpactAdminMixin, admin.ModelAdmin):
    list_display = ["name", "cbs_code", "inhabitants", "region"]
    list_filter = ["region"]
    search_fields = ["name", "cbs_code"]
    list_select_related = ["region"]
    change_list_template = "admin/regions/municipality/change_list.html"

    def save_model(self, request, obj, form, change):
        """A municipality moved to another region here takes its bestuurders along and leaves
        the old region's other seats, roles and invitations, as a split or an import does."""
        super().save_model(request, obj, form, change)  # in the change view's transaction
        if change and "region" in form.changed_data:
            moved = follow_moved_municipalities([obj.pk])
            if moved.message:
                self.message_user(request, moved.message, messages.WARNING)

    def get_urls(self):
        return [
            path(
                "importeren/",
                self.admin_site.admin_view(self.import_view),
                name="regions_municipality_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload -> preview (file kept in the session) -> confirm -> saved in one go."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = ImportUploadForm()
        plan = None
        if request.method == "POST" and "confirm" in request.POST:
            text = request.session.get(IMPORT_SESSION_KEY)
            if text is None:
                self.message_user(
                    request, _("Upload het bestand opnieuw; de voorbeeldweergave is verlopen.")
                )
                return redirect("admin:regions_municipality_import")
            # Checked again: the registry may have changed since the preview.
            plan = municipality_import.parse(text)
            if plan.is_valid:
                result = municipality_import.apply(plan)
                del request.session[IMPORT_SESSION_KEY]
                self.message_user(request, result.message, messages.SUCCESS)
                return redirect("admin:regions_municipality_changelist")
        elif request.method == "POST":
            form = ImportUploadForm(request.POST, request.FILES)
            if form.is_valid():
                data = form.cleaned_data["file"].read()
                plan = municipality_import.parse_bytes(data)
                if plan.is_valid:
                    request.session[IMPORT_SESSION_KEY] = municipality_import.decode(data)
                else:
                    request.session.pop(IMPORT_SESSION_KEY, None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Gemeenten importeren"),
            "form": form,
            "plan": plan,
        }
        return TemplateResponse(request, "admin/regions/municipality/import.html", context)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Roles are added here; they are changed and withdrawn on the person's page, which keeps
    every region led by an active projectleider."""

    form = MembershipAdminForm
    fields = ["user", "region", "role", "function", "portfolio", "municipality"]
    list_display = ["user", "region", "role", "function", "municipality"]
    list_filter = ["role", "region"]
    list_select_related = ["user", "region", "municipality"]
    search_fields = ["user__email", "user__full_name", "region__name"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            # A plain select (autocomplete needs JavaScript): the address tells two people with
            # the same name apart.
            field.queryset = field.queryset.order_by("full_name", "email")
            field.label_from_instance = person_label
        return field

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(DeletionImpactAdminMixin, admin.ModelAdmin):
    list_display = ["name", "organisation_type", "region"]
    list_filter = ["organisation_type", "region"]
    list_select_related = ["organisation_type", "region"]
    search_fields = ["name"]

    def delete_model(self, request, obj):
        """Deleted as in the portal: the seats that represented it stay, without whom."""
        partner_delete(partner=obj)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for partner in queryset:
            partner_delete(partner=partner)


class SeatInlineFormSet(BaseInlineFormSet):
    def delete_existing(self, obj, commit=True):
        """A seat deleted here keeps the person in past meetings and rounds, as in the portal."""
        if commit:
            seat_delete(seat=obj)


class SeatInline(ChoicesOnceInlineMixin, admin.TabularInline):
    model = Seat
    formset = SeatInlineFormSet
    extra = 0
    fields = ["person_name", "person_function", "seat_role", "membership", "domain"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("body")  # for __str__


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "form", "kind"]
    list_filter = ["form", "kind", "region"]
    list_select_related = ["region", "form"]
    search_fields = ["name"]
    inlines = [SeatInline]


@admin.register(RegionalFigure)
class RegionalFigureAdmin(admin.ModelAdmin):
    list_display = ["region", "kind", "label", "year", "value", "source", "in_report"]
    list_filter = ["kind", "year", "in_report", "region"]
    list_select_related = ["region"]
    search_fields = ["region__name", "label", "source"]


@admin.register(NationalFigure)
class NationalFigureAdmin(ShippedRowAdminMixin, admin.ModelAdmin):
    """Shipped figures follow their file (load_reference_content), so they are read-only here;
    figures added here stay."""

    list_display = ["kind", "year", "value", "source", "shipped"]
    list_filter = ["kind"]

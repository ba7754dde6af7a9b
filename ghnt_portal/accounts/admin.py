from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from ghnt_portal.inline_admin import ChoicesOnceInlineMixin
from regions.constants import RegionRole
from regions.models import Membership

from .models import ERROR_EMAIL_TAKEN, Invitation, User
from .services import check_regions_keep_a_projectleider


class EmailInAnyCaseUniqueMixin:
    """Store the address in lower case and refuse one that another account has in any case.

    Needed although the model refuses it too: Django puts the clash with the ``Lower("email")``
    constraint above the form (a constraint on an expression names no field) and reports it a
    second time at the field through ``unique=True``. Refused here first, the field fails, so
    Django skips both and the message appears once, at the field.
    """

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(ERROR_EMAIL_TAKEN, code="unique")
        return email


class UserCreationForm(EmailInAnyCaseUniqueMixin, AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ["email", "full_name"]


class UserEditForm(EmailInAnyCaseUniqueMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = "__all__"

    def clean(self):
        """A region's only active projectleider cannot be switched off."""
        cleaned_data = super().clean()
        if "is_active" in cleaned_data and not cleaned_data["is_active"]:
            try:
                check_regions_keep_a_projectleider(user=self.instance, leads_region_ids=[])
            except ValidationError as error:
                self.add_error("is_active", error)
        return cleaned_data


class MembershipInlineFormSet(BaseInlineFormSet):
    def clean(self):
        """The roles as saved must keep every region the person alone leads led."""
        super().clean()
        if any(self.errors):
            return
        leads_region_ids = [
            form.cleaned_data["region"].pk
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and form.cleaned_data["role"] == RegionRole.PROJECTLEIDER
        ]
        check_regions_keep_a_projectleider(user=self.instance, leads_region_ids=leads_region_ids)


class MembershipInline(ChoicesOnceInlineMixin, admin.TabularInline):
    """The person's roles per region, edited on the person's page."""

    model = Membership
    formset = MembershipInlineFormSet
    # One empty row and plain selects: Django's "add another" link and autocomplete need
    # JavaScript, and without it no role could be given.
    extra = 1
    fields = ["region", "role", "function", "portfolio", "municipality"]
    verbose_name = _("rol in een regio")
    verbose_name_plural = _("rollen in regio's")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "region")  # for __str__


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "full_name", "national_role", "is_active", "last_login"]
    list_filter = ["national_role", "is_active", "memberships__role"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["full_name", "national_role", "is_active"]}),
        (_("Datums"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["email", "full_name", "usable_password", "password1", "password2"],
            },
        ),
    ]
    readonly_fields = ["last_login", "date_joined"]
    filter_horizontal = []
    inlines = [MembershipInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    def get_actions(self, request):
        """No bulk delete: a person is removed one at a time, through the AVG removal."""
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        """Remove a person through the AVG removal screen (privacy): it keeps every region led by
        a projectleider, asks what happens to the person's seats and removes their invitations.
        """
        person = self.get_object(request, unquote(object_id))
        if person is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return redirect("privacy:remove_user", user_pk=person.pk)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "region", "role", "invited_by", "created_at", "status_label"]
    list_filter = ["role", "region"]
    list_select_related = ["region", "invited_by"]
    search_fields = ["email", "region__name"]
    readonly_fields = [
        "email",
        "region",
        "role",
        "function",
        "portfolio",
        "municipality",
        "invited_by",
        "created_at",
        "sent_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
        "withdrawn_at",
    ]
    exclude = ["token_hash"]

    @admin.display(description=_("status"))
    def status_label(self, obj: Invitation) -> str:
        return obj.get_status_display()

    def has_add_permission(self, request) -> bool:
        # Invitations are sent from the region's people page, which mails the link.
        return False

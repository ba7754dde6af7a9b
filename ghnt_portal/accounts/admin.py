from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from regions.models import Membership

from .models import ERROR_EMAIL_TAKEN, Invitation, User


class EmailInAnyCaseUniqueMixin:
    """Store the address in lower case and refuse one that another account has in any case."""

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


class MembershipInline(admin.TabularInline):
    """The person's roles per region, edited on the person's page."""

    model = Membership
    extra = 0
    fields = ["region", "role", "function", "portfolio", "municipality"]
    autocomplete_fields = ["region", "municipality"]
    verbose_name = _("rol in een regio")
    verbose_name_plural = _("rollen in regio's")


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

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    AdminUserCreationForm,
    SetUnusablePasswordMixin,
    UserChangeForm,
)
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ghnt_portal.inline_admin import ChoicesOnceInlineMixin
from ghnt_portal.security.selectors import SignInState, sign_in_state
from ghnt_portal.security.services import lift_login_lock, reset_two_factor
from regions.constants import RegionRole
from regions.models import Membership
from scan.services import withdraw_shares_without_role

from .forms import MembershipAdminForm
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


class PasswordChangeForm(AdminPasswordChangeForm):
    """Django appends the warning to the help text in English, outside its catalog."""

    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("Uitgeschakeld? Dan gaat het huidige wachtwoord van deze gebruiker verloren."),
    )


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
    form = MembershipAdminForm
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
    change_password_form = PasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "full_name", "national_role", "is_active", "last_login"]
    list_filter = ["national_role", "is_active", "memberships__role"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Persoon"), {"fields": ["full_name", "national_role", "is_active"]}),
        (_("Inloggen"), {"fields": ["two_factor_state", "login_lock_state"]}),
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
    readonly_fields = ["two_factor_state", "login_lock_state", "last_login", "date_joined"]
    filter_horizontal = []
    inlines = [MembershipInline]
    change_form_template = "admin/accounts/user/change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/tweestapsverificatie-resetten/",
                view(self.reset_two_factor_view),
                name="accounts_user_reset_two_factor",
            ),
            path(
                "<int:pk>/blokkade-opheffen/",
                view(self.lift_login_lock_view),
                name="accounts_user_lift_login_lock",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:  # the buttons of the change form
            context["sign_in"] = self._sign_in(obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _sign_in(self, person: User) -> SignInState:
        # Read once per request: the two fields and the change form's buttons ask the same
        # object.
        if getattr(person, "_sign_in_state", None) is None:
            person._sign_in_state = sign_in_state(person)
        return person._sign_in_state

    @admin.display(description=_("tweestapsverificatie"))
    def two_factor_state(self, person: User) -> str:
        state = self._sign_in(person)
        if not state.has_two_factor:
            return gettext("niet ingesteld")
        codes = ngettext(
            "%(count)d back-upcode over", "%(count)d back-upcodes over", state.backup_codes_left
        ) % {"count": state.backup_codes_left}
        if state.has_app:
            return gettext("ingesteld met een authenticator-app; %(codes)s") % {"codes": codes}
        return gettext("geen authenticator-app; %(codes)s") % {"codes": codes}

    @admin.display(description=_("inlogblokkade"))
    def login_lock_state(self, person: User) -> str:
        state = self._sign_in(person)
        if not state.locked:
            return gettext("geen")
        if state.locked_until is None:
            return gettext("geblokkeerd na te veel mislukte pogingen, tot de beheerder dat opheft")
        until = formats.date_format(timezone.localtime(state.locked_until), "j F Y H:i")
        return gettext("geblokkeerd na te veel mislukte pogingen, tot %(moment)s") % {
            "moment": until
        }

    def reset_two_factor_view(self, request, pk):
        return self._sign_in_action(
            request,
            pk,
            title=_("Tweestapsverificatie van %(person)s resetten"),
            explanation=_(
                "De authenticator-app en de back-upcodes van deze persoon worden verwijderd. Bij "
                "de volgende keer inloggen stelt die de tweestapsverificatie opnieuw in. Doe dit "
                "alleen als u zeker weet dat u met de persoon zelf spreekt, bijvoorbeeld na een "
                "telefoontje naar een nummer dat u al kende."
            ),
            button=_("Tweestapsverificatie resetten"),
            applies=lambda state: state.has_two_factor,
            nothing_to_do=_("%(person)s heeft geen tweestapsverificatie ingesteld."),
            perform=reset_two_factor,
            done=_("De tweestapsverificatie van %(person)s is gereset."),
        )

    def lift_login_lock_view(self, request, pk):
        return self._sign_in_action(
            request,
            pk,
            title=_("Inlogblokkade van %(person)s opheffen"),
            explanation=_(
                "De mislukte inlogpogingen van dit e-mailadres worden vergeten, vanaf elk "
                "IP-adres: de persoon kan meteen weer inloggen."
            ),
            button=_("Blokkade opheffen"),
            applies=lambda state: state.locked,
            nothing_to_do=_("%(person)s is niet geblokkeerd."),
            perform=lift_login_lock,
            done=_("De inlogblokkade van %(person)s is opgeheven."),
        )

    def _sign_in_action(
        self, request, pk, *, title, explanation, button, applies, nothing_to_do, perform, done
    ):
        """A confirmation page (GET) and the action (POST) on someone else's sign-in, recorded
        in the person's admin history. One's own second factor is changed from the site."""
        person = self.get_object(request, str(pk))
        if person is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, str(pk))
        if not self.has_change_permission(request, person) or person.pk == request.user.pk:
            raise PermissionDenied
        names = {"person": person.full_name or person.email}
        if not applies(self._sign_in(person)):
            self.message_user(request, nothing_to_do % names, messages.INFO)
            return redirect("admin:accounts_user_change", person.pk)
        if request.method == "POST":
            perform(user=person)
            self.log_change(request, person, str(done % names))
            self.message_user(request, done % names, messages.SUCCESS)
            return redirect("admin:accounts_user_change", person.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": person,
            "title": title % names,
            "explanation": explanation,
            "button": button,
        }
        return TemplateResponse(request, "admin/accounts/user/sign_in_action.html", context)

    def save_related(self, request, form, formsets, change):
        """A role removed or changed here, or the account switched off, withdraws what the
        person shared in scan sessions they no longer belong to, as the portal does."""
        super().save_related(request, form, formsets, change)
        if change:
            withdraw_shares_without_role(user_ids=[form.instance.pk])

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

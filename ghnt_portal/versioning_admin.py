"""Admin of versioned content (``ghnt_portal.versioning``): a version in use, published or loaded
from the repository's files is read-only with its content, new content only goes into the
beheerder's own drafts nobody uses, and two actions copy a version into a draft and publish one.
Each app gives them their Dutch descriptions."""

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import UniqueConstraint
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from .versioning import FrozenContentError, Version, content_owner, editable, is_locked, version_of

ERROR_PUBLISH_ONE = _("Kies precies één versie om te publiceren.")
ERROR_FROZEN = _(
    "Niet opgeslagen: deze versie is intussen beantwoord en kan niet meer veranderen. "
    "Maak er een conceptkopie van en wijzig die."
)
PUBLISHED = _("Versie %(number)s is gepubliceerd.")
PUBLISHED_HELP = _(
    "Deze versie is gepubliceerd: wie nu begint, gebruikt haar. Daarom verandert ze niet meer. "
    "Maak er een conceptkopie van, wijzig die en publiceer haar."
)
SHIPPED_HELP = _(
    "Deze versie komt uit de bestanden van het portaal en wordt bij elke release weer gelijk "
    "gemaakt aan die bestanden. Maak er een conceptkopie van om haar te wijzigen."
)


def _parents_outside(form: forms.ModelForm) -> set[str]:
    """The keys to a version or its content that are no field of ``form``: read-only on a change
    page, or not editable at all (a question's questionnaire follows its theme)."""
    return {
        field.name
        for field in form._meta.model._meta.concrete_fields
        if field.many_to_one
        and _is_versioned(field.related_model)
        and field.name not in form.fields
    }


def _unique_on_parents(model, parents: set[str]) -> list[UniqueConstraint]:
    return [
        constraint
        for constraint in model._meta.constraints
        if isinstance(constraint, UniqueConstraint) and parents & set(constraint.fields)
    ]


class VersionedContentForm(forms.ModelForm):
    """Checks the codes that are unique per version (or parent) also when the version is no field
    of the form: Django skips a unique constraint on a field it leaves out, and the save then
    failed in the database (a 500) instead of showing the error on the page."""

    def _post_clean(self):
        super()._post_clean()
        parents = _parents_outside(self)
        exclude = self._get_validation_exclusions() - parents
        errors = []
        for constraint in _unique_on_parents(self._meta.model, parents):
            try:
                constraint.validate(self._meta.model, self.instance, exclude=exclude)
            except ValidationError as error:
                errors.append(error)
        if errors:
            self._update_errors(ValidationError(errors))


class VersionedContentInlineFormSet(BaseInlineFormSet):
    """Two new rows with the same code in one save: each form checks the database only, and Django
    compares the rows only on constraints whose fields are all in the form."""

    def clean(self):
        super().clean()
        if not self.forms:
            return
        parents = _parents_outside(self.forms[0])
        for constraint in _unique_on_parents(self.model, parents):
            in_form = [name for name in constraint.fields if name not in parents]
            seen = set()
            for form in self.forms:
                data = getattr(form, "cleaned_data", None)
                if not data or self._should_delete_form(form):
                    continue
                row = tuple(data.get(name) for name in in_form)
                if None in row:
                    continue
                if row in seen:
                    form._errors[NON_FIELD_ERRORS] = self.error_class([self.get_form_error()])
                    raise ValidationError(self.get_unique_error_message(in_form))
                seen.add(row)

    def get_unique_error_message(self, unique_check):
        """Django names the fields by their code name ("key"); the beheerder reads Dutch."""
        labels = [str(self.model._meta.get_field(name).verbose_name) for name in unique_check]
        return super().get_unique_error_message(labels)


class VersionedContentInlineMixin:
    form = VersionedContentForm
    formset = VersionedContentInlineFormSet


class FrozenAdminMixin:
    """For the admin of a version or its content: no changes or deletions once it is in use,
    published, or loaded from the files (Django then shows its inlines read-only too, without a
    way to add one), with a message that says why, and a new piece of content can only be put in
    a version (or parent) that may change."""

    form = VersionedContentForm

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(obj)

    def get_readonly_fields(self, request, obj=None):
        """A version's number is given when it is made, after the highest (see save_model): typed
        in, a draft could get 0 or a number below the published version's."""
        fields = list(super().get_readonly_fields(request, obj))
        if issubclass(self.model, Version) and self.model.number_field not in fields:
            fields.append(self.model.number_field)
        return fields

    def save_model(self, request, obj, form, change):
        if isinstance(obj, Version) and obj.pk is None:
            setattr(obj, obj.number_field, obj.next_number())
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(obj)

    #: why a version in use is read-only, in the app's words (None: no message)
    frozen_help = None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if request.method == "GET" and obj is not None:
            reason = self._why_read_only(version_of(obj))
            if reason:
                self.message_user(request, reason, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def _why_read_only(self, version: Version):
        """The one message that says why the page is read-only, or None when it is not."""
        if version.is_shipped:
            return SHIPPED_HELP
        if version.is_frozen:
            return self.frozen_help
        if version.is_live:
            return PUBLISHED_HELP
        return None

    def changeform_view(self, request, *args, **kwargs):
        return self._refusing_frozen(request, super().changeform_view, *args, **kwargs)

    def delete_view(self, request, *args, **kwargs):
        return self._refusing_frozen(request, super().delete_view, *args, **kwargs)

    def _refusing_frozen(self, request, view, *args, **kwargs):
        """The view, or back to the same page with a message when the model refuses the write
        because the version was answered after the checks above (the view's transaction is then
        rolled back: inlines are not saved either)."""
        try:
            return view(request, *args, **kwargs)
        except FrozenContentError:
            self.message_user(request, ERROR_FROZEN, messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if content_owner(self.model) and _is_versioned(db_field.related_model):
            kwargs["queryset"] = editable(db_field.related_model.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def _is_versioned(model) -> bool:
    return issubclass(model, Version) or content_owner(model) is not None


def copy_action(
    copy: Callable, *, description: str, message: str, name: str = "make_draft_copy"
) -> Callable:
    """An admin action that copies each chosen version into a new draft with ``copy(version)``;
    ``message`` may name the draft's ``%(number)s`` and the copied version's ``%(source)s``."""

    @admin.action(description=description)
    def action(modeladmin, request, queryset):
        for version in queryset:
            draft = copy(version)
            modeladmin.message_user(
                request,
                message % {"number": draft.version_number, "source": version.version_number},
                messages.SUCCESS,
            )

    action.__name__ = name
    return action


def publish_action(publish: Callable, *, description: str, only_one: bool = False) -> Callable:
    """The admin action "publish": ``publish(version)`` for each chosen version, or refused
    unless exactly one is chosen (``only_one``)."""

    @admin.action(description=description)
    def publish_selected(modeladmin, request, queryset):
        if only_one and queryset.count() != 1:
            modeladmin.message_user(request, ERROR_PUBLISH_ONE, messages.ERROR)
            return
        for version in queryset:
            try:
                publish(version)
            except ValidationError as error:
                modeladmin.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                modeladmin.message_user(
                    request, PUBLISHED % {"number": version.version_number}, messages.SUCCESS
                )

    publish_selected.__name__ = "publish"
    return publish_selected

"""Form plumbing shared by the apps."""

import html
from typing import TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ghnt_portal.dates import DateWindow


def name_empty_choice(field: forms.ChoiceField, label: str) -> None:
    """Give a select's empty choice a name: a screen reader reads Django's "---------" as
    dashes."""
    if isinstance(field, forms.ModelChoiceField):
        field.empty_label = label
    else:
        field.choices = [(value, label if value == "" else text) for value, text in field.choices]


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on ``form``: at the fields it names that the form has,
    the rest at the top (Django's ``add_error`` refuses a field the form does not have)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class DateInput(forms.DateInput):
    """The browser's date picker; it sends and shows the ISO format (2026-03-31)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateWindowsMixin:
    """Refuses a date outside its field's window (``date_windows``: field name -> window, from
    ``ghnt_portal.dates``), with the error next to the field.

    Only a date that is entered or changed is checked: a window moves with today, and a date
    saved earlier must not block saving an edit of the other fields.
    """

    date_windows: dict[str, DateWindow] = {}

    def clean(self):
        cleaned = super().clean()
        for name, window in self.date_windows.items():
            value = cleaned.get(name)
            if value is None or name not in self.changed_data:
                continue
            try:
                window.validate(value)
            except forms.ValidationError as error:
                self.add_error(name, error)
        return cleaned


class BootstrapBoundField(forms.BoundField):
    """Gives the widget Bootstrap 5's classes (``is-invalid`` when the field has errors), as
    crispy-bootstrap5 does, so a plain template can render it with ``{{ field }}``."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        css = (
            "form-check-input"
            if self.widget_type in {"radioselect", "checkbox"}
            else "form-control"
        )
        attrs["class"] = f"{css} is-invalid" if self.errors else css
        return attrs


def _attributes(attrs: dict) -> SafeString:
    """``attrs`` as django/forms/widgets/attrs.html writes them (in order; True bare, False out)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f" {name}" if value is True else f' {name}="{html.escape(str(value))}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


class Option(TypedDict):
    """One radio button: its input's attributes (name, value, id, class, checked) and label."""

    attrs: SafeString
    id: SafeString
    label: SafeString


class FieldView(TypedDict):
    """One field as escaped strings, worked out once by Django's own widget code
    (``get_context``) so that templates/includes/field.html writes the markup without a widget
    template. Dictionaries and ready-escaped strings, as the template looks up and writes each
    of them several times per field on pages with dozens of fields."""

    id: SafeString
    label: SafeString
    value: str | list[str] | None  # as the widget formats it: a <textarea>'s text
    # The name, an <input>'s value and the widget's attributes, as Django's widget templates
    # write them (django/forms/widgets/input.html, textarea.html, attrs.html).
    attrs: SafeString
    errors: ErrorList
    required: bool
    help_text: str
    described_by: SafeString  # for the radio buttons' fieldset
    input_type: str  # an <input>'s type (radio, checkbox, text, date); empty for a <textarea>
    options: tuple[Option, ...]


def field_view(field: forms.BoundField) -> FieldView:
    widget = field.field.widget
    # The attributes of BoundField.subwidgets (radio buttons: the id first) or of
    # BoundField.as_widget, without rendering the widget's template.
    if isinstance(widget, forms.RadioSelect):
        attrs = field.build_widget_attrs({"id": field.auto_id}, widget)
    else:
        attrs = field.build_widget_attrs({}, widget)
        attrs.setdefault("id", field.auto_id)
    name = field.html_name
    context = widget.get_context(name, field.value(), attrs)["widget"]
    options = tuple(
        Option(
            attrs=_attributes({"name": name, "value": option["value"], **option["attrs"]}),
            id=escape(option["attrs"].get("id", "")),
            label=escape(str(option["label"])),
        )
        for _group, group_options, _index in context.get("optgroups", ())
        for option in group_options
    )
    input_type = getattr(widget, "input_type", None) or ""
    own = {"name": name}
    if input_type and context["value"] is not None:
        own["value"] = context["value"]
    return FieldView(
        id=escape(field.auto_id),
        label=escape(str(field.label)),
        value=context["value"],
        attrs=_attributes(own | context["attrs"]),
        errors=field.errors,
        required=field.field.required,
        help_text=str(field.help_text),
        described_by=escape(field.aria_describedby or ""),
        input_type=input_type,
        options=options,
    )


class FieldViewsMixin:
    """For forms shown many times on one page (a theme's questions, a checklist's points): their
    visible fields as ``views``, which templates/includes/field.html writes out. Widget templates
    (one per field and radio button) and crispy's layout took most of those pages' time."""

    bound_field_class = BootstrapBoundField

    @cached_property
    def views(self) -> dict[str, FieldView]:
        """Per visible field's name, what the template writes: the same as ``{{ form.field }}``."""
        return {field.name: field_view(field) for field in self.visible_fields()}

    @cached_property
    def hidden_html(self) -> SafeString:
        """The hidden fields' inputs, as ``{{ field.as_hidden }}`` writes them."""
        return mark_safe(  # noqa: S308 - the attributes are escaped by field_view
            "".join(
                f'<input type="hidden"{field_view(field)["attrs"]}>'
                for field in self.hidden_fields()
            )
        )

"""Form plumbing shared by the apps."""

from django import forms


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

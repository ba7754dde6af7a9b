"""Admin inlines whose rows each have a select of other records (a region, a domain)."""


class ChoicesOnceInlineMixin:
    """The selects of all rows list the same records: read them once per page, not once per row.

    Django gives every form of a formset its own copy of the field, and each copy queries its
    queryset again when it renders; choices set on the field are copied instead. A posted value
    is still checked against the field's queryset. Not for a foreign key with
    ``limit_choices_to``: the form narrows the queryset after the choices are read here.
    """

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None:
            field.choices = [(str(value), label) for value, label in field.choices]
        return field

"""What a delete takes with it, for the confirm pages (the portal's and the admin's); and the
message for a delete the database refuses (on_delete=PROTECT or RESTRICT)."""

from dataclasses import dataclass, replace

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.actions import delete_selected as admin_delete_selected
from django.contrib.admin.utils import NestedObjects, get_deleted_objects
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What the database refuses to delete along (on_delete=PROTECT or RESTRICT).
REFUSED_ERRORS = (ProtectedError, RestrictedError)
REFUSED_MESSAGE = gettext_lazy(
    "Niet verwijderd: hier hoort iets bij dat niet mee mag verdwijnen (%(records)s). Er is "
    "niets gewijzigd."
)


@dataclass
class DeletionImpact:
    """What deleting an object does to other records, as (verbose name plural, count)."""

    deleted: list[tuple[str, int]]  # goes with it
    unlinked: list[tuple[str, int]]  # stays, without the link to it (on_delete=SET_NULL)


def deletion_impact(*objs, exclude: tuple = ()) -> DeletionImpact:
    """What deleting ``objs`` (one or more of one model) does. Found the way the admin does so
    that no app is forgotten; leaves out their own model, ``exclude`` and the hidden link tables
    of many-to-many fields."""
    model = type(objs[0])
    collector = NestedObjects(using=router.db_for_write(model))
    collector.collect(list(objs))
    skipped = (model, *exclude)

    def shown(model) -> bool:
        return model not in skipped and not model._meta.auto_created

    deleted_pks = {model: {o.pk for o in objs} for model, objs in collector.model_objs.items()}
    unlinked: dict[type, set] = {}
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            for row in batch:
                if row.pk not in deleted_pks.get(field.model, ()):
                    unlinked.setdefault(field.model, set()).add(row.pk)
    return DeletionImpact(
        deleted=_tally({m: o for m, o in collector.model_objs.items() if shown(m)}),
        unlinked=_tally({m: pks for m, pks in unlinked.items() if shown(m)}),
    )


def refused_message(error: ProtectedError | RestrictedError) -> str:
    """The Dutch message for a delete the database refused, naming what stopped it."""
    records = getattr(error, "protected_objects", None) or error.restricted_objects
    return str(REFUSED_MESSAGE) % {"records": ", ".join(sorted(str(r) for r in records))}


def _tally(rows: dict) -> list[tuple[str, int]]:
    return sorted(
        (str(model._meta.verbose_name_plural), len(objects))
        for model, objects in rows.items()
        if objects
    )


def impact_sections(impact: DeletionImpact) -> list[tuple[str, list[str]]]:
    """``impact`` as sections of the shared confirm_delete.html page."""
    sections = []
    if impact.deleted:
        sections.append(
            (_("Ook dit wordt verwijderd"), [f"{n} × {name}" for name, n in impact.deleted])
        )
    if impact.unlinked:
        sections.append(
            (
                _("Dit blijft bestaan, maar verliest de koppeling"),
                [f"{n} × {name}" for name, n in impact.unlinked],
            )
        )
    return sections


class DeletionImpactAdminMixin:
    """The admin's delete confirmation, of one object or of several through the action, also
    lists what stays without its link to them (on_delete=SET_NULL), as the portal's confirm
    pages do (shown by templates/admin/includes/object_delete_summary.html). What goes along,
    the admin lists itself."""

    actions = ["delete_selected"]

    def render_delete_form(self, request, context):
        context["impact"] = _unlinked_sections(context["object"])
        return super().render_delete_form(request, context)

    @admin.action(permissions=["delete"], description=admin_delete_selected.short_description)
    def delete_selected(self, request, queryset):
        response = admin_delete_selected(self, request, queryset)
        if isinstance(response, TemplateResponse):  # the confirmation, not yet deleted
            response.context_data["impact"] = _unlinked_sections(*queryset)
        return response


def _unlinked_sections(*objs) -> list[tuple[str, list[str]]]:
    if not objs:  # the chosen rows were deleted meanwhile
        return []
    return impact_sections(replace(deletion_impact(*objs), deleted=[]))


def deleted_objects_without_link_tables(model_admin, objs, request):
    """``ModelAdmin.get_deleted_objects`` less the rows of many-to-many link tables, as the
    portal's confirm pages leave them out: Django listed each as "Governancebody-domain-relatie:
    GovernanceBody_domains object (1)". Django writes a row of a model without admin pages as
    "<Verbose name>: <row>", so that is what is left out."""
    to_delete, model_count, perms_needed, protected = get_deleted_objects(
        objs, request, model_admin.admin_site
    )
    link_tables = [
        m._meta for m in apps.get_models(include_auto_created=True) if m._meta.auto_created
    ]
    prefixes = tuple(f"{capfirst(opts.verbose_name)}: " for opts in link_tables)
    hidden_counts = {str(opts.verbose_name_plural) for opts in link_tables}

    def prune(items: list) -> list:
        kept = []
        for item in items:
            if isinstance(item, list):
                if rest := prune(item):
                    kept.append(rest)
            elif not str(item).startswith(prefixes):
                kept.append(item)
        return kept

    model_count = {name: n for name, n in model_count.items() if str(name) not in hidden_counts}
    return prune(to_delete), model_count, perms_needed, protected

"""The history of a region: who changed what, when. For its project leaders and beheerders."""

from auditlog.models import LogEntry
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ghnt_portal.access import get_region_access

from . import selectors

PAGE_SIZE = 50


ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("aangemaakt"),
    LogEntry.Action.UPDATE: gettext_lazy("gewijzigd"),
    LogEntry.Action.DELETE: gettext_lazy("verwijderd"),
    LogEntry.Action.ACCESS: gettext_lazy("bekeken"),
}


def _field(model, name: str):
    """The model's field ``name``; None when the model or field no longer exists."""
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _value(field, value) -> str:
    """A recorded value as people read it: "leeg", "ja"/"nee", a choice by its label."""
    if value in (None, "None", ""):
        return _("leeg")
    if field is not None and not field.is_relation:
        if field.get_internal_type() == "BooleanField":
            return {"True": _("ja"), "False": _("nee")}.get(value, value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
    return value


def _entry_rows(entries):
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for name, change in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if field is not None and field.auto_created and not field.concrete:
                continue  # a reverse relation: auditlog records only its manager's name
            label = field.verbose_name if field is not None else name
            if isinstance(change, dict):  # many-to-many: added or removed objects
                verb = _("toegevoegd") if change.get("operation") == "add" else _("verwijderd")
                changes.append((label, "", f"{verb}: {', '.join(change.get('objects', []))}"))
            else:
                old, new = [*list(change), "", ""][:2]
                # A new object had no old values.
                old = "" if entry.action == LogEntry.Action.CREATE else _value(field, old)
                changes.append((label, old, _value(field, new)))
        rows.append(
            {
                "entry": entry,
                "kind": model._meta.verbose_name if model else entry.content_type.model,
                "action": ACTION_LABELS[entry.action],
                "changes": changes,
            }
        )
    return rows


@login_required
def region_history(request, region_slug: str):
    # Outsiders get 404 (get_region_access); members who cannot edit the region get 403.
    access = get_region_access(request.user, region_slug)
    if not access.can_edit:
        raise PermissionDenied(_("Alleen de projectleider van de regio ziet de geschiedenis."))
    region = access.region
    page = Paginator(selectors.region_history(region), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/region_history.html",
        {
            "region": region,
            "access": access,
            "page": page,
            "rows": _entry_rows(page.object_list),
            "crumbs": [
                (_("Regio's"), reverse("regions:region_list")),
                (region.name, reverse("regions:region_detail", args=[region.slug])),
                (_("Geschiedenis"), None),
            ],
        },
    )

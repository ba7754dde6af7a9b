"""The history of a region: who changed what, when. For its project leaders and beheerders."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from ghnt_portal.access import get_region_access

from . import selectors

PAGE_SIZE = 50


def _entry_rows(entries):
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        changes = []
        for field, change in (entry.changes_dict or {}).items():
            if isinstance(change, dict):  # many-to-many: added or removed objects
                verb = _("toegevoegd") if change.get("operation") == "add" else _("verwijderd")
                changes.append((field, "", f"{verb}: {', '.join(change.get('objects', []))}"))
            else:
                old, new = [*list(change), "", ""][:2]
                changes.append((field, old, new))
        rows.append(
            {
                "entry": entry,
                "kind": model._meta.verbose_name if model else entry.content_type.model,
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

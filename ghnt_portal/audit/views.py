"""The history of a region: who changed what, when. For its project leaders and beheerders."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from ghnt_portal.access import get_region_access

from . import selectors

PAGE_SIZE = 50


@login_required
@require_safe
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
            "rows": selectors.history_rows(page.object_list),
            "crumbs": [
                (_("Regio's"), reverse("regions:region_list")),
                (region.name, reverse("regions:region_detail", args=[region.slug])),
                (_("Geschiedenis"), None),
            ],
        },
    )

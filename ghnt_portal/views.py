from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from governance.home import panel as governance_panel
from regions.home import panel as regions_panel
from scan.home import panel as scan_panel

HOME_PANELS = (scan_panel, regions_panel, governance_panel)


@require_safe
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What to do next, per role: each app contributes a panel when it has one for this user."""
    panels = [panel for build in HOME_PANELS if (panel := build(request.user)) is not None]
    return render(request, "home.html", {"panels": panels})


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """The toegankelijkheidsverklaring: public, as on every Dutch government site."""
    return render(request, "accessibility.html")

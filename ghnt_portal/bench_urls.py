"""URLs for the benchmark: the portal's own, plus a bare view that is the floor of the scale."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from .urls import urlpatterns as portal_urlpatterns


def floor(request: HttpRequest) -> HttpResponse:
    """No database, no template: what the middleware and gunicorn cost on their own."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/vloer/", floor, name="bench_floor"), *portal_urlpatterns]

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .audit import views as audit_views

admin.site.site_header = _("GHNT-portaal – beheer")
admin.site.site_title = _("GHNT-portaal beheer")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("account/", include("ghnt_portal.accounts.urls")),
    path("account/", include("ghnt_portal.privacy.urls")),
    path("", include("ghnt_portal.security.urls")),
    path(
        "regio/<slug:region_slug>/geschiedenis/",
        audit_views.region_history,
        name="region_history",
    ),
    path("regio/", include("regions.urls")),
    path("scan/", include("scan.urls")),
    path("sturing/", include("governance.urls")),
    path("beheer/", admin.site.urls),
]

from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path("<slug:region_slug>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("<slug:region_slug>/structuur/", views.StructureView.as_view(), name="structure"),
    path(
        "<slug:region_slug>/structuur/pdf/",
        views.StructurePdfView.as_view(),
        name="structure_pdf",
    ),
    path(
        "<slug:region_slug>/overleggen/nieuw/", views.BodyCreateView.as_view(), name="body_create"
    ),
    path(
        "<slug:region_slug>/overleggen/<uuid:body_uuid>/",
        views.BodyDetailView.as_view(),
        name="body_detail",
    ),
    path(
        "<slug:region_slug>/overleggen/<uuid:body_uuid>/bewerken/",
        views.BodyUpdateView.as_view(),
        name="body_update",
    ),
    path(
        "<slug:region_slug>/overleggen/<uuid:body_uuid>/verwijderen/",
        views.BodyDeleteView.as_view(),
        name="body_delete",
    ),
    path(
        "<slug:region_slug>/overleggen/<uuid:body_uuid>/zetels/nieuw/",
        views.SeatCreateView.as_view(),
        name="seat_create",
    ),
    path(
        "<slug:region_slug>/zetels/<uuid:seat_uuid>/bewerken/",
        views.SeatUpdateView.as_view(),
        name="seat_update",
    ),
    path(
        "<slug:region_slug>/zetels/<uuid:seat_uuid>/verwijderen/",
        views.SeatDeleteView.as_view(),
        name="seat_delete",
    ),
    path(
        "<slug:region_slug>/partners/nieuw/",
        views.PartnerCreateView.as_view(),
        name="partner_create",
    ),
    path(
        "<slug:region_slug>/partners/<uuid:partner_uuid>/bewerken/",
        views.PartnerUpdateView.as_view(),
        name="partner_update",
    ),
    path(
        "<slug:region_slug>/partners/<uuid:partner_uuid>/verwijderen/",
        views.PartnerDeleteView.as_view(),
        name="partner_delete",
    ),
]

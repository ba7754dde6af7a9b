from django.urls import path

from . import views, views_figures

app_name = "regions"

urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    # Before <slug:region_slug>/ so that "landelijk" is not taken for a region.
    path("landelijk/", views_figures.NationalOverviewView.as_view(), name="national_overview"),
    path(
        "landelijk/csv/",
        views_figures.NationalOverviewCsvView.as_view(),
        name="national_overview_csv",
    ),
    path(
        "landelijk/cijfers/importeren/",
        views_figures.NationalFigureImportView.as_view(),
        name="national_figure_import",
    ),
    path(
        "landelijk/pdf/",
        views_figures.NationalOverviewPdfView.as_view(),
        name="national_overview_pdf",
    ),
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
    path("<slug:region_slug>/cijfers/", views_figures.FiguresView.as_view(), name="figures"),
    path(
        "<slug:region_slug>/cijfers/nieuw/",
        views_figures.FigureCreateView.as_view(),
        name="figure_create",
    ),
    path(
        "<slug:region_slug>/cijfers/importeren/",
        views_figures.FigureImportView.as_view(),
        name="figure_import",
    ),
    path(
        "<slug:region_slug>/cijfers/<uuid:figure_uuid>/bewerken/",
        views_figures.FigureUpdateView.as_view(),
        name="figure_update",
    ),
    path(
        "<slug:region_slug>/cijfers/<uuid:figure_uuid>/verwijderen/",
        views_figures.FigureDeleteView.as_view(),
        name="figure_delete",
    ),
]

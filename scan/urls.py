from django.urls import path

from . import views

app_name = "scan"

urlpatterns = [
    path("", views.index, name="index"),
    path("starten/", views.start, name="start"),
    path("sessies/", views.session_list, name="session_list"),
    path("sessies/nieuw/<slug:region_slug>/", views.session_create, name="session_create"),
    path("sessies/<uuid:session_uuid>/", views.session_detail, name="session_detail"),
    path("sessies/<uuid:session_uuid>/bewerken/", views.session_edit, name="session_edit"),
    path("sessies/<uuid:session_uuid>/samenvatting.pdf", views.session_pdf, name="session_pdf"),
    path("<uuid:response_uuid>/", views.resume, name="resume"),
    path("<uuid:response_uuid>/thema/<int:number>/", views.theme, name="theme"),
    path("<uuid:response_uuid>/autosave/", views.autosave, name="autosave"),
    path("<uuid:response_uuid>/afronden/", views.complete, name="complete"),
    path("<uuid:response_uuid>/resultaat/", views.result, name="result"),
    path("<uuid:response_uuid>/resultaat.pdf", views.result_pdf, name="result_pdf"),
    path("<uuid:response_uuid>/gespreksnotitie.pdf", views.council_pdf, name="council_pdf"),
    path("<uuid:response_uuid>/nieuwe-ronde/", views.new_round, name="new_round"),
    path("<uuid:response_uuid>/verwijderen/", views.delete, name="delete"),
    path("<uuid:response_uuid>/delen/", views.share, name="share"),
    path(
        "<uuid:response_uuid>/delen/<uuid:session_uuid>/intrekken/",
        views.unshare,
        name="unshare",
    ),
]

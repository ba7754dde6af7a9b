from django.urls import path

from . import views

app_name = "governance"

R = "<slug:region_slug>/"
A = R + "checklist/<uuid:assessment_uuid>/"
B = R + "overleggen/<uuid:body_uuid>/"
M = R + "vergaderingen/<uuid:meeting_uuid>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(R, views.region_overview, name="region"),
    path(R + "checklist/nieuw/", views.assessment_start, name="assessment_start"),
    path(A, views.assessment_detail, name="assessment_detail"),
    path(A + "bewerken/", views.assessment_edit, name="assessment_edit"),
    path(A + "invullen/", views.assessment_fill, name="assessment_fill"),
    path(A + "punten/<int:answer_id>/acties/nieuw/", views.action_create, name="action_create"),
    path(R + "acties/", views.action_list, name="action_list"),
    path(R + "acties/<uuid:action_uuid>/afronden/", views.action_toggle, name="action_toggle"),
    path(R + "acties/<uuid:action_uuid>/bewerken/", views.action_edit, name="action_edit"),
    path(R + "acties/<uuid:action_uuid>/verwijderen/", views.action_delete, name="action_delete"),
    path(B, views.body_detail, name="body_detail"),
    path(B + "niet-vergeten-lijst/", views.nvl_edit, name="nvl_edit"),
    path(B + "communicatieplan/nieuw/", views.communication_create, name="communication_create"),
    path(
        B + "communicatieplan/<uuid:entry_uuid>/bewerken/",
        views.communication_edit,
        name="communication_edit",
    ),
    path(
        B + "communicatieplan/<uuid:entry_uuid>/verwijderen/",
        views.communication_delete,
        name="communication_delete",
    ),
    path(B + "verslag/", views.body_report_preview, name="body_report"),
    path(B + "verslag.pdf", views.body_report_pdf, name="body_report_pdf"),
    path(B + "vergaderingen/nieuw/", views.meeting_create, name="meeting_create"),
    path(M, views.meeting_detail, name="meeting_detail"),
    path(M + "bewerken/", views.meeting_edit, name="meeting_edit"),
    path(M + "agenda/nieuw/", views.agenda_item_create, name="agenda_item_create"),
    path(M + "agenda/<int:item_id>/bewerken/", views.agenda_item_edit, name="agenda_item_edit"),
    path(
        M + "agenda/<int:item_id>/verwijderen/",
        views.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        M + "agenda/<int:item_id>/acties/nieuw/",
        views.agenda_action_create,
        name="agenda_action_create",
    ),
    path(M + "verslag/", views.meeting_report_preview, name="meeting_report"),
    path(M + "verslag.pdf", views.meeting_report_pdf, name="meeting_report_pdf"),
]

from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("mijn-gegevens/", views.my_data, name="my_data"),
    path("mijn-gegevens/download/", views.my_data_download, name="my_data_download"),
    path("mijn-gegevens/scans-verwijderen/", views.delete_my_responses, name="delete_my_responses"),
    path("gebruikers/<int:user_pk>/verwijderen/", views.remove_user, name="remove_user"),
]

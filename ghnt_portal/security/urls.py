from django.urls import include, path

from . import views

two_factor_patterns = [
    path("", views.ProfileView.as_view(), name="profile"),
    path("instellen/", views.SetupView.as_view(), name="setup"),
    path("instellen/qr-code/", views.QRGeneratorView.as_view(), name="qr"),
    path(
        "instellen/klaar/",
        views.tf_views.SetupCompleteView.as_view(),
        name="setup_complete",
    ),
    path(
        "back-upcodes/",
        views.tf_views.BackupTokensView.as_view(),
        name="backup_tokens",
    ),
    path("uitzetten/", views.DisableView.as_view(), name="disable"),
]

security_patterns = [
    path("controleren/", views.verify, name="verify"),
]

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    # Before the admin's own URLs (ghnt_portal/urls.py includes these first).
    path("beheer/login/", views.admin_login, name="admin_login"),
    path("account/tweestapsverificatie/", include((two_factor_patterns, "two_factor"))),
    path("account/tweestapsverificatie/", include((security_patterns, "security"))),
]

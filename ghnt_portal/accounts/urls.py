from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from ghnt_portal.security import views as security_views

from . import views
from .forms import PortalPasswordResetForm

app_name = "accounts"

urlpatterns = [
    # Two-factor login (e-mail + password, then the app code); see ghnt_portal/security.
    path("inloggen/", security_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "wachtwoord-wijzigen/",
        auth_views.PasswordChangeView.as_view(
            success_url=reverse_lazy("accounts:password_change_done")
        ),
        name="password_change",
    ),
    path(
        "wachtwoord-gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "wachtwoord-vergeten/",
        auth_views.PasswordResetView.as_view(
            form_class=PortalPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "wachtwoord-vergeten/verstuurd/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        # The token is masked in the logs: keep secret_urls.py in step.
        "wachtwoord-herstellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            success_url=reverse_lazy("accounts:password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-hersteld/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # The token is masked in the logs (keep secret_urls.py in step); opening the link redirects to
    # the next path, without it.
    path("uitnodiging/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("uitnodiging/", views.accept_opened_invitation, name="accept_opened_invitation"),
    path("regio/<slug:region_slug>/mensen/", views.region_people, name="region_people"),
    path("regio/<slug:region_slug>/mensen/uitnodigen/", views.invite, name="invite"),
    path(
        "regio/<slug:region_slug>/mensen/<int:pk>/wijzigen/",
        views.change_membership,
        name="change_membership",
    ),
    path(
        "regio/<slug:region_slug>/mensen/<int:pk>/intrekken/",
        views.withdraw_membership,
        name="withdraw_membership",
    ),
    path(
        "regio/<slug:region_slug>/uitnodigingen/<uuid:uuid>/intrekken/",
        views.withdraw_invitation,
        name="withdraw_invitation",
    ),
    path(
        "regio/<slug:region_slug>/uitnodigingen/<uuid:uuid>/opnieuw-versturen/",
        views.resend_invitation,
        name="resend_invitation",
    ),
]

"""AVG pages: my data (page + JSON download), delete my scan responses, a beheerder removes a user.

Every view needs a logged-in user; removing a user needs a beheerder
(``NationalRoleRequiredMixin``-style check below). A user only ever sees their own data.
"""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ghnt_portal.accounts.services import last_projectleider_error

from . import selectors, services
from .forms import RemoveUserForm

User = get_user_model()


def _crumbs(*extra):
    return [(_("Mijn gegevens"), reverse("privacy:my_data")), *extra]


@login_required
@require_safe
def my_data(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(user=request.user)
    return render(
        request,
        "privacy/my_data.html",
        {"data": data, "crumbs": [(_("Mijn gegevens"), None)]},
    )


@login_required
@require_safe
def my_data_download(request: HttpRequest) -> HttpResponse:
    data = selectors.personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens-ghnt-portaal.json"'
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete_my_responses(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        deleted = services.delete_own_scan_responses(user=request.user)
        messages.success(request, _("Uw scans zijn verwijderd (%(count)d).") % {"count": deleted})
        return redirect("privacy:my_data")
    return render(
        request,
        "privacy/delete_responses.html",
        {
            "count": selectors.response_count(user=request.user),
            "crumbs": _crumbs((_("Scans verwijderen"), None)),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def remove_user(request: HttpRequest, user_pk: int) -> HttpResponse:
    if not request.user.is_beheerder:
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_pk)
    if person == request.user:
        raise PermissionDenied
    form = RemoveUserForm(request.POST if request.method == "POST" else None)
    refusal = None
    if request.method == "POST" and form.is_valid():
        name = person.full_name or person.email
        try:
            services.remove_user(user=person, seat_handling=form.cleaned_data["seat_handling"])
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, _("Gebruiker %(name)s is verwijderd.") % {"name": name})
            return redirect("admin:accounts_user_changelist")
    impact = selectors.removal_impact(user=person)
    led_only = impact["regions_led_only_by_user"]
    if refusal is None and led_only:
        refusal = last_projectleider_error(led_only)
    return render(
        request,
        "privacy/remove_user.html",
        {
            "person": person,
            "form": form,
            "impact": impact,
            "refusal": refusal,
            "cancel_url": reverse("admin:accounts_user_change", args=[person.pk]),
            "crumbs": [
                (_("Gebruikers"), reverse("admin:accounts_user_changelist")),
                (_("Gebruiker verwijderen"), None),
            ],
        },
        status=400 if request.method == "POST" else 200,
    )

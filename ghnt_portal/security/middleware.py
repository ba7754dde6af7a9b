"""Sends beheerders and project leaders through the second factor before anything else."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from two_factor.utils import default_device

from .policy import two_factor_required

# Views a user who still owes the second factor may reach (namespace or "namespace:name").
ALLOWED_NAMESPACES = {"two_factor"}
ALLOWED_VIEWS = {
    "accounts:login",
    "accounts:logout",
    "security:verify",
    "privacy",
    "admin_login",
    "healthz",
}


class TwoFactorRequiredMiddleware:
    """Needs ``django_otp.middleware.OTPMiddleware`` before it (for ``user.is_verified``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and (
            match.view_name in ALLOWED_VIEWS or set(match.namespaces) & ALLOWED_NAMESPACES
        ):
            return None
        if not two_factor_required(user):
            return None
        if default_device(user) is None:
            return redirect("two_factor:setup")
        url = reverse("security:verify")
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp import match_token

INVALID_TOKEN = _("Deze code klopt niet of is verlopen. Probeer de nieuwste code uit uw app.")


class VerifyTokenForm(forms.Form):
    """The second factor for someone who is already logged in: an app code or a backup code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("De zescijferige code uit uw authenticator-app, of een van uw back-upcodes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip().replace(" ", "")
        # match_token checks every confirmed device of this user; each throttles its own failures.
        self.device = match_token(self.user, token)
        if self.device is None:
            raise forms.ValidationError(INVALID_TOKEN, code="invalid_token")
        return token


# django-otp's messages for the code steps of the login (all its keys): it has no Dutch catalog.
OTP_ERROR_MESSAGES = {
    "token_required": _("Vul de code in."),
    "challenge_exception": _("De code kon niet worden verstuurd: {0}"),
    "not_interactive": _("Dit apparaat verstuurt geen codes."),
    "challenge_message": _("Code verstuurd: {0}"),
    "device_required": _("Kies een apparaat."),
    "invalid_token": INVALID_TOKEN,
    "n_failed_attempts": ngettext_lazy(
        "Na %(failure_count)d verkeerde code is controleren even geblokkeerd. "
        "Probeer het over een paar seconden opnieuw.",
        "Na %(failure_count)d verkeerde codes is controleren even geblokkeerd. "
        "Probeer het over een paar seconden opnieuw.",
        "failure_count",
    ),
    "verification_not_allowed": _("Controleren kan nu niet. Probeer het later opnieuw."),
}

BACKUP_OTP_ERROR_MESSAGES = {
    **OTP_ERROR_MESSAGES,
    "invalid_token": _("Deze back-upcode klopt niet of is al gebruikt."),
}

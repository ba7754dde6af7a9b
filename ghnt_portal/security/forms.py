from django import forms
from django.utils.translation import gettext_lazy as _
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

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import SeatHandling


class RemoveUserForm(forms.Form):
    seat_handling = forms.ChoiceField(
        label=_("Wat gebeurt er met de zetels van deze gebruiker?"),
        choices=SeatHandling.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er met de zetels gebeurt.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

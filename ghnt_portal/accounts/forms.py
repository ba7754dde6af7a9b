from datetime import timedelta
from urllib.parse import urlsplit

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ghnt_portal.forms import name_empty_choice
from ghnt_portal.mail import send_in_background
from ghnt_portal.submissions.forms import SubmitOnceMixin
from regions.constants import BestuurderFunction, RegionRole
from regions.models import Membership, Municipality

from .models import Invitation

User = get_user_model()


class PortalPasswordResetForm(PasswordResetForm):
    """The reset link goes to PORTAL_BASE_URL (not the request's Host header), the mail says
    until when it works, and it is sent after the response (send_mail)."""

    def save(self, **kwargs):
        if settings.PORTAL_BASE_URL:
            base = urlsplit(settings.PORTAL_BASE_URL)
            kwargs["domain_override"] = base.netloc
            kwargs["use_https"] = base.scheme == "https"
        valid_until = timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        kwargs["extra_email_context"] = {"valid_until": valid_until}
        return super().save(**kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Renders the mail as Django does, but sends it in the background: waiting for the
        mail server (50–500 ms) would make the answer for an address with an account slower
        than for one without, and so tell who has one. What a known address still costs in the
        request, the token and the templates, is under 1 ms (0.4 ms median, measured in the
        test settings): lost in the network's jitter."""
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [to_email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
        send_in_background(message)


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        "invalid_login": _("Deze combinatie van e-mailadres en wachtwoord kennen we niet."),
        "inactive": _("Dit account is niet actief."),
    }


class FunctionFitsRoleMixin:
    """A bestuurder is a burgemeester or wethouder; nobody else has a function (the database
    refuses that too, but with a message that names its constraint)."""

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        function = cleaned.get("function")
        if role == RegionRole.BESTUURDER and not function:
            self.add_error(
                "function", _("Kies voor een bestuurder of het een burgemeester of wethouder is.")
            )
        elif role and role != RegionRole.BESTUURDER and function:
            self.add_error("function", _("Alleen een bestuurder heeft een functie. Laat dit leeg."))
        return cleaned


class MembershipAdminForm(FunctionFitsRoleMixin, forms.ModelForm):
    """A role in the admin (/beheer/): the person's page and the add-role page."""

    class Meta:
        model = Membership
        fields = ["user", "region", "role", "function", "portfolio", "municipality"]


class RoleFieldsMixin(FunctionFitsRoleMixin):
    """Role, function, portfolio and municipality of a person in one region."""

    role_field_names = ("role", "function", "portfolio", "municipality")

    def setup_role_fields(self, region) -> None:
        self.fields["municipality"].queryset = Municipality.objects.filter(region=region)
        self.fields["municipality"].empty_label = _("(geen gemeente)")
        name_empty_choice(self.fields["role"], _("(kies een rol)"))
        self.fields["function"].choices = [
            ("", _("(geen: geen bestuurder)")),
            *BestuurderFunction.choices,
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # includes/form_page.html renders the token


class InvitationForm(SubmitOnceMixin, RoleFieldsMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "role", "function", "portfolio", "municipality"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.setup_role_fields(region)
        self.fields["email"].help_text = _(
            "De persoon krijgt een e-mail met een link om de uitnodiging aan te nemen."
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class MembershipForm(RoleFieldsMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "function", "portfolio", "municipality"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_role_fields(self.instance.region)


class AcceptInvitationForm(forms.Form):
    """A new person sets their name and password; the e-mail address comes from the invitation."""

    full_name = forms.CharField(
        label=_("Uw naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord herhalen"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # includes/form_page.html renders the token

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise ValidationError(_("Vul uw naam in."))
        return name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, user=candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned

"""Forms for the registry. Every choice of a related object is limited to the region, so an id
from another region is refused at the field ("Selecteer een geldige keuze")."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from ghnt_portal.audit.locking import OptimisticLockFormMixin
from ghnt_portal.forms import name_empty_choice
from ghnt_portal.submissions.forms import SubmitOnceMixin

from .constants import DUPLICATE_BODY_NAME, DUPLICATE_PARTNER_NAME
from .models import GovernanceBody, PartnerOrganisation, Region, Seat
from .selectors import name_taken, seat_user_choices

REPRESENTS_ONE = _(
    "Kies óf een gemeente óf een partnerorganisatie die deze persoon vertegenwoordigt, "
    "niet allebei."
)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.render_hidden_fields = True  # the lock_version of OptimisticLockFormMixin
    if layout:
        helper.layout = Layout(*layout)
    return helper


class UniqueNameInRegionMixin:
    """``name`` is stripped (runs of spaces inside it become one) and must be unique within
    ``self.region`` (ignoring case, accents and spaces, ``name_key``) among the objects of the
    form's model; ``duplicate_name_message`` is the error."""

    duplicate_name_message = None

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if name_taken(
            self._meta.model, region_id=self.region.pk, name=name, exclude_pk=self.instance.pk
        ):
            raise forms.ValidationError(self.duplicate_name_message)
        return name


class GovernanceBodyForm(
    SubmitOnceMixin, UniqueNameInRegionMixin, OptimisticLockFormMixin, forms.ModelForm
):
    duplicate_name_message = DUPLICATE_BODY_NAME

    class Meta:
        model = GovernanceBody
        fields = ["name", "form", "kind", "meetings_per_year", "purpose", "domains", "reports_to"]
        widgets = {
            "domains": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region
        others = region.bodies.order_by("name")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        name_empty_choice(self.fields["form"], _("(kies een vorm)"))
        self.fields["reports_to"].queryset = others
        self.fields["reports_to"].empty_label = _("(aan geen ander overleg)")
        self.fields["reports_to"].help_text = _(
            "Het overleg waaraan dit overleg advies geeft of verantwoording aflegt."
        )
        self.fields["domains"].help_text = _("De domeinen die in dit overleg aan tafel zitten.")
        self.fields["kind"].help_text = _(
            "Adviserend: geeft richting, besluiten vallen elders. Besluitvormend: neemt zelf "
            "besluiten."
        )
        self.helper = _helper(
            Fieldset(_("Het overleg"), "name", "form", "kind", "meetings_per_year", "purpose"),
            Fieldset(_("Domeinen en lijnen"), "domains", "reports_to"),
        )


class PartnerOrganisationForm(
    SubmitOnceMixin, UniqueNameInRegionMixin, OptimisticLockFormMixin, forms.ModelForm
):
    duplicate_name_message = DUPLICATE_PARTNER_NAME

    class Meta:
        model = PartnerOrganisation
        fields = ["name", "organisation_type", "main_domain"]

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.instance.region = region
        name_empty_choice(self.fields["organisation_type"], _("(kies een soort)"))
        self.fields["main_domain"].empty_label = _("(geen hoofddomein)")
        self.helper = _helper()


def _former_user_label(user, former_id: int | None) -> str:
    """A user's name in the seat's choice of user; the user the seat is linked to now but who
    no longer has an (active) role in the region says so."""
    name = user.full_name or user.email
    if user.pk != former_id:
        return name
    if not user.is_active:
        return _("%(name)s (account niet meer actief)") % {"name": name}
    return _("%(name)s (geen rol meer in de regio)") % {"name": name}


class SeatForm(SubmitOnceMixin, OptimisticLockFormMixin, forms.ModelForm):
    class Meta:
        model = Seat
        fields = [
            "person_name",
            "person_function",
            "represents_municipality",
            "represents_partner",
            "domain",
            "mandate",
            "membership",
            "seat_role",
            "ambassador_type",
            "is_expert_by_experience",
            "user",
        ]
        widgets = {
            "mandate": forms.Textarea(attrs={"rows": 3}),
            "membership": forms.RadioSelect,
        }

    def __init__(self, *args, body: GovernanceBody, **kwargs):
        super().__init__(*args, **kwargs)
        region = body.region
        self.instance.body = body
        fields = self.fields
        fields["represents_municipality"].queryset = region.municipalities.order_by("name")
        fields["represents_partner"].queryset = region.partners.order_by("name")
        fields["represents_municipality"].empty_label = _("(geen gemeente)")
        fields["represents_partner"].empty_label = _("(geen partnerorganisatie)")
        fields["represents_municipality"].help_text = _(
            "Vul óf een gemeente óf een partnerorganisatie in."
        )
        fields["domain"].empty_label = _("(geen domein)")
        fields["user"].queryset, former = seat_user_choices(region, self.instance.user_id)
        fields["user"].empty_label = _("(niet gekoppeld)")
        fields["user"].label_from_instance = lambda user: _former_user_label(user, former)
        fields["user"].help_text = _(
            "Optioneel: koppel de zetel aan iemand met een rol in deze regio in het portaal."
        )
        fields["ambassador_type"].help_text = _(
            "Hartwerkers, voorlopers en critici: ambassadeurs in elke laag (GHNT 2020, §2C)."
        )
        fields["is_expert_by_experience"].help_text = _(
            "Ervaringsdeskundigen horen aan tafel (GHNT 2020, §3C)."
        )
        self.helper = _helper(
            Fieldset(
                _("De persoon"),
                "person_name",
                "person_function",
                "represents_municipality",
                "represents_partner",
                "domain",
                "user",
            ),
            Fieldset(
                _("Aan tafel"),
                "seat_role",
                "membership",
                "mandate",
                "ambassador_type",
                "is_expert_by_experience",
            ),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("represents_municipality") and cleaned.get("represents_partner"):
            self.add_error("represents_partner", REPRESENTS_ONE)
        return cleaned

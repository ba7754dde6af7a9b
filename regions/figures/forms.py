from decimal import Decimal, InvalidOperation

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ghnt_portal.forms import name_empty_choice
from ghnt_portal.submissions.forms import SubmitOnceMixin
from regions.constants import DUPLICATE_FIGURE_YEAR, FigureKind
from regions.models import RegionalFigure
from regions.selectors import figure_label_error, figure_taken

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class _Crispy:
    def _helper(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


def _label_required(cleaned_data: dict, form: forms.Form) -> str:
    kind = cleaned_data.get("kind")
    label = (cleaned_data.get("label") or "").strip()
    # A name refused already (too long) is not missing as well.
    if kind == FigureKind.OTHER and not label and "label" not in form.errors:
        form.add_error("label", _("Geef het cijfer een naam."))
    return label if kind == FigureKind.OTHER else ""


class RegionalFigureForm(SubmitOnceMixin, _Crispy, forms.ModelForm):
    class Meta:
        model = RegionalFigure
        fields = ["kind", "label", "year", "value", "source", "in_report"]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["source"].required = True
        name_empty_choice(self.fields["kind"], _("(kies een soort cijfer)"))
        # The instance as stored (the form puts its values in only after ``clean``).
        stored_other = self.instance.pk and self.instance.kind == FigureKind.OTHER
        self.old_label = self.instance.label if stored_other else None
        if self.old_label is not None:
            self.fields["label"].help_text = _(
                "Een nieuwe naam geldt voor alle jaren van dit cijfer."
            )
        self._helper()

    def clean(self):
        cleaned = super().clean()
        cleaned["label"] = _label_required(cleaned, self)
        kind, year = cleaned.get("kind"), cleaned.get("year")
        if (
            kind == FigureKind.OTHER
            and not self.errors
            and (
                error := figure_label_error(
                    region_id=self.region.pk,
                    pk=self.instance.pk,
                    old_label=self.old_label,
                    label=cleaned["label"],
                    year=year,
                )
            )
        ):
            self.add_error("label", error)
        if (
            kind
            and year
            and not self.errors
            and figure_taken(
                region_id=self.region.pk,
                kind=kind,
                label=cleaned["label"],
                year=year,
                exclude_pk=self.instance.pk,
            )
        ):
            self.add_error("year", DUPLICATE_FIGURE_YEAR % {"year": year})
        return cleaned

    def _update_errors(self, errors):
        # The model's clean() names a figure without a name again when clean() refused its name
        # (and so kept it from the instance): said once is enough.
        if "label" in self._errors and hasattr(errors, "error_dict"):
            errors.error_dict.pop("label", None)
        super()._update_errors(errors)

    def _get_validation_exclusions(self):
        # The region is set by the view; the duplicate check above gives a Dutch message.
        exclusions = super()._get_validation_exclusions()
        exclusions.add("region")
        return exclusions


class FigureImportForm(_Crispy, forms.Form):
    kind = forms.ChoiceField(label=_("Soort cijfer"), choices=FigureKind.choices)
    label = forms.CharField(
        label=_("Naam van het cijfer"),
        max_length=150,
        required=False,
        help_text=_("Alleen bij een ander cijfer."),
    )
    source = forms.CharField(
        label=_("Bron"),
        max_length=250,
        help_text=_("Bijv. ‘CBS StatLine 84849NED, Beleidsinformatie Veilig Thuis’."),
    )
    in_report = forms.BooleanField(
        label=_("Opnemen in vergaderverslagen"),
        required=False,
        help_text=_("Aangevinkt: de geïmporteerde jaren staan in de verslagen van de overleggen."),
    )
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_(
            "Zoals gedownload uit CBS StatLine: een kolom met de gemeente- of regiocode, een "
            "kolom periode (bijv. 2021JJ00 of 2021) en een kolom met de waarde. Gemeenten worden "
            "per jaar opgeteld tot het cijfer van de regio. U ziet eerst wat er verandert."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(_("Het bestand is groter dan 2 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        cleaned["label"] = _label_required(cleaned, self)
        return cleaned


class PrevalenceForm(_Crispy, forms.Form):
    """A national prevalence percentage with its source (GET form; nothing is stored)."""

    percentage = forms.CharField(
        label=_("Landelijk percentage"),
        max_length=10,
        help_text=_("Bijv. 5,5 voor 5,5%."),
    )
    source = forms.CharField(
        label=_("Bron van het percentage"),
        max_length=250,
        help_text=_("Bijv. ‘WODC, Ten Boom & Wittebrood, 2019; 18 jaar en ouder’."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()
        # A GET form: no CSRF token in the address bar.
        self.helper.disable_csrf = True

    def clean_percentage(self) -> Decimal:
        raw = self.cleaned_data["percentage"].strip().replace("%", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation as error:
            raise ValidationError(_("Vul een getal in, bijv. 5,5.")) from error
        if not value.is_finite() or value <= 0 or value > 100:
            raise ValidationError(_("Vul een percentage in groter dan 0 en hoogstens 100."))
        return value

import html
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.utils import ErrorList
from django.utils.functional import cached_property
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ghnt_portal.forms import BootstrapBoundField
from regions.models import GovernanceBody

from .constants import MAX_PRIORITIES, Scale
from .models import ScanSession
from .services import ANSWER_FIELDS, ERROR_DUPLICATE_RANK, ERROR_TOO_MANY_PRIORITIES

SCALE_CHOICES = [
    (Scale.NOT_YET.value, Scale.NOT_YET.label),
    (Scale.A_LITTLE.value, Scale.A_LITTLE.label),
    (Scale.MOSTLY.value, Scale.MOSTLY.label),
    (Scale.FULLY.value, Scale.FULLY.label),
    (Scale.DONT_KNOW.value, Scale.DONT_KNOW.label),
]


def answer_prefix(question) -> str:
    return f"q{question.pk}"


def _attributes(attrs: dict) -> SafeString:
    """``attrs`` as django/forms/widgets/attrs.html writes them (in order; True bare, False out)."""
    return mark_safe(  # noqa: S308 - every value is escaped
        "".join(
            f" {name}" if value is True else f' {name}="{html.escape(str(value))}"'
            for name, value in attrs.items()
            if value is not False
        )
    )


@dataclass(frozen=True)
class Option:
    """One radio button: its value, its input's attributes (id, class, checked) and label."""

    value: str
    attrs: SafeString
    id: str
    label: str


@dataclass(frozen=True)
class FieldView:
    """One field of an AnswerForm as plain strings, worked out once by Django's own widget code
    (``get_context``) so that the template writes the markup without a widget template."""

    name: str
    id: str
    label: str
    value: str | list[str] | None  # as the widget formats it (a list for radio buttons)
    attrs: SafeString  # the widget's attributes, as django/forms/widgets/attrs.html writes them
    errors: ErrorList
    described_by: str  # for the radio buttons' fieldset
    input_type: str = ""  # an <input>'s type (radio, checkbox, text, date); empty for a <textarea>
    options: tuple[Option, ...] = ()


class AnswerForm(forms.Form):
    """One reflection question on a theme page; prefixed with the question id.

    Rendered by scan/includes/answer_fields.html from ``views``, not crispy or widget templates:
    the theme page, the portal's most requested, shows three or four of these, and crispy's layout
    took a third of its time, the widget templates (one per field and radio button) most of the
    rest.
    """

    bound_field_class = BootstrapBoundField

    scale = forms.TypedChoiceField(
        label=_("Waar sta ik?"),
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    reflection = forms.CharField(
        label=_("Mijn reflectie"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_priority = forms.BooleanField(label=_("Dit heeft voor mij prioriteit"), required=False)
    action_question = forms.CharField(
        label=_("Welke vraag stel ik?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    action_whom = forms.CharField(label=_("Aan wie?"), required=False, max_length=200)
    action_due = forms.DateField(
        label=_("Wanneer?"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige datum in, bijv. 2026-03-31.")},
    )

    def __init__(self, *args, question, **kwargs):
        kwargs.setdefault("prefix", answer_prefix(question))
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["scale"].error_messages["invalid_choice"] = _(
            "Kies een van de vier stappen of 'weet ik niet'."
        )

    @cached_property
    def views(self) -> dict[str, FieldView]:
        """Per field name, what the template writes: the same as ``{{ form.field }}`` would."""
        return {name: self._view(self[name]) for name in self.fields}

    @property
    def action_views(self) -> list[FieldView]:
        """The fields of the optional action, in the order the page shows them."""
        return [self.views[name] for name in ("action_question", "action_whom", "action_due")]

    @staticmethod
    def _view(field: forms.BoundField) -> FieldView:
        widget = field.field.widget
        # The attributes of BoundField.subwidgets (radio buttons: the id first) or of
        # BoundField.as_widget, without rendering the widget's template.
        if isinstance(widget, forms.RadioSelect):
            attrs = field.build_widget_attrs({"id": field.auto_id}, widget)
        else:
            attrs = field.build_widget_attrs({}, widget)
            attrs.setdefault("id", field.auto_id)
        context = widget.get_context(field.html_name, field.value(), attrs)["widget"]
        errors = field.errors
        options = tuple(
            Option(
                value=str(option["value"]),
                attrs=_attributes(option["attrs"]),
                id=option["attrs"].get("id", ""),
                label=str(option["label"]),
            )
            for _group, group_options, _index in context.get("optgroups", ())
            for option in group_options
        )
        return FieldView(
            name=field.html_name,
            id=field.auto_id,
            label=str(field.label),
            value=context["value"],
            attrs=_attributes(context["attrs"]),
            errors=errors,
            described_by=field.aria_describedby or "",
            input_type=getattr(widget, "input_type", None) or "",
            options=options,
        )

    @classmethod
    def initial_from(cls, answer) -> dict:
        if answer is None:
            return {}
        return {name: getattr(answer, name) for name in ANSWER_FIELDS}


RANK_CHOICES = [("", _("geen"))] + [(i, str(i)) for i in range(1, MAX_PRIORITIES + 1)]


class PriorityRankForm(forms.Form):
    """Rank at most three of the candidate questions: 1 is the most important."""

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for answer in candidates:
            self.fields[f"rank_{answer.question_id}"] = forms.TypedChoiceField(
                label=answer.question.text,
                choices=RANK_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=answer.priority_rank,
                error_messages={
                    "invalid_choice": _("Kies plaats 1, 2 of 3, of 'geen'."),
                },
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def clean(self):
        cleaned = super().clean()
        ranks = [v for k, v in cleaned.items() if k.startswith("rank_") and v]
        if len(ranks) > MAX_PRIORITIES:
            raise forms.ValidationError(ERROR_TOO_MANY_PRIORITIES)
        if len(set(ranks)) != len(ranks):
            raise forms.ValidationError(ERROR_DUPLICATE_RANK)
        return cleaned

    def ranks(self) -> dict[int, int | None]:
        return {
            int(name.removeprefix("rank_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("rank_")
        }


class ShareForm(forms.Form):
    VISIBILITY = [
        (
            "anoniem",
            _("Anoniem: alleen meegeteld in het totaal (per vraag vanaf 3 anonieme antwoorden)"),
        ),
        ("naam", _("Op naam: anderen in de sessie zien mijn antwoorden met mijn naam")),
    ]
    session = forms.ModelChoiceField(
        label=_("Sessie"), queryset=ScanSession.objects.none(), to_field_name="uuid"
    )
    visibility = forms.ChoiceField(
        label=_("Hoe deel ik?"), choices=VISIBILITY, widget=forms.RadioSelect, initial="anoniem"
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class InviteeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        membership = obj
        parts = [membership.user.full_name or membership.user.email]
        if membership.function:
            parts.append(membership.get_function_display())
        if membership.municipality:
            parts.append(str(membership.municipality))
        return ", ".join(parts)


class SessionForm(forms.ModelForm):
    invitees = InviteeChoiceField(
        label=_("Uit te nodigen bestuurders"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ScanSession
        fields = ["title", "meeting_date", "body"]
        widgets = {"meeting_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts = {
            "body": _("Optioneel: het overleg waarin de scan besproken wordt."),
        }

    def __init__(self, *args, region, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.filter(region=region)
        self.fields["invitees"].queryset = memberships
        if self.instance.pk:
            invited = set(self.instance.invitations.values_list("user_id", flat=True))
            self.initial["invitees"] = [m.pk for m in memberships if m.user_id in invited]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def invited_users(self):
        return [membership.user for membership in self.cleaned_data.get("invitees") or []]

import contextlib
import hashlib

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ghnt_portal import dates
from ghnt_portal.forms import (
    DateInput,
    DateWindowsMixin,
    FieldView,
    FieldViewsMixin,
    name_empty_choice,
)
from ghnt_portal.submissions.forms import SubmitOnceMixin
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
    # A radio button cannot be unchecked: this choice takes the answer back (no scale, so not
    # answered), also without JavaScript. Last, so that the first step keeps the id "_0" the
    # error summary links to.
    ("", _("geen keuze (nog niet beantwoord)")),
]


def answer_prefix(question) -> str:
    return f"q{question.pk}"


def _field_digest(name: str, value) -> str:
    """A short digest of one answer field's value; empty values (None, "", False) are alike, and
    so are the line ends a browser sends ("\r\n") and those saved otherwise ("\n")."""
    if value is None or value is False:
        text = ""
    elif value is True:
        text = "1"
    else:
        text = str(value).replace("\r\n", "\n")
    return hashlib.sha256(f"{name}={text}".encode()).hexdigest()[:8]


def shown_token(values: dict) -> str:
    """What a page showed of one answer (``values``: ANSWER_FIELDS, missing ones empty), as the
    hidden ``shown`` field carries it: one digest per field."""
    return ".".join(_field_digest(name, values.get(name)) for name in ANSWER_FIELDS)


class AnswerForm(DateWindowsMixin, FieldViewsMixin, forms.Form):
    """One reflection question on a theme page; prefixed with the question id.

    Rendered by scan/includes/answer_fields.html from ``views``: the theme page, the portal's
    most requested, shows three or four of these.
    """

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
        widget=DateInput(),
        error_messages={"invalid": _("Vul een geldige datum in, bijv. 2026-03-31.")},
    )
    # What the page showed of the answer when it was opened (``shown_token``). A theme page posts
    # every answer whole; with this, only the fields changed on the page are saved, so a page left
    # open in another tab does not put back the values it showed over what was saved since.
    shown = forms.CharField(required=False, widget=forms.HiddenInput)
    # The theme page posts every answer whole, without the saved one as initial, so a saved
    # date counts as entered again: PLANNED has no lower bound that moves with today.
    date_windows = {"action_due": dates.PLANNED}

    def __init__(self, *args, question, **kwargs):
        kwargs.setdefault("prefix", answer_prefix(question))
        super().__init__(*args, **kwargs)
        self.question = question
        self.fields["scale"].error_messages["invalid_choice"] = _(
            "Kies een van de vier stappen of 'weet ik niet'."
        )

    @property
    def action_views(self) -> list[FieldView]:
        """The fields of the optional action, in the order the page shows them."""
        return [self.views[name] for name in ("action_question", "action_whom", "action_due")]

    @classmethod
    def initial_from(cls, answer) -> dict:
        if answer is None:
            return {"shown": shown_token({})}
        values = {name: getattr(answer, name) for name in ANSWER_FIELDS}
        return {**values, "shown": shown_token(values)}

    def answer_data(self) -> dict:
        """The cleaned fields to save: those changed since the page showed the answer, or all of
        them when the post does not say what it showed (a hand-made request)."""
        data = {name: self.cleaned_data[name] for name in ANSWER_FIELDS}
        shown = (self.cleaned_data.get("shown") or "").split(".")
        if len(shown) != len(ANSWER_FIELDS):
            return data
        return {
            name: value
            for (name, value), digest in zip(data.items(), shown, strict=True)
            if _field_digest(name, value) != digest
        }

    @property
    def saved_token(self) -> str:
        """``shown`` for the page once this form's answer is saved (autosave)."""
        return shown_token(self.cleaned_data)


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


class SessionChoiceField(forms.ModelChoiceField):
    """A session by its uuid; a value that is no uuid at all is just another session that
    cannot be chosen (not Django's "‘x’ is geen geldige UUID.")."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "invalid_choice":
                raise
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            ) from error


class ShareForm(forms.Form):
    VISIBILITY = [
        (
            "anoniem",
            _("Anoniem: alleen meegeteld in het totaal (per vraag vanaf 3 anonieme antwoorden)"),
        ),
        ("naam", _("Op naam: anderen in de sessie zien mijn antwoorden met mijn naam")),
    ]
    session = SessionChoiceField(
        label=_("Sessie"),
        queryset=ScanSession.objects.none(),
        to_field_name="uuid",
        error_messages={
            "required": _("Kies de sessie waarmee u uw scan deelt."),
            "invalid_choice": _("Kies een sessie waarvoor u bent uitgenodigd."),
        },
    )
    visibility = forms.ChoiceField(
        label=_("Hoe deel ik?"),
        choices=VISIBILITY,
        widget=forms.RadioSelect,
        initial="anoniem",
        error_messages={
            "required": _("Kies of u anoniem of op naam deelt."),
            "invalid_choice": _("Kies of u anoniem of op naam deelt."),
        },
    )

    def __init__(self, *args, sessions, chosen: str | None = None, **kwargs):
        """``chosen``: the uuid of the session to select in advance (from a link), ignored
        unless it is one of ``sessions``."""
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        name_empty_choice(self.fields["session"], _("(kies een sessie)"))
        # Not a session the user may share with: nothing chosen, as without a link.
        with contextlib.suppress(forms.ValidationError):
            if chosen:
                self.initial["session"] = self.fields["session"].clean(chosen)
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


class SessionForm(SubmitOnceMixin, DateWindowsMixin, forms.ModelForm):
    invitees = InviteeChoiceField(
        label=_("Uit te nodigen bestuurders"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = ScanSession
        fields = ["title", "meeting_date", "body"]
        widgets = {"meeting_date": DateInput()}
        help_texts = {
            "body": _("Optioneel: het overleg waarin de scan besproken wordt."),
        }

    date_windows = {"meeting_date": dates.PLANNED}

    def __init__(self, *args, region, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = GovernanceBody.objects.filter(region=region)
        name_empty_choice(self.fields["body"], _("(geen overleg)"))
        self.fields["invitees"].queryset = memberships
        if self.instance.pk:
            invited = set(self.instance.invitations.values_list("user_id", flat=True))
            self.initial["invitees"] = [m.pk for m in memberships if m.user_id in invited]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def invited_users(self):
        return [membership.user for membership in self.cleaned_data.get("invitees") or []]

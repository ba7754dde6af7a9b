from itertools import groupby

from crispy_forms.helper import FormHelper
from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from ghnt_portal import dates
from ghnt_portal.audit.locking import OptimisticLockFormMixin
from ghnt_portal.forms import DateInput, DateWindowsMixin, FieldViewsMixin
from ghnt_portal.submissions.forms import SubmitOnceMixin
from regions.models import GovernanceBody, Region, Seat

from .models import (
    AGENDA_NUMBER_MAX,
    AgendaItem,
    Assessment,
    AssessmentAnswer,
    ChecklistItem,
    ChecklistVersion,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)
from .selectors import NVL_TEXT_FIELDS


class CrispyMixin:
    """Crispy layout without a <form> tag: ``includes/form_page.html`` wraps it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # No layout: crispy renders the fields the form has when it is drawn, also those
        # a form's __init__ removed or added after this.
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class SeatChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, seat: Seat) -> str:
        parts = [seat.person_name]
        if seat.person_function:
            parts.append(seat.person_function)
        return " – ".join(parts) + f" ({seat.body.name})"


class SeatsByBodyIterator(ModelChoiceIterator):
    """The seats in one group per body, in the order of the queryset (which sorts by body)."""

    def __iter__(self):
        for _body_id, seats in groupby(self.queryset, key=lambda seat: seat.body_id):
            seats = list(seats)
            yield (seats[0].body.name, [self.choice(seat) for seat in seats])


class SeatsByBodyChoiceField(SeatChoiceField):
    """Seats of several bodies, grouped per body so that one finds a body's seats without
    JavaScript. Each label keeps its body's name: a screen reader reads it with the checkbox."""

    iterator = SeatsByBodyIterator


SEATS_WRONG_BODY = _("Kies alleen aanwezigen die een zetel hebben in het gekozen overleg.")


class AssessmentStartForm(SubmitOnceMixin, DateWindowsMixin, CrispyMixin, forms.Form):
    date_windows = {"date": dates.RECORDED}

    body = forms.ModelChoiceField(
        label=_("Voor welk overleg"),
        queryset=GovernanceBody.objects.none(),
        required=False,
        empty_label=_("De hele regio"),
        help_text=_("Kies een overleg, of laat 'de hele regio' staan."),
    )
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    participant_seats = SeatsByBodyChoiceField(
        label=_("Aanwezigen uit het overleg"),
        queryset=Seat.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Per overleg. Vink alleen zetels aan van het overleg dat u hierboven kiest; bij "
            "'de hele regio' laat u dit leeg."
        ),
    )
    participants = forms.CharField(
        label=_("Overige aanwezigen"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Namen, één per regel."),
    )
    stuurgroep_may_edit = forms.BooleanField(
        label=_("Stuurgroepleden van de regio mogen deze ronde mee invullen"), required=False
    )

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = region.bodies.order_by("name")
        self.fields["participant_seats"].queryset = (
            Seat.objects.filter(body__region=region)
            .select_related("body")
            .order_by("body__name", "body_id", "person_name")
        )

    def clean(self):
        cleaned = super().clean()
        body = cleaned.get("body")
        seats = cleaned.get("participant_seats") or []
        if any(body is None or seat.body_id != body.pk for seat in seats):
            self.add_error("participant_seats", SEATS_WRONG_BODY)
        return cleaned


class ReportDateForm(DateWindowsMixin, CrispyMixin, forms.Form):
    date_windows = {"datum": dates.RECORDED}

    datum = forms.DateField(
        label=_("Stand van zaken op"),
        widget=DateInput(),
        help_text=_(
            "Het verslag toont de laatste checklistronde tot en met deze datum en de acties die "
            "toen openstonden. De overige onderdelen tonen de huidige stand."
        ),
    )


class AssessmentEditForm(OptimisticLockFormMixin, DateWindowsMixin, CrispyMixin, forms.ModelForm):
    date_windows = {"date": dates.RECORDED}

    class Meta:
        model = Assessment
        fields = ["date", "participant_seats", "participants", "stuurgroep_may_edit"]
        widgets = {
            "date": DateInput(),
            "participant_seats": forms.CheckboxSelectMultiple,
            "participants": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"participant_seats": SeatChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.instance.body
        participants = self.fields["participants"]
        if body is None:
            # A round for the whole region has no body, so no seats: every name goes here.
            del self.fields["participant_seats"]
            participants.label = _("Aanwezigen")
            participants.help_text = _("Namen, één per regel.")
        else:
            self.fields["participant_seats"].queryset = body.seats.select_related("body")
            participants.label = _("Overige aanwezigen")
            participants.help_text = _(
                "Namen van aanwezigen die geen zetel in het overleg hebben, één per regel."
            )
        if self.instance.pk:
            self.fields["stuurgroep_may_edit"].label = _(
                "Stuurgroepleden van de regio mogen deze ronde mee invullen"
            )


class AnswerForm(OptimisticLockFormMixin, FieldViewsMixin, forms.ModelForm):
    """Status and explanation of one point of a checklist round; prefixed with the answer id.

    Rendered by governance/includes/answer_fields.html from ``views``: the fill page shows one
    for each of the 40 points.
    """

    # Answers are saved together; unchanged ones are skipped, so only a changed one conflicts.
    lock_only_when_changed = True

    class Meta:
        model = AssessmentAnswer
        fields = ["status", "explanation"]
        widgets = {
            "status": forms.RadioSelect,
            "explanation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        item = self.instance.item
        self.fields["status"].label = _("Status van %(code)s") % {"code": item.code}
        self.fields["explanation"].label = _("Toelichting bij %(code)s") % {"code": item.code}


class ActionForm(
    SubmitOnceMixin, OptimisticLockFormMixin, DateWindowsMixin, CrispyMixin, forms.ModelForm
):
    """A new action, or an edit of one: what, who and when. Where it came from (a checklist
    point or an agenda item) is set when it is made and never changes."""

    # A due date more than a year ago is a slip on a new action, and when moved; an action's
    # stored due date is kept when an edit leaves it as it was.
    date_windows = {"due_date": dates.NEW_DUE_DATE}

    class Meta:
        model = FollowUpAction
        fields = ["description", "owner_name", "due_date"]
        widgets = {"due_date": DateInput()}


class NietVergetenLijstForm(OptimisticLockFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = NietVergetenLijst
        # The list's written agreements: the fields its completeness counts.
        fields = list(NVL_TEXT_FIELDS)
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class CommunicationEntryForm(
    SubmitOnceMixin, OptimisticLockFormMixin, DateWindowsMixin, CrispyMixin, forms.ModelForm
):
    date_windows = {"date": dates.PLANNED}

    class Meta:
        model = CommunicationEntry
        fields = ["audience", "moment", "date", "subject", "channel", "responsible"]
        widgets = {"date": DateInput(), "moment": forms.RadioSelect}


class MeetingForm(
    SubmitOnceMixin, OptimisticLockFormMixin, DateWindowsMixin, CrispyMixin, forms.ModelForm
):
    date_windows = {"date": dates.PLANNED}

    class Meta:
        model = Meeting
        fields = ["date", "place", "present_seats", "guests", "notes"]
        widgets = {
            "date": DateInput(),
            "present_seats": forms.CheckboxSelectMultiple,
            "guests": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"present_seats": SeatChoiceField}

    def __init__(self, *args, body: GovernanceBody, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.body = body
        self.fields["present_seats"].queryset = body.seats.select_related("body")
        self.fields["present_seats"].help_text = _(
            "Vink aan wie er was. Vooraf kunt u dit leeg laten: verwacht worden de vaste leden."
        )


class ChecklistItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, item: ChecklistItem) -> str:
        return f"{item.code} {item.title}"


class ActionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, action: FollowUpAction) -> str:
        due = f" ({dates.written_date(action.due_date)})" if action.due_date else ""
        return f"{action.description} – {action.owner_name}{due}"


class AgendaItemForm(SubmitOnceMixin, OptimisticLockFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "ask", "introduced_by", "checklist_items", "actions", "outcome"]
        widgets = {
            "ask": forms.RadioSelect,
            "order": forms.NumberInput(attrs={"max": AGENDA_NUMBER_MAX}),
            "checklist_items": forms.CheckboxSelectMultiple,
            "actions": forms.CheckboxSelectMultiple,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {
            "checklist_items": ChecklistItemChoiceField,
            "actions": ActionChoiceField,
        }
        help_texts = {"outcome": _("Vul na de vergadering in wat er is afgesproken of besloten.")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        version = ChecklistVersion.objects.current()
        items = ChecklistItem.objects.filter(section__version=version).order_by(
            "section__order", "order"
        )
        if self.instance.pk:
            items = items | ChecklistItem.objects.filter(agenda_items=self.instance)
        self.fields["checklist_items"].queryset = items.distinct()
        actions = FollowUpAction.objects.filter(region=meeting.body.region_id, is_closed=False)
        if self.instance.pk:
            actions = actions | FollowUpAction.objects.filter(agenda_items=self.instance)
        self.fields["actions"].queryset = actions.distinct().order_by("due_date", "created_at")

"""Integrale sturing: the checklist (versioned content), assessments, follow-up actions, the
Niet-Vergeten-Lijst and communication plan of a governance body, and its meetings."""

import uuid
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ghnt_portal.audit.locking import lock_version_field
from ghnt_portal.dates import written_date
from ghnt_portal.reference import shipped_field
from ghnt_portal.versioning import Version, VersionQuerySet
from regions.models import GovernanceBody, Region, Seat

from .constants import AgendaAsk, CommunicationMoment, ItemStatus, VersionStatus

__all__ = [
    "AgendaItem",
    "Assessment",
    "AssessmentAnswer",
    "ChecklistItem",
    "ChecklistSection",
    "ChecklistVersion",
    "CommunicationEntry",
    "FollowUpAction",
    "Meeting",
    "NietVergetenLijst",
]


# --- Checklist content ---------------------------------------------------------------------


def _day(value) -> str:
    """A date as the pages' headings write it ("6 januari 2027"); also before the date is cleaned
    (the audit trail names new objects from ``str()`` at save time, when a date may still be the
    text that was set)."""
    return written_date(value) if hasattr(value, "strftime") else str(value)


class ChecklistVersion(Version):
    """One edition of the checklist. Frozen once a round or a meeting's agenda uses it."""

    number_field = "number"
    used_by = ("assessments", "sections__items__agenda_items")
    shipped_field = "shipped_number"
    content = {
        "governance.ChecklistSection": "version",
        "governance.ChecklistItem": "section__version",
    }
    published_lookup = {"status": VersionStatus.PUBLISHED}

    number = models.PositiveSmallIntegerField(_("versienummer"), unique=True)
    shipped_number = models.PositiveSmallIntegerField(
        _("versie in de repository"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Ingevuld voor inhoud die met load_reference_content is geladen."),
    )
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    source = models.CharField(_("bron"), max_length=250, blank=True)
    notes = models.TextField(_("toelichting op deze versie"), blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("gebaseerd op"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklistversie")
        verbose_name_plural = _("checklistversies")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.title} (versie {self.number}, {self.get_status_display()})"


class ChecklistSection(models.Model):
    version = models.ForeignKey(
        ChecklistVersion,
        verbose_name=_("versie"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("Bijvoorbeeld 2A, 3D of tip1."))
    title = models.CharField(_("titel"), max_length=250)
    intro = models.TextField(_("inleiding"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    shipped = shipped_field()

    class Meta:
        verbose_name = _("checklistonderdeel")
        verbose_name_plural = _("checklistonderdelen")
        ordering = ["version", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "code"], name="governance_section_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.heading

    @property
    def heading(self) -> str:
        """The section's code and title ("2A. Een gedeelde visie …"), or just the title when it
        already names the code, as the tips do ("tip1": "Tip 1: maak het belang …")."""
        if self.title.replace(" ", "").lower().startswith(self.code.lower()):
            return self.title
        return f"{self.code}. {self.title}"


class ChecklistItem(models.Model):
    section = models.ForeignKey(
        ChecklistSection,
        verbose_name=_("onderdeel"),
        on_delete=models.CASCADE,
        related_name="items",
    )
    code = models.CharField(
        _("code"),
        max_length=20,
        help_text=_("Blijft gelijk tussen versies, zodat rondes te vergelijken zijn."),
    )
    title = models.CharField(_("titel"), max_length=250)
    explanation = models.TextField(_("korte uitleg"))
    done_looks_like = models.TextField(_("zo ziet 'geregeld' eruit"))
    source = models.CharField(_("bron"), max_length=200)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    shipped = shipped_field()

    class Meta:
        verbose_name = _("checklistpunt")
        verbose_name_plural = _("checklistpunten")
        ordering = ["section__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["section", "code"], name="governance_item_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


# --- Assessments and actions ---------------------------------------------------------------


class Assessment(models.Model):
    """A round of the checklist for the region, or for one of its governance bodies."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="assessments"
    )
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("overleg"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
        help_text=_("Leeg: de checklist geldt voor de hele regio."),
    )
    version = models.ForeignKey(
        ChecklistVersion,
        verbose_name=_("checklistversie"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("vorige ronde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField(_("datum"))
    participants = models.TextField(
        _("aanwezigen (namen)"),
        blank=True,
        max_length=2000,
        help_text=_("Namen van aanwezigen die geen zetel in het overleg hebben."),
    )
    participant_seats = models.ManyToManyField(
        Seat, verbose_name=_("aanwezigen uit het overleg"), blank=True, related_name="+"
    )
    stuurgroep_may_edit = models.BooleanField(
        _("stuurgroepleden mogen invullen"),
        default=False,
        help_text=_(
            "Stuurgroepleden van de regio mogen dan statussen, toelichtingen en acties invullen."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("checklistronde")
        verbose_name_plural = _("checklistrondes")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.scope_label} – {_day(self.date)}"

    @property
    def scope_label(self) -> str:
        return (
            str(self.body) if self.body_id else _("hele regio %(region)s") % {"region": self.region}
        )

    def clean(self) -> None:
        super().clean()
        if self.body_id and self.region_id and self.body.region_id != self.region_id:
            raise ValidationError({"body": _("Kies een overleg uit deze regio.")})


class AssessmentAnswer(models.Model):
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("punt"), on_delete=models.PROTECT, related_name="answers"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    explanation = models.TextField(_("toelichting"), blank=True, max_length=4000)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        ordering = ["item__section__order", "item__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "item"], name="governance_answer_unique_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.get_status_display()}"


class FollowUpActionQuerySet(models.QuerySet):
    def open(self) -> "FollowUpActionQuerySet":
        return self.filter(is_closed=False)

    def open_on(self, day: date) -> "FollowUpActionQuerySet":
        """Actions open on ``day`` (in TIME_ZONE): made by its end and not closed by then. A
        closed action without ``closed_at`` counts as closed before any day. For today or later
        this is ``open()`` (and a far-off day such as 9999-12-31 needs no date arithmetic)."""
        if day >= timezone.localdate():
            return self.open()
        end = timezone.make_aware(
            datetime.combine(day + timedelta(days=1), time.min), timezone.get_default_timezone()
        )
        return self.filter(Q(is_closed=False) | Q(closed_at__gte=end), created_at__lt=end)


class FollowUpAction(models.Model):
    """A follow-up action from a checklist item or a meeting's agenda item."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        Region, verbose_name=_("regio"), on_delete=models.CASCADE, related_name="governance_actions"
    )
    answer = models.ForeignKey(
        AssessmentAnswer,
        verbose_name=_("checklistpunt in ronde"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
    )
    agenda_item = models.ForeignKey(
        "AgendaItem",
        verbose_name=_("agendapunt"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="new_actions",
    )
    description = models.CharField(_("wat moet er gebeuren"), max_length=500)
    owner_name = models.CharField(_("wie pakt het op"), max_length=150)
    due_date = models.DateField(_("uiterlijk klaar op"), null=True, blank=True)
    is_closed = models.BooleanField(_("afgerond"), default=False)
    closed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    lock_version = lock_version_field()

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vervolgactie")
        verbose_name_plural = _("vervolgacties")
        ordering = [models.F("due_date").asc(nulls_last=True), "created_at"]

    def __str__(self) -> str:
        return self.description

    @property
    def origin_label(self) -> str:
        if self.answer_id:
            return _("checklistpunt %(code)s") % {"code": self.answer.item.code}
        if self.agenda_item_id:
            return _("vergadering %(date)s") % {"date": _day(self.agenda_item.meeting.date)}
        return ""

    def clean(self) -> None:
        super().clean()
        if not self.region_id:
            return
        if self.answer_id and self.answer.assessment.region_id != self.region_id:
            raise ValidationError({"answer": _("Kies een checklistpunt uit deze regio.")})
        if self.agenda_item_id and self.agenda_item.meeting.body.region_id != self.region_id:
            raise ValidationError({"agenda_item": _("Kies een agendapunt uit deze regio.")})


# --- Niet-Vergeten-Lijst and communication plan --------------------------------------------


class NietVergetenLijst(models.Model):
    """The agreements a governance body should have made (report §3D, the Niet-Vergeten-Lijst)."""

    body = models.OneToOneField(
        GovernanceBody,
        verbose_name=_("overleg"),
        on_delete=models.CASCADE,
        related_name="niet_vergeten_lijst",
    )
    problem = models.TextField(
        _("het probleem, toegespitst op de regio"),
        blank=True,
        max_length=4000,
        help_text=_(
            "Wat is in deze regio het probleem met huiselijk geweld en "
            "kindermishandeling? Noem cijfers en wat opvalt."
        ),
    )
    purpose_and_role = models.TextField(
        _("doel van het overleg en rol van het overleg"),
        blank=True,
        max_length=4000,
        help_text=_("Waarvoor komt dit overleg bij elkaar en welke rol heeft het in de regio?"),
    )
    themes = models.TextField(
        _("onderwerpen en thema's"),
        blank=True,
        max_length=4000,
        help_text=_("Welke onderwerpen horen op de agenda van dit overleg, en welke niet?"),
    )
    preparation = models.TextField(
        _("wie bereidt voor, en hoe"),
        blank=True,
        max_length=4000,
        help_text=_(
            "Bijvoorbeeld: een ambtelijk vooroverleg met ketenpartners, wie de stukken "
            "schrijft en wanneer ze rondgaan."
        ),
    )
    communication = models.TextField(
        _("communicatie vooraf en achteraf"),
        blank=True,
        max_length=4000,
        help_text=_(
            "Hoe worden deelnemers en achterbannen vóór en na de vergadering geïnformeerd?"
        ),
    )
    information_flow = models.TextField(
        _("hoe de informatie de organisaties en de regio bereikt"),
        blank=True,
        max_length=4000,
        help_text=_(
            "Langs welke weg komen adviezen en besluiten bij colleges, raden en "
            "partnerorganisaties?"
        ),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("Niet-Vergeten-Lijst")
        verbose_name_plural = _("Niet-Vergeten-Lijsten")

    def __str__(self) -> str:
        return str(self.body)


# The communication plan reads in the order of the choices (before the meeting, after it, on a
# date), not in the alphabetical order of their stored codes; then by date and when added.
COMMUNICATION_ORDER = (
    models.Case(
        *(
            models.When(moment=code, then=models.Value(rank))
            for rank, code in enumerate(CommunicationMoment.values)
        ),
        output_field=models.PositiveSmallIntegerField(),
    ).asc(),
    "date",
    "created_at",
)


class CommunicationEntry(models.Model):
    """One line of a body's communication plan: who is informed when, about what, how."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("overleg"),
        on_delete=models.CASCADE,
        related_name="communication_entries",
    )
    audience = models.CharField(_("wie informeren we"), max_length=250)
    moment = models.CharField(
        _("wanneer"),
        max_length=10,
        choices=CommunicationMoment.choices,
        default=CommunicationMoment.AFTER_MEETING,
    )
    date = models.DateField(
        _("datum"), null=True, blank=True, help_text=_("Alleen nodig bij 'op een datum'.")
    )
    subject = models.CharField(_("waarover"), max_length=500)
    channel = models.CharField(
        _("via welk kanaal"),
        max_length=200,
        help_text=_("Bijvoorbeeld: nieuwsbrief, collegenota, raadsinformatiebrief, overleg."),
    )
    responsible = models.CharField(_("wie is verantwoordelijk"), max_length=150)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("regel in het communicatieplan")
        verbose_name_plural = _("communicatieplan")
        ordering = COMMUNICATION_ORDER
        constraints = [
            # A date with 'op een datum', and only then.
            models.CheckConstraint(
                condition=Q(moment=CommunicationMoment.ON_DATE, date__isnull=False)
                | (~Q(moment=CommunicationMoment.ON_DATE) & Q(date__isnull=True)),
                name="governance_communication_date_only_on_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audience}: {self.subject}"

    @property
    def when_label(self) -> str:
        if self.moment == CommunicationMoment.ON_DATE and self.date:
            return _day(self.date)
        return self.get_moment_display()

    def clean_fields(self, exclude=None) -> None:
        # Here, not in clean(): a date the form refused (a wrong or implausible one) is in
        # ``exclude`` and has its error already, not a second one asking for a date.
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        on_date = self.moment == CommunicationMoment.ON_DATE
        if "date" not in (exclude or ()):
            if on_date and not self.date:
                errors.setdefault("date", []).append(
                    ValidationError(_("Vul een datum in, of kies vóór of na de vergadering."))
                )
            elif not on_date and self.date:
                # The date is only shown for 'op een datum': kept with another moment it
                # would stay hidden in the plan and turn up again when the line is edited.
                errors.setdefault("date", []).append(
                    ValidationError(
                        _(
                            "Een datum hoort alleen bij ‘op een datum’. Maak de datum leeg, "
                            "of kies ‘op een datum’."
                        )
                    )
                )
        if errors:
            raise ValidationError(errors)


# --- Meetings ------------------------------------------------------------------------------


class Meeting(models.Model):
    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=_("overleg"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    date = models.DateField(_("datum"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    present_seats = models.ManyToManyField(
        Seat, verbose_name=_("aanwezig (uit het overleg)"), blank=True, related_name="+"
    )
    guests = models.TextField(
        _("overige aanwezigen"),
        blank=True,
        max_length=2000,
        help_text=_("Gasten of vervangers, één per regel."),
    )
    notes = models.TextField(_("aantekeningen"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("vergadering")
        verbose_name_plural = _("vergaderingen")
        ordering = ["-date", "-created_at"]

    def __str__(self) -> str:
        return f"{self.body} – {_day(self.date)}"


# An agenda item's number: three digits fit the report's "Nr." column (and the database's small
# integer, up to 32767, would refuse the number after a five-digit one).
AGENDA_NUMBER_MAX = 999


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("vergadering"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    order = models.PositiveSmallIntegerField(
        _("volgorde"),
        default=1,
        validators=[
            MaxValueValidator(
                AGENDA_NUMBER_MAX,
                message=_("Geef een nummer van ten hoogste %(limit_value)s."),
            )
        ],
    )
    title = models.CharField(_("titel"), max_length=250)
    ask = models.CharField(
        _("wat wordt er van het overleg gevraagd"),
        max_length=20,
        choices=AgendaAsk.choices,
        default=AgendaAsk.DISCUSS,
    )
    introduced_by = models.CharField(_("wie brengt het in"), max_length=150, blank=True)
    checklist_items = models.ManyToManyField(
        ChecklistItem,
        verbose_name=_("gekoppelde checklistpunten"),
        blank=True,
        related_name="agenda_items",
    )
    actions = models.ManyToManyField(
        FollowUpAction, verbose_name=_("gekoppelde acties"), blank=True, related_name="agenda_items"
    )
    outcome = models.TextField(_("uitkomst"), blank=True, max_length=4000)
    lock_version = lock_version_field()

    class Meta:
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

"""The B&W-scan: versioned content (questionnaire → theme → question), personal responses,
and group sessions in which bestuurders share a response.

A response is private to its author. Counting (e.g. completed scans per region for a national
overview) may use ``Response.objects.completed()`` with ``region``; never the answers themselves.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ghnt_portal.reference import shipped_field
from ghnt_portal.versioning import Version, VersionQuerySet

from .constants import Audience, ResponseStatus, Scale

ERROR_BODY_OTHER_REGION = _("Kies een overleg uit deze regio.")


class Questionnaire(Version):
    """One version of the scan's content. Frozen (read-only) once a scan or session uses it."""

    number_field = "version"
    used_by = ("responses", "sessions")
    shipped_field = "shipped_version"
    content = {"scan.Theme": "questionnaire", "scan.Question": "questionnaire"}
    published_lookup = {"is_published": True}

    version = models.PositiveIntegerField(_("versie"), unique=True)
    title = models.CharField(_("titel"), max_length=200, default="B&W-scan HGKM")
    introduction = models.TextField(_("inleiding"), blank=True)
    shipped_version = models.PositiveIntegerField(
        _("versie in de repository"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("Ingevuld voor inhoud die met load_reference_content is geladen."),
    )
    is_published = models.BooleanField(_("gepubliceerd"), default=False)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("vragenlijst (versie)")
        verbose_name_plural = _("vragenlijsten (versies)")
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} – versie {self.version}"


class Theme(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.CASCADE,
        related_name="themes",
    )
    key = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Blijft gelijk over versies, zodat rondes per thema te vergelijken zijn."),
    )
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(_("inleiding"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    shipped = shipped_field()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["questionnaire", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="scan_theme_unique_key"),
        ]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.CASCADE,
        related_name="questions",
        editable=False,
    )
    theme = models.ForeignKey(
        Theme, verbose_name=_("thema"), on_delete=models.CASCADE, related_name="questions"
    )
    key = models.SlugField(
        _("code"),
        max_length=60,
        help_text=_("Blijft gelijk over versies, zodat een nieuwe ronde antwoorden kan overnemen."),
    )
    text = models.TextField(_("reflectievraag"), max_length=600)
    why = models.TextField(_("waarom dit ertoe doet"), blank=True, max_length=2000)
    deepening = models.TextField(
        _("verdiepingsvragen"),
        blank=True,
        max_length=2000,
        help_text=_("Eén tot drie vragen, elk op een eigen regel."),
    )
    tips = models.TextField(_("tips en hulpmiddelen"), blank=True, max_length=3000)
    source = models.CharField(
        _("bron"), max_length=200, help_text=_("Bijv. Integrale sturing, GHNT 2020, §3D.")
    )
    audience = models.CharField(
        _("voor wie"), max_length=20, choices=Audience.choices, default=Audience.BOTH
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    shipped = shipped_field()

    class Meta:
        verbose_name = _("reflectievraag")
        verbose_name_plural = _("reflectievragen")
        ordering = ["theme__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "key"], name="scan_question_unique_key"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def save(self, *args, **kwargs):
        if self.theme_id:
            self.questionnaire_id = self.theme.questionnaire_id
        super().save(*args, **kwargs)

    @property
    def deepening_list(self) -> list[str]:
        return [line.strip() for line in self.deepening.splitlines() if line.strip()]

    def is_for(self, function: str) -> bool:
        return self.audience == Audience.BOTH or not function or self.audience == function

    def clean(self) -> None:
        super().clean()
        if len(self.deepening_list) > 3:
            raise ValidationError({"deepening": _("Geef hoogstens drie verdiepingsvragen.")})
        if self.theme_id:
            # The questionnaire follows the theme; check the key here because the form
            # does not see the (non-editable) questionnaire field.
            self.questionnaire_id = self.theme.questionnaire_id
            taken = Question.objects.filter(questionnaire_id=self.questionnaire_id, key=self.key)
            if self.key and taken.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"key": _("Deze code is in deze versie al gebruikt door een andere vraag.")}
                )


class ResponseQuerySet(models.QuerySet):
    def completed(self) -> "ResponseQuerySet":
        return self.filter(status=ResponseStatus.COMPLETED)

    def of(self, user) -> "ResponseQuerySet":
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Response(models.Model):
    """One bestuurder's scan, one round. Private: only its author ever sees it."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestuurder"),
        on_delete=models.CASCADE,
        related_name="scan_responses",
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regio"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scan_responses",
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        verbose_name=_("gemeente"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    function = models.CharField(_("functie"), max_length=20, blank=True)
    round = models.PositiveSmallIntegerField(_("ronde"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("vorige ronde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_rounds",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ResponseStatus.choices,
        default=ResponseStatus.IN_PROGRESS,
    )
    last_theme = models.ForeignKey(
        Theme,
        verbose_name=_("laatst bekeken thema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingevulde scan")
        verbose_name_plural = _("ingevulde scans")
        ordering = ["-round"]
        constraints = [
            models.UniqueConstraint(fields=["user", "round"], name="scan_response_unique_round"),
        ]

    def __str__(self) -> str:
        return f"B&W-scan ronde {self.round}"

    @property
    def is_completed(self) -> bool:
        return self.status == ResponseStatus.COMPLETED


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), on_delete=models.PROTECT, related_name="answers"
    )
    scale = models.PositiveSmallIntegerField(
        _("waar sta ik"), choices=Scale.choices, null=True, blank=True
    )
    reflection = models.TextField(_("reflectie"), blank=True, max_length=4000)
    is_priority = models.BooleanField(_("prioriteit"), default=False)
    priority_rank = models.PositiveSmallIntegerField(
        _("plaats als prioriteit"), null=True, blank=True
    )
    action_question = models.TextField(_("welke vraag stel ik"), blank=True, max_length=1000)
    action_whom = models.CharField(_("aan wie"), max_length=200, blank=True)
    action_due = models.DateField(_("wanneer"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="scan_answer_unique_question"
            ),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=0, scale__lte=4),
                name="scan_answer_scale_range",
            ),
            models.CheckConstraint(
                condition=Q(priority_rank__isnull=True)
                | Q(priority_rank__gte=1, priority_rank__lte=3),
                name="scan_answer_rank_range",
            ),
            models.UniqueConstraint(
                fields=["response", "priority_rank"],
                condition=Q(priority_rank__isnull=False),
                name="scan_answer_unique_rank",
            ),
        ]

    def __str__(self) -> str:
        return f"Antwoord op {self.question_id}"

    @property
    def is_answered(self) -> bool:
        return self.scale is not None

    @property
    def has_action(self) -> bool:
        return bool(self.action_question or self.action_whom or self.action_due)


class ScanSession(models.Model):
    """A group conversation in a steering body or meeting, opened by a project leader."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("regio"),
        on_delete=models.CASCADE,
        related_name="scan_sessions",
    )
    body = models.ForeignKey(
        "regions.GovernanceBody",
        verbose_name=_("overleg"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scan_sessions",
    )
    title = models.CharField(_("titel van de bijeenkomst"), max_length=200)
    meeting_date = models.DateField(_("datum"), null=True, blank=True)
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    invitees = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigde bestuurders"),
        through="SessionInvitation",
        related_name="scan_session_invitations",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("scansessie")
        verbose_name_plural = _("scansessies")
        ordering = ["-meeting_date", "-created_at"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.body_id and self.region_id and self.body.region_id != self.region_id:
            raise ValidationError({"body": ERROR_BODY_OTHER_REGION})


class SessionInvitation(models.Model):
    session = models.ForeignKey(
        ScanSession, verbose_name=_("sessie"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestuurder"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uitgenodigd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="scan_sessioninvitation_unique_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.session}"


class SharedResponse(models.Model):
    """The author's explicit consent to show one response in one session. Delete to withdraw."""

    session = models.ForeignKey(
        ScanSession, verbose_name=_("sessie"), on_delete=models.CASCADE, related_name="shares"
    )
    response = models.ForeignKey(
        Response, verbose_name=_("scan"), on_delete=models.CASCADE, related_name="shares"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestuurder"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anoniem"), default=True)
    shared_at = models.DateTimeField(_("gedeeld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("gedeelde scan")
        verbose_name_plural = _("gedeelde scans")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"], name="scan_sharedresponse_one_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} ({'anoniem' if self.anonymous else 'op naam'})"


class AnonymousSnapshot(models.Model):
    """The anonymous answers of a session as last shown, per question (``counts``), and which
    anonymous answers they hold (``contributions``). See ``services.settle_anonymous_snapshot``:
    a question's counts only change once at least MIN_SHARED_FOR_AGGREGATE anonymous answers to
    it changed, so comparing two views never gives away one person's answer."""

    session = models.OneToOneField(
        ScanSession,
        verbose_name=_("sessie"),
        on_delete=models.CASCADE,
        related_name="anonymous_snapshot",
    )
    taken_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    # {question key: {"scales": [count per Scale value 0..4], "priority": count}}; a question
    # without an entry shows no anonymous answers.
    counts = models.JSONField(_("anonieme aantallen per vraag"), default=dict)
    # {response id: {question key: digest of that answer}}: the answers inside ``counts``; ""
    # for the answers of a response that is no longer shared anonymously (its counts are gone).
    contributions = models.JSONField(_("anonieme bijdragen"), default=dict)

    class Meta:
        verbose_name = _("stand van de anonieme antwoorden")
        verbose_name_plural = _("standen van de anonieme antwoorden")

    def __str__(self) -> str:
        return f"{self.session} (anoniem)"

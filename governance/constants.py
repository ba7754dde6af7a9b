from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "concept", _("concept")
    PUBLISHED = "gepubliceerd", _("gepubliceerd")
    ARCHIVED = "gearchiveerd", _("gearchiveerd")


class ItemStatus(models.TextChoices):
    NOT_STARTED = "niet_gestart", _("niet gestart")
    IN_PROGRESS = "mee_bezig", _("mee bezig")
    DONE = "geregeld", _("geregeld")
    NOT_APPLICABLE = "nvt", _("niet van toepassing")


# Progress order for the comparison between two assessments; "niet van toepassing" has no rank.
STATUS_RANK = {
    ItemStatus.NOT_STARTED: 0,
    ItemStatus.IN_PROGRESS: 1,
    ItemStatus.DONE: 2,
}

# CSS class of the status label; the label always carries the text too (never colour alone).
STATUS_BADGE = {
    ItemStatus.NOT_STARTED: "badge-danger",
    ItemStatus.IN_PROGRESS: "badge-warning",
    ItemStatus.DONE: "badge-ok",
    ItemStatus.NOT_APPLICABLE: "badge-neutral",
}


class Change(models.TextChoices):
    IMPROVED = "vooruit", _("vooruitgegaan")
    FELL_BACK = "achteruit", _("teruggevallen")
    SAME = "gelijk", _("gelijk gebleven")
    NEW = "nieuw", _("nieuw punt")
    OTHER = "anders", _("gewijzigd")


class AgendaAsk(models.TextChoices):
    INFORM = "informeren", _("informeren")
    DISCUSS = "bespreken", _("bespreken")
    ADVISE = "adviseren", _("adviseren")
    DECIDE = "besluiten", _("besluiten")


class CommunicationMoment(models.TextChoices):
    BEFORE_MEETING = "voor", _("vóór de vergadering")
    AFTER_MEETING = "na", _("na de vergadering")
    ON_DATE = "datum", _("op een datum")


# An action is added to a checklist point or agenda item that was deleted meanwhile.
ACTION_ORIGIN_GONE = _(
    "Het checklistpunt of agendapunt van deze actie is intussen verwijderd; de actie is niet "
    "toegevoegd."
)

from functools import cache

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@cache
def _translated_labels(choices: type[models.TextChoices], language: str | None) -> dict[str, str]:
    """The labels of ``choices`` in ``language``: constants, so translated once per process."""
    return {value: str(label) for value, label in choices.choices}


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """What ``get_FOO_display()`` says for ``value`` (the value itself when it is no choice),
    without translating the labels on each call as that method does; for tables that show a
    label per row."""
    return _translated_labels(choices, get_language()).get(value, value)


class RegionRole(models.TextChoices):
    PROJECTLEIDER = "projectleider", _("regionaal projectleider")
    STUURGROEPLID = "stuurgroeplid", _("stuurgroeplid")
    BESTUURDER = "bestuurder", _("bestuurder")


class BestuurderFunction(models.TextChoices):
    BURGEMEESTER = "burgemeester", _("burgemeester")
    WETHOUDER = "wethouder", _("wethouder")


class BodyKind(models.TextChoices):
    ADVISORY = "adviserend", _("adviserend")
    DECISION_MAKING = "besluitvormend", _("besluitvormend")


class SeatMembership(models.TextChoices):
    FIXED = "vast", _("vast lid")
    ON_REQUEST = "op_uitnodiging", _("op uitnodiging")


class SeatRole(models.TextChoices):
    MEMBER = "lid", _("lid")
    CHAIR = "voorzitter", _("voorzitter")
    SECRETARY = "secretaris", _("secretaris")


class AmbassadorType(models.TextChoices):
    NONE = "", _("geen")
    HARTWERKER = "hartwerker", _("hartwerker")
    VOORLOPER = "voorloper", _("voorloper")
    CRITICUS = "criticus", _("criticus")


class DomainGroup(models.TextChoices):
    """Where a domain sits in the care/safety split of the report (§2A)."""

    CARE = "zorg", _("zorg")
    SAFETY = "veiligheid", _("veiligheid")
    ADJACENT = "aanpalend", _("aanpalend")


class WhiteSpotSeverity(models.TextChoices):
    """How urgent a white spot in the steering structure is."""

    HIGH = "hoog", _("hoog")
    MEDIUM = "middel", _("middel")
    LOW = "laag", _("laag")


class WhiteSpotCode(models.TextChoices):
    """The white-spot rules of the structure picture (regions.structure)."""

    CORE_DOMAIN_UNCOVERED = "core_domain_uncovered", _("kerndomein in geen enkel overleg")
    DOMAIN_UNCOVERED = "domain_uncovered", _("domein in geen enkel overleg")
    NO_CARE_SAFETY_BODY = "no_care_safety_body", _("geen overleg met zorg én veiligheid")
    NO_DECISION_BODY = "no_decision_body", _("geen besluitvormend overleg")
    MUNICIPALITY_NOT_AT_TABLE = "municipality_not_at_table", _("gemeente in geen enkel overleg")
    PARTNER_NOT_AT_TABLE = "partner_not_at_table", _("partnerorganisatie in geen enkel overleg")
    NO_EXPERT_BY_EXPERIENCE = "no_expert_by_experience", _("geen ervaringsdeskundige")
    CORE_DOMAIN_WITHOUT_AMBASSADOR = (
        "core_domain_without_ambassador",
        _("kerndomein zonder ambassadeur"),
    )


class FigureKind(models.TextChoices):
    """What a regional figure counts (issue 8). "Overig" needs a name of its own."""

    VT_ADVICE = "vt_adviesvragen", _("Veilig Thuis: adviesvragen")
    VT_REPORTS = "vt_meldingen", _("Veilig Thuis: meldingen")
    OTHER = "overig", _("ander cijfer")


class NationalFigureKind(models.TextChoices):
    """Shipped national reference figures (regions/data/national_figures.json)."""

    VT_ADVICE = "vt_adviesvragen", _("Veilig Thuis: adviesvragen")
    VT_REPORTS = "vt_meldingen", _("Veilig Thuis: meldingen")
    INHABITANTS = "inwoners", _("inwoners op 1 januari")


# A name is unique within the region (ignoring case): the forms and the services say so.
DUPLICATE_BODY_NAME = _("Deze regio heeft al een overleg met deze naam.")
DUPLICATE_PARTNER_NAME = _("Deze regio heeft al een partnerorganisatie met deze naam.")
DUPLICATE_FIGURE_YEAR = _("Dit cijfer staat voor %(year)s al in de regio; bewerk dat cijfer.")
# The years of an 'ander cijfer' are one series under one name (``figure_label_error``).
SERIES_SPELLED_DIFFERENTLY = _(
    "Er is al een cijfer ‘%(name)s’. Schrijf de naam net zo, dan komt dit jaar in dezelfde reeks."
)
SERIES_NAME_TAKEN = _(
    "Er is al een cijfer ‘%(name)s’. Kies een andere naam: de jaren van twee cijfers worden niet "
    "samengevoegd."
)
SERIES_YEAR_TAKEN = _(
    "‘%(name)s’ heeft al een cijfer over %(year)s. Verwijder of bewerk dat jaar eerst."
)
REPORTS_TO_GONE = _("Dit overleg is intussen verwijderd. Kies een ander overleg.")

from django.db import models
from django.utils.translation import gettext_lazy as _

# Sessions show anonymous answers only once at least this many responses are shared.
MIN_SHARED_FOR_AGGREGATE = 3
# Completing asks for at most this many ranked priorities.
MAX_PRIORITIES = 3


class Audience(models.TextChoices):
    BOTH = "beide", _("burgemeester en wethouder")
    BURGEMEESTER = "burgemeester", _("burgemeester")
    WETHOUDER = "wethouder", _("wethouder")


class Scale(models.IntegerChoices):
    """Where I stand: four steps, plus "weet ik niet" (0, left out of averages)."""

    DONT_KNOW = 0, _("weet ik niet")
    NOT_YET = 1, _("1 – nog niet")
    A_LITTLE = 2, _("2 – een beetje")
    MOSTLY = 3, _("3 – grotendeels")
    FULLY = 4, _("4 – helemaal")


SCALE_STEPS = (Scale.NOT_YET, Scale.A_LITTLE, Scale.MOSTLY, Scale.FULLY)


class ResponseStatus(models.TextChoices):
    IN_PROGRESS = "bezig", _("bezig")
    COMPLETED = "afgerond", _("afgerond")

from django.db import models
from django.utils.translation import gettext_lazy as _


class SeatHandling(models.TextChoices):
    KEEP_NAMES = "namen", _("Zetels blijven staan, alleen met de naam (niet meer gekoppeld)")
    REMOVE = (
        "verwijderen",
        _(
            "Zetels die aan deze gebruiker gekoppeld zijn, worden verwijderd (eerdere "
            "vergaderingen en checklistrondes houden de zetel zonder naam)"
        ),
    )

"""Writes of regional figures."""

from django.core.exceptions import ValidationError
from django.db import transaction

from regions.constants import DUPLICATE_FIGURE_YEAR
from regions.models import Region, RegionalFigure
from regions.selectors import figure_taken
from regions.services import lock_regions


@transaction.atomic
def figure_save(*, figure: RegionalFigure, region: Region) -> RegionalFigure:
    """Validate and save a figure. Saves of one region wait for each other (as the import
    does), and the form's duplicate check runs again under that lock: the same figure saved
    from two open pages is saved once and the second request gets the form's error, not a 500
    (a double click on one page is answered as saved: ``ghnt_portal.submissions``)."""
    figure.region = region
    lock_regions([region.pk])
    figure.full_clean(validate_constraints=False)
    if figure_taken(
        region_id=region.pk,
        kind=figure.kind,
        label=figure.label,
        year=figure.year,
        exclude_pk=figure.pk,
    ):
        raise ValidationError({"year": DUPLICATE_FIGURE_YEAR % {"year": figure.year}})
    figure.validate_constraints()
    figure.save()
    return figure


@transaction.atomic
def figure_delete(*, figure: RegionalFigure) -> None:
    figure.delete()

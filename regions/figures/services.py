"""Writes of regional figures."""

from django.core.exceptions import ValidationError
from django.db import transaction

from regions.constants import DUPLICATE_FIGURE_YEAR, FigureKind
from regions.models import Region, RegionalFigure
from regions.selectors import figure_label_error, figure_taken
from regions.services import lock_regions


@transaction.atomic
def figure_save(*, figure: RegionalFigure, region: Region) -> tuple[RegionalFigure, int]:
    """Validate and save a figure; returns it and the number of years saved under its name.

    An 'ander cijfer' that gets a new name gives it to every year of its series (same region
    and name), each year saved (and so in the history) on its own, all in this transaction.
    Saves of one region wait for each other (as the import does), and the form's checks run
    again under that lock: the same figure saved from two open pages is saved once and the
    second request gets the form's error, not a 500 (a double click on one page is answered as
    saved: ``ghnt_portal.submissions``)."""
    figure.region = region
    lock_regions([region.pk])
    figure.full_clean(validate_constraints=False)
    old_label = (
        RegionalFigure.objects.filter(pk=figure.pk, kind=FigureKind.OTHER)
        .values_list("label", flat=True)
        .first()
    )
    if figure.kind == FigureKind.OTHER and (
        error := figure_label_error(
            region_id=region.pk,
            pk=figure.pk,
            old_label=old_label,
            label=figure.label,
            year=figure.year,
        )
    ):
        raise ValidationError({"label": error})
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
    renamed = []
    if figure.kind == FigureKind.OTHER and old_label not in (None, figure.label):
        renamed = list(
            RegionalFigure.objects.filter(region=region, kind=figure.kind, label=old_label)
        )
        for other in renamed:
            other.label = figure.label
            other.save()
    return figure, 1 + len(renamed)


@transaction.atomic
def figure_delete(*, figure: RegionalFigure) -> None:
    figure.delete()

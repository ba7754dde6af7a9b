"""Writes of regional figures."""

from django.db import transaction

from regions.models import Region, RegionalFigure


@transaction.atomic
def figure_save(*, figure: RegionalFigure, region: Region) -> RegionalFigure:
    figure.region = region
    figure.full_clean()
    figure.save()
    return figure


@transaction.atomic
def figure_delete(*, figure: RegionalFigure) -> None:
    figure.delete()

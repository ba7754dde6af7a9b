"""Query helpers shared by the apps' selectors."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce


def count_per_row(related: QuerySet, field: str) -> Coalesce:
    """A count of ``related`` rows per outer row, as a correlated subquery (0 when none).

    Two or more ``Count`` annotations over joins multiply each other's rows before counting;
    a subquery per count keeps every count at the size of its own table.
    """
    counts = related.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(
        Subquery(counts.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )

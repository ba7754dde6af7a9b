"""Query helpers shared by the apps' selectors."""

from django.db.models import Func, IntegerField, OuterRef, QuerySet, Subquery


def count_per_row(related: QuerySet, field: str) -> Subquery:
    """A count of ``related`` rows per outer row, as a correlated subquery (0 when none).

    Two or more ``Count`` annotations over joins multiply each other's rows before counting;
    a subquery per count keeps every count at the size of its own table. ``COUNT`` as a plain
    function, not an aggregate: without a GROUP BY the subquery always returns one row, so
    it needs no ``Coalesce``, and the ORM builds it with less work.
    """
    counts = related.filter(**{field: OuterRef("pk")}).order_by()
    return Subquery(
        counts.values(n=Func("pk", function="COUNT", output_field=IntegerField())),
        output_field=IntegerField(),
    )

"""Links for every row of a table, reversed once per table instead of once per row."""

from collections.abc import Callable, Iterable, Sequence
from operator import attrgetter
from uuid import UUID

from django.urls import reverse

# Values that the path converters accept; each is replaced by a row's value (a row that has the
# marker's value gets its own link all the same).
_MARKERS = {int: "987654321987654321", UUID: str(UUID(int=0)), str: "reverse-each-marker"}


def reverse_each(viewname: str, args: Sequence, last_args: Iterable[int | UUID | str]) -> list[str]:
    """``[reverse(viewname, args=[*args, last]) for last in last_args]``, with one reverse():
    the URL is built with a marker for the last argument (an int, a UUID or a slug, which their
    path converters write as ``str()`` does, with nothing to quote), and each value takes the
    marker's place."""
    values = list(last_args)
    if not values:
        return []
    marker = _MARKERS[type(values[0])]
    head, tail = reverse(viewname, args=[*args, marker]).rsplit(marker, 1)
    return [f"{head}{value}{tail}" for value in values]


def set_links(
    rows: Sequence,
    attr: str,
    viewname: str,
    args: Sequence,
    key: Callable = attrgetter("uuid"),
) -> None:
    """Give each of ``rows`` its link as ``attr``: ``reverse(viewname, args=[*args, key(row)])``,
    with one reverse() for the whole table (see ``reverse_each``)."""
    urls = reverse_each(viewname, args, [key(row) for row in rows])
    for row, url in zip(rows, urls, strict=True):
        setattr(row, attr, url)

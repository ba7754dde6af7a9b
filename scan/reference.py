"""Reference content of the scan app, loaded by manage.py load_reference_content."""

from collections.abc import Iterator


def load() -> Iterator[str]:
    """Create or update the shipped content; yields one line of summary per list."""
    yield from ()

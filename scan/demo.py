"""Demo data of the scan app, loaded by manage.py load_demo_data after the regions demo."""

from collections.abc import Iterator


def load() -> Iterator[str]:
    yield from ()

"""Dates a person might type into a date field, for the tests of the date windows
(ghnt_portal.dates)."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from ghnt_portal.dates import years_from
from tests.pdf import pdf_text

TODAY = timezone.localdate()
TOO_EARLY = "Deze datum ligt te ver in het verleden"
TOO_LATE = "Deze datum ligt te ver in de toekomst"
INVALID = "Voer een geldige datum in."

# Valid dates no meeting, round or action can have, with the start of their error.
IMPLAUSIBLE = {
    "year-1": ("0001-01-01", TOO_EARLY),
    "1899": ("1899-12-31", TOO_EARLY),
    "9999": ("9999-12-31", TOO_LATE),
    "40-years-ahead": (years_from(TODAY, 40).isoformat(), TOO_LATE),
}
# Strings that are no date at all.
NO_DATE = {
    "31-february": "31-02-2026",
    "month-13": "2026-13-01",
    "word": "abc",
    "long": "2026-03-01" * 1_000,
    "nul": "2026-03-01\x00",
}
# Such dates as stored before the windows (or in the admin): every page must still show them.
STORED_EXTREMES = [
    datetime.date.min,
    datetime.date(1899, 12, 31),
    datetime.date.max,
    years_from(TODAY, 40),
]


def shows_date(response, day: datetime.date) -> bool:
    """Whether a page, CSV or PDF prints ``day`` in one of the portal's date formats."""
    if response["Content-Type"] == "application/pdf":
        text = " ".join(pdf_text(response.content).split())  # a date may wrap in the PDF
    else:
        text = response.content.decode()
    return any(date_format(day, style) in text for style in ("j F Y", "j-n-Y", "Y-m-d"))

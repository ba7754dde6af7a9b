"""The dates people enter in the portal's forms: for each kind of date the window a form accepts.

One place for every bound. A form names the window of each of its date fields
(``ghnt_portal.forms.DateWindowsMixin``), so a slip such as 0001-01-01 or 2062 for 2026 gets an
error next to the field instead of being saved and shown in every list, report and PDF.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Nothing the portal records (checklist rounds, meetings, plans, scans) is older than this.
EARLIEST = datetime.date(2000, 1, 1)


def written_date(day: datetime.date) -> str:
    """A date as the portal's pages and PDFs write it: "6 januari 2027"."""
    return date_format(day, "j F Y")


ERROR_TOO_EARLY = _("Deze datum ligt te ver in het verleden: kies %(first)s of later.")
ERROR_TOO_LATE = _("Deze datum ligt te ver in de toekomst: kies %(last)s of eerder.")


def years_from(day: datetime.date, years: int) -> datetime.date:
    """``day`` moved by ``years`` years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class DateWindow:
    """The dates accepted for one kind of date, counted from today (in TIME_ZONE)."""

    years_ahead: int
    years_back: int | None = None  # None: back to EARLIEST

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        first = EARLIEST if self.years_back is None else years_from(today, -self.years_back)
        return max(first, EARLIEST), years_from(today, self.years_ahead)

    def validate(self, value: datetime.date) -> None:
        first, last = self.bounds()
        if value < first:
            raise ValidationError(
                ERROR_TOO_EARLY, code="too_early", params={"first": written_date(first)}
            )
        if value > last:
            raise ValidationError(
                ERROR_TOO_LATE, code="too_late", params={"last": written_date(last)}
            )


# What happened or is about to: the date of a checklist round, a report's "stand van zaken op".
RECORDED = DateWindow(years_ahead=1)
# What is planned, possibly years ahead: a meeting, a line of the communication plan, a scan
# session, a scan's "Wanneer?".
PLANNED = DateWindow(years_ahead=10)
# A new follow-up action may be overdue already, but by a year at most.
NEW_DUE_DATE = DateWindow(years_ahead=10, years_back=1)

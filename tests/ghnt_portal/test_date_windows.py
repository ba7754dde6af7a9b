"""The windows of plausible dates (ghnt_portal/dates.py) that the forms check."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ghnt_portal import dates
from ghnt_portal.dates import DateWindow, years_from

TODAY = datetime.date(2026, 12, 7)


def test_a_window_runs_from_2000_or_years_back_to_years_ahead_of_today():
    assert dates.PLANNED.bounds(TODAY) == (datetime.date(2000, 1, 1), datetime.date(2036, 12, 7))
    assert dates.RECORDED.bounds(TODAY) == (datetime.date(2000, 1, 1), datetime.date(2027, 12, 7))
    assert dates.NEW_DUE_DATE.bounds(TODAY) == (
        datetime.date(2025, 12, 7),
        datetime.date(2036, 12, 7),
    )


def test_years_back_never_reach_before_2000():
    assert DateWindow(years_ahead=1, years_back=50).bounds(TODAY)[0] == dates.EARLIEST


def test_29_february_moves_to_28_february_in_a_common_year():
    assert years_from(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)
    assert years_from(datetime.date(2028, 2, 29), -4) == datetime.date(2024, 2, 29)


def test_the_bounds_themselves_are_accepted_and_the_days_beyond_refused_in_dutch(db):
    first, last = dates.NEW_DUE_DATE.bounds()
    dates.NEW_DUE_DATE.validate(first)
    dates.NEW_DUE_DATE.validate(last)

    with pytest.raises(ValidationError) as early:
        dates.NEW_DUE_DATE.validate(first - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as late:
        dates.NEW_DUE_DATE.validate(last + datetime.timedelta(days=1))

    assert early.value.messages[0].startswith("Deze datum ligt te ver in het verleden: kies ")
    assert late.value.messages[0].startswith("Deze datum ligt te ver in de toekomst: kies ")
    assert early.value.code == "too_early" and late.value.code == "too_late"

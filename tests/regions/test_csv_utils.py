"""The helpers both CSV imports share: delimiter guess and Dutch whole numbers."""

import pytest

from regions.csv_utils import delimiter, whole_number


@pytest.mark.parametrize(
    ("line", "expected"),
    [("a;b;c", ";"), ("a,b,c", ","), ("a\tb\tc", "\t"), ("a;b,c;d", ";"), ("abc", ",")],
)
def test_the_most_frequent_separator_is_the_delimiter(line, expected):
    assert delimiter(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12345", 12345),
        (" 1.100 ", 1100),
        ("12 345", 12345),
        ("1.234.567", 1234567),
        ("1.10", None),
        ("12,5", None),
        ("-3", None),
        ("", None),
        ("x", None),
    ],
)
def test_whole_numbers_as_dutch_tables_write_them(text, expected):
    assert whole_number(text) == expected

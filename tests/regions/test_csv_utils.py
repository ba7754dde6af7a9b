"""The CSV helpers: delimiter guess, reading rows, Dutch whole numbers and safe export."""

import pytest

from regions.csv_utils import (
    MAX_LINES,
    MAX_ROWS,
    TooLargeError,
    UnreadableCsvError,
    csv_text,
    delimiter,
    read_rows,
    spreadsheet_safe,
    whole_number,
)


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
        ("12\u00a0345", 12345),
        ("12\u202f345", 12345),
        ("1.10", None),
        ("12,5", None),
        ("-3", None),
        ("", None),
        ("x", None),
        ("\u0661\u0662", None),  # Arabic-Indic digits: no number in a Dutch table
    ],
)
def test_whole_numbers_as_dutch_tables_write_them(text, expected):
    assert whole_number(text) == expected


def test_rows_without_a_filled_cell_are_left_out_with_the_line_numbers_kept():
    assert read_rows("\n;;\na;b\n\n1;2\n") == [(3, ["a", "b"]), (5, ["1", "2"])]


@pytest.mark.parametrize("text", ["99999999999", "1" * 5000, "1" + ".000" * 1500])
def test_a_number_past_the_database_limit_is_too_large_however_long(text):
    with pytest.raises(TooLargeError) as error:
        whole_number(text)

    assert "is te groot (hoogstens 2.147.483.647)" in str(error.value)
    assert len(str(error.value)) < 100


def test_lines_ending_in_a_lone_carriage_return_are_rows():
    assert read_rows("a;b\r1;2\r\r3;4\r") == [(1, ["a", "b"]), (2, ["1", "2"]), (4, ["3", "4"])]


def test_a_row_with_a_newline_in_a_quoted_cell_has_the_number_of_its_first_line():
    text = 'a;b\n1;"twee\nregels"\n3;4\n5;"vier\r\nregels ""met"" aanhalingstekens"\n'

    assert read_rows(text) == [
        (1, ["a", "b"]),
        (2, ["1", "twee\nregels"]),
        (4, ["3", "4"]),
        (5, ["5", 'vier\r\nregels "met" aanhalingstekens']),
    ]


def test_a_nul_character_makes_the_file_unreadable_from_its_line():
    with pytest.raises(UnreadableCsvError) as error:
        read_rows("a;b\n1;2\n3;4\x00\n")

    assert error.value.line == 3
    assert "NUL-teken" in str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+31 6", "'+31 6"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Regio =Noord", "Regio =Noord"),
        ("", ""),
        (-2, -2),
        (12, 12),
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_gets_an_apostrophe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_csv_text_writes_semicolons_and_makes_every_cell_safe():
    assert csv_text([["regio", "aantal"], ["=Noord", -3]]) == "regio;aantal\r\n'=Noord;-3\r\n"


def test_a_header_and_the_most_rows_an_import_takes_are_read():
    assert len(read_rows("a\n" * (MAX_ROWS + 1))) == MAX_ROWS + 1


def test_reading_stops_at_the_first_row_past_the_most_an_import_takes():
    """A 2 MB upload of short lines is a million rows: the rest is never read into memory."""
    with pytest.raises(UnreadableCsvError) as error:
        read_rows("a\n" * 1_000_000)

    assert error.value.line == MAX_ROWS + 2
    assert str(error.value) == (
        "Het bestand heeft meer dan 5000 regels met gegevens; splits het bestand."
    )


def test_reading_stops_after_too_many_lines_even_when_they_are_empty():
    with pytest.raises(UnreadableCsvError) as error:
        read_rows("a;b\n" + ";\n" * 1_000_000)

    assert error.value.line == MAX_LINES + 1
    assert str(error.value) == "Het bestand heeft meer dan 50000 regels; splits het bestand."

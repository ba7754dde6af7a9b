"""CSV in the portal. For the imports of municipalities and of figures: reading the rows (with
the delimiter guessed), Dutch whole numbers and the preview's action per row. For every
export: ``csv_text``, which keeps spreadsheet formulas out."""

import csv
import io
import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

# Plain digits, or thousands grouped with a dot or a space as Dutch tables write them; the
# space may be a non-breaking one (as in numbers copied from a web page such as StatLine).
GROUPING = ". \u00a0\u202f"
WHOLE_NUMBER_RE = re.compile(rf"^([0-9]+|[0-9]{{1,3}}([{GROUPING}][0-9]{{3}})+)$")

# The largest number the database's integer columns hold (inhabitants, a figure's value).
MAX_WHOLE_NUMBER = 2_147_483_647

# The most rows with data an import takes after its header, and the most lines (empty ones too)
# read to find them: a 2 MB upload of short lines is a million rows, which the imports would
# otherwise hold in memory and check one by one.
MAX_ROWS = 5000
MAX_LINES = 10 * MAX_ROWS

# How much of a cell an error message quotes.
SHOWN_LENGTH = 40

# A text cell starting with one of these is run as a formula by Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

ACTION_CREATE = "nieuw"
ACTION_UPDATE = "bijwerken"
ACTION_UNCHANGED = "ongewijzigd"


def delimiter(first_line: str) -> str:
    """Excel in Dutch writes ';', most tools ','; a tab also occurs."""
    counts = {sep: first_line.count(sep) for sep in (";", ",", "\t")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


class UnreadableCsvError(ValueError):
    """The file cannot be read as CSV from ``line`` on; the message says why, in Dutch."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def read_rows(text: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for every row of ``text`` that has a non-empty cell, the delimiter
    guessed from its first non-empty line; a row with a newline in a quoted cell has the number
    of the line it starts on. Lines may end in LF, CRLF or a lone CR (Excel for Mac). Raises
    UnreadableCsvError for a file the csv module refuses (a cell of more than 128 KB), for a
    NUL character, which the database cannot store or look up, and for a file longer than
    MAX_ROWS rows after the header or MAX_LINES lines, where reading stops."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    # newline="": the csv module itself splits the lines, on every kind of line end.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(first))
    rows = []
    try:
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if start > MAX_LINES:
                raise UnreadableCsvError(
                    _("Het bestand heeft meer dan %(max)s regels; splits het bestand.")
                    % {"max": MAX_LINES},
                    start,
                )
            if any("\x00" in cell for cell in row):
                raise UnreadableCsvError(
                    _(
                        "Er staat een NUL-teken in deze regel; dat hoort niet in een "
                        "CSV-bestand. Sla het bestand in uw spreadsheet op als 'CSV UTF-8' en "
                        "probeer het opnieuw."
                    ),
                    start,
                )
            if any(cell.strip() for cell in row):
                if len(rows) > MAX_ROWS:
                    raise UnreadableCsvError(
                        _(
                            "Het bestand heeft meer dan %(max)s regels met gegevens; splits het "
                            "bestand."
                        )
                        % {"max": MAX_ROWS},
                        start,
                    )
                rows.append((start, row))
    except csv.Error as error:
        raise UnreadableCsvError(
            _("Het bestand is niet te lezen als CSV: is het een CSV-bestand?"), reader.line_num
        ) from error
    return rows


def _used_width(cells: list[str]) -> int:
    """The number of cells up to the last one that is not empty."""
    return next((i + 1 for i in range(len(cells) - 1, -1, -1) if cells[i].strip()), 0)


def too_many_cells(header: list[str], row: list[str]) -> str | None:
    """A Dutch error when ``row`` has filled cells beyond the columns of ``header`` (empty cells
    at the end are fine), else None. Such a row is never read as its first cells: an unquoted
    comma in a comma-separated file (a Dutch decimal comma, 100,5) splits a cell in two, and
    the row would otherwise be saved with half a number."""
    expected, found = _used_width(header), _used_width(row)
    if found <= expected:
        return None
    return _(
        "te veel kolommen: de kopregel heeft er %(expected)s, deze regel %(found)s. Staat er "
        "een komma in een getal of een naam? Zet die cel dan tussen aanhalingstekens, of sla het "
        "bestand op met puntkomma's."
    ) % {"expected": expected, "found": found}


class TooLargeError(ValueError):
    """A number that does not fit the database; the message says so, in Dutch."""


def shown(cell: str) -> str:
    """A cell as an error message quotes it: cut short after SHOWN_LENGTH characters (a cell
    may hold up to 128 KB, and every bad line gets its own message)."""
    return cell if len(cell) <= SHOWN_LENGTH else cell[:SHOWN_LENGTH] + "…"


def _too_large_message(digits: str) -> str:
    return _("%(number)s is te groot (hoogstens %(max)s)") % {
        "number": shown(digits),
        "max": f"{MAX_WHOLE_NUMBER:,}".replace(",", "."),
    }


def too_large(number: int) -> str | None:
    """A Dutch error when ``number`` (e.g. a sum) does not fit the database, else None."""
    return _too_large_message(str(number)) if number > MAX_WHOLE_NUMBER else None


def whole_number(text: str) -> int | None:
    """'12.345', '12 345' or '12345' as 12345; None for anything else. Raises TooLargeError for
    a number that does not fit the database."""
    text = text.strip()
    if not WHOLE_NUMBER_RE.match(text):
        return None
    digits = re.sub(f"[{GROUPING}]", "", text).lstrip("0") or "0"
    # The length first: Python refuses to read a number of more than 4,300 digits (ValueError).
    if len(digits) > len(str(MAX_WHOLE_NUMBER)) or int(digits) > MAX_WHOLE_NUMBER:
        raise TooLargeError(_too_large_message(digits))
    return int(digits)


def spreadsheet_safe(value):
    """``value``, with a leading apostrophe when it is text that a spreadsheet would take for a
    formula (CSV injection); numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Iterable]) -> str:
    """``rows`` as CSV with semicolons, as Dutch Excel expects; every cell spreadsheet-safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return out.getvalue()

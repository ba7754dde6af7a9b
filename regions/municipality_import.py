"""Import municipalities from a CSV file: CBS code, name, inhabitants, region (name or slug).

The whole file is read and checked first. Every bad line gets its own Dutch error and nothing
is saved while any line is wrong; existing CBS codes are updated, new ones created.
Used by the beheerder's admin screen and by ``manage.py import_municipalities``.
"""

import codecs
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .csv_utils import (
    ACTION_CREATE,
    ACTION_UNCHANGED,
    ACTION_UPDATE,
    TooLargeError,
    UnreadableCsvError,
    read_rows,
    shown,
    too_many_cells,
    whole_number,
)
from .models import Municipality, Region
from .services import MovedMunicipalities, follow_moved_municipalities, lock_regions

CBS_CODE_RE = re.compile(r"^GM[0-9]{4}$")

# Accepted spellings of each column, compared without case, spaces, dashes or underscores.
COLUMN_ALIASES = {
    "cbs_code": {"cbscode", "code", "gemeentecode", "gmcode"},
    "name": {"naam", "name", "gemeente", "gemeentenaam"},
    "inhabitants": {"inwoners", "aantalinwoners", "inhabitants", "bevolking"},
    "region": {"regio", "region", "regionaam", "regioslug"},
}
COLUMN_LABELS = {
    "cbs_code": "CBS-code",
    "name": "naam",
    "inhabitants": "inwoners",
    "region": "regio",
}


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return _("Regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


def read_lines(text: str, errors: list[LineError]) -> list[tuple[int, list[str]]]:
    """The rows of a CSV upload (``read_rows``); for a file that cannot be read, or holds only
    empty lines (also ';;;' or '""'), the reason goes into ``errors`` and no rows come back."""
    try:
        rows = read_rows(text)
    except UnreadableCsvError as error:
        errors.append(LineError(error.line, str(error)))
        return []
    if not rows:
        errors.append(LineError(0, _("Het bestand is leeg.")))
    return rows


def needs_update(
    municipality: Municipality, *, name: str, inhabitants: int | None, region: Region
) -> bool:
    """Whether a row rewrites an existing municipality; the one rule for the preview and for
    ``apply``."""
    return (
        municipality.name != name
        or municipality.inhabitants != inhabitants
        or municipality.region_id != region.pk
    )


@dataclass
class ImportRow:
    line: int
    cbs_code: str
    name: str
    inhabitants: int | None
    region: Region
    existing: Municipality | None = None

    @property
    def action(self) -> str:
        if self.existing is None:
            return ACTION_CREATE
        if needs_update(
            self.existing, name=self.name, inhabitants=self.inhabitants, region=self.region
        ):
            return ACTION_UPDATE
        return ACTION_UNCHANGED

    @property
    def action_label(self) -> str:
        return {
            ACTION_CREATE: _("nieuw"),
            ACTION_UPDATE: _("wordt bijgewerkt"),
            ACTION_UNCHANGED: _("ongewijzigd"),
        }[self.action]


@dataclass
class ImportPlan:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def summary(self) -> str:
        return _("gemeenten: %(new)s nieuw, %(updated)s bijgewerkt, %(same)s ongewijzigd") % {
            "new": self.count(ACTION_CREATE),
            "updated": self.count(ACTION_UPDATE),
            "same": self.count(ACTION_UNCHANGED),
        }


def decode(data: bytes) -> str:
    """The text of an uploaded file: UTF-16 with its byte order mark (Excel's 'Unicode-tekst'),
    else UTF-8 (a byte order mark from Excel is dropped), else Windows-1252: what Excel on a
    Dutch Windows saves as 'CSV (gescheiden door lijstscheidingsteken)'. Bytes that are not
    valid UTF-8 are almost never meant as UTF-8, and every import shows its rows before
    anything is saved. ValueError with a Dutch message for bytes that are neither."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(
        _(
            "Het bestand is geen tekst die het portaal kan lezen. Sla het in uw spreadsheet op "
            "als 'CSV UTF-8' en probeer het opnieuw."
        )
    )


def _key(header: str) -> str:
    return re.sub(r"[\s_\-.]", "", header.strip().lower())


def _columns(header: list[str]) -> dict[str, int] | None:
    positions = {}
    for index, cell in enumerate(header):
        for column, aliases in COLUMN_ALIASES.items():
            if _key(cell) in aliases and column not in positions:
                positions[column] = index
    return positions if len(positions) == len(COLUMN_ALIASES) else None


def _region_lookup() -> dict[str, Region]:
    lookup = {}
    for region in Region.objects.all():
        lookup[region.slug.casefold()] = region
        lookup[region.name.casefold()] = region
    return lookup


def parse(text: str) -> ImportPlan:
    """Check every line of the CSV text and return what an import would do."""
    plan = ImportPlan()
    rows = read_lines(text, plan.errors)
    if not rows:
        return plan
    header_line, header = rows[0]
    columns = _columns(header)
    if columns is None:
        expected = ", ".join(COLUMN_LABELS.values())
        plan.errors.append(
            LineError(
                header_line,
                _(
                    "De kopregel klopt niet. Verwacht zijn de kolommen %(expected)s; "
                    "gevonden: %(found)s."
                )
                % {"expected": expected, "found": ", ".join(map(shown, header)) or _("(niets)")},
            )
        )
        return plan
    body = rows[1:]
    if not body:
        plan.errors.append(LineError(0, _("Het bestand bevat geen gemeenten.")))
        return plan

    regions = _region_lookup()
    codes_in_db = {
        m.cbs_code: m
        for m in Municipality.objects.filter(
            cbs_code__in=[
                row[columns["cbs_code"]].strip().upper()
                for _number, row in body
                if len(row) > columns["cbs_code"]
            ]
        )
    }
    seen: dict[str, int] = {}
    width = max(columns.values()) + 1
    for number, row in body:
        errors_before = len(plan.errors)

        def error(message: str, number: int = number) -> None:
            plan.errors.append(LineError(number, message))

        if len(row) < width:
            error(
                _("Te weinig kolommen: verwacht %(expected)s, gevonden %(found)s.")
                % {"expected": width, "found": len(row)}
            )
            continue
        if extra := too_many_cells(header, row):
            error(capfirst(extra))
            continue
        code = row[columns["cbs_code"]].strip().upper()
        # A line break or tab in a quoted cell is no part of a name.
        name = " ".join(row[columns["name"]].split())
        raw_inhabitants = row[columns["inhabitants"]].strip()
        raw_region = row[columns["region"]].strip()

        if not CBS_CODE_RE.match(code):
            error(
                _(
                    "'%(code)s' is geen geldige CBS-code: gebruik GM gevolgd door vier cijfers, "
                    "bijv. GM0363."
                )
                % {"code": shown(code) or _("(leeg)")}
            )
        elif code in seen:
            error(
                _("CBS-code %(code)s staat ook al op regel %(line)s.")
                % {"code": code, "line": seen[code]}
            )
        else:
            seen[code] = number
        if not name:
            error(_("De naam van de gemeente ontbreekt."))
        elif len(name) > Municipality._meta.get_field("name").max_length:
            error(_("De naam is te lang (hoogstens 120 tekens)."))
        inhabitants = None
        if raw_inhabitants:
            try:
                inhabitants = whole_number(raw_inhabitants)
            except TooLargeError as problem:
                error(_("Het aantal inwoners: %(problem)s.") % {"problem": problem})
            else:
                if inhabitants is None:
                    error(
                        _("Het aantal inwoners '%(value)s' is geen geheel getal.")
                        % {"value": shown(raw_inhabitants)}
                    )
        region = regions.get(raw_region.casefold())
        if region is None:
            error(
                _(
                    "Regio '%(region)s' bestaat niet. Gebruik de naam of de code in het "
                    "webadres van een regio."
                )
                % {"region": shown(raw_region) or _("(leeg)")}
            )
        if len(plan.errors) == errors_before:
            plan.rows.append(
                ImportRow(
                    line=number,
                    cbs_code=code,
                    name=name,
                    inhabitants=inhabitants,
                    region=region,
                    existing=codes_in_db.get(code),
                )
            )
    return plan


def parse_bytes(data: bytes) -> ImportPlan:
    try:
        text = decode(data)
    except ValueError as error:
        return ImportPlan(errors=[LineError(0, str(error))])
    return parse(text)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    moved: MovedMunicipalities = field(default_factory=MovedMunicipalities)

    @property
    def message(self) -> str:
        done = _("Gemeenten geïmporteerd: %(created)s nieuw, %(updated)s bijgewerkt.") % {
            "created": self.created,
            "updated": self.updated,
        }
        return " ".join(filter(None, (done, self.moved.message)))


@transaction.atomic
def apply(plan: ImportPlan) -> ImportResult:
    """Save a valid plan in one transaction. Of a municipality moving to another region, the
    bestuurders go along and the old region's other seats, roles and invitations lose it
    (``follow_moved_municipalities``)."""
    if not plan.is_valid:
        raise ValueError(_("Er is niets geïmporteerd: het bestand bevat fouten."))
    result = ImportResult()
    moved_ids = []
    lock_regions(row.region.pk for row in plan.rows)
    existing = {
        m.cbs_code: m
        for m in Municipality.objects.select_for_update().filter(
            cbs_code__in=[row.cbs_code for row in plan.rows]
        )
    }
    for row in plan.rows:
        municipality = existing.get(row.cbs_code)
        if municipality is None:
            municipality = Municipality(cbs_code=row.cbs_code)
            result.created += 1
        elif not needs_update(
            municipality, name=row.name, inhabitants=row.inhabitants, region=row.region
        ):
            continue
        else:
            result.updated += 1
            if municipality.region_id not in (None, row.region.pk):
                moved_ids.append(municipality.pk)
        municipality.name = row.name
        municipality.inhabitants = row.inhabitants
        municipality.region = row.region
        municipality.full_clean()
        municipality.save()
    result.moved = follow_moved_municipalities(moved_ids)
    return result

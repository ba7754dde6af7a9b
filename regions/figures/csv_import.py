"""Import a region's figures from a CSV file as downloaded from CBS StatLine: a region or
municipality code, a period and a value per line; the kind of figure is chosen in the form.

Municipality lines are added up per year into the region's figure. The whole file is checked
first: every bad line gets a Dutch error and nothing is saved while any line is wrong. Two lines
for the same code and period are an error; a year the region already has is updated (the
preview says so). A value CBS does not give ('.': unknown, unreliable or secret) skips its line:
the total counts the other municipalities, and the preview names the lines skipped.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from regions.constants import SERIES_SPELLED_DIFFERENTLY, FigureKind
from regions.csv_utils import (
    ACTION_CREATE,
    ACTION_UNCHANGED,
    ACTION_UPDATE,
    TooLargeError,
    shown,
    too_large,
    too_many_cells,
    whole_number,
)
from regions.models import Municipality, Region, RegionalFigure
from regions.municipality_import import LineError, decode, read_lines
from regions.selectors import other_spelling
from regions.services import lock_regions

YEAR_RE = re.compile(r"^([0-9]{4})(JJ00)?$")
SUB_YEAR_RE = re.compile(r"^[0-9]{4}(HJ|KW|MM|X[0-9])[0-9]{2}$")
MIN_YEAR, MAX_YEAR = 1990, 2100

COLUMN_ALIASES = {
    "code": {
        "code",
        "regiocode",
        "gemeentecode",
        "cbscode",
        "regios",
        "regio",
        "gemeenten",
        "gemeente",
        "veiligthuisregio",
        "veiligthuisregios",
    },
    "period": {"perioden", "periode", "jaar", "period", "periods"},
    "value": {"waarde", "aantal", "value", "totaal"},
}
IGNORED_COLUMNS = {"id"}
# CBS's signs for "no figure": '.' unknown, unreliable or secret; 'x' secret (older tables);
# an empty cell where a figure cannot occur. ('-' stays an error: in older tables it is nil.)
NO_VALUE_CELLS = {".", "x", ""}


def needs_update(figure: RegionalFigure, total: "YearTotal") -> bool:
    """Whether importing ``total`` rewrites an existing figure; the one rule for the preview and
    for ``apply``. Everything the figure shows counts (value, source, number of municipalities
    summed); ticking 'in reports' adds a figure to them but an import never takes one out."""
    return (
        figure.value != total.value
        or figure.source != total.plan.source
        or figure.municipality_count != total.municipality_count
        or (total.plan.in_report and not figure.in_report)
    )


@dataclass
class YearTotal:
    """What the import will store for one year of one region."""

    region: Region
    year: int
    plan: "FigureImportPlan" = field(repr=False, compare=False)
    value: int = 0
    municipality_codes: list[str] = field(default_factory=list)
    region_line: bool = False
    existing: RegionalFigure | None = None

    @property
    def municipality_count(self) -> int | None:
        return len(self.municipality_codes) if self.municipality_codes else None

    @property
    def action(self) -> str:
        if self.existing is None:
            return ACTION_CREATE
        if needs_update(self.existing, self):
            return ACTION_UPDATE
        return ACTION_UNCHANGED

    @property
    def action_label(self) -> str:
        if self.action == ACTION_UPDATE:
            if self.existing.value == self.value:
                return _("wordt bijgewerkt (bron, aantal gemeenten of opname in verslagen)")
            return _("wordt bijgewerkt (was %(old)s)") % {"old": self.existing.value}
        return {ACTION_CREATE: _("nieuw"), ACTION_UNCHANGED: _("ongewijzigd")}[self.action]


@dataclass
class FigureImportPlan:
    region: Region | None  # None: a national file for every region (beheerder)
    kind: str
    label: str
    source: str
    totals: list[YearTotal] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    line_count: int = 0
    in_report: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.totals)

    def count(self, action: str) -> int:
        return sum(1 for t in self.totals if t.action == action)

    @property
    def is_national(self) -> bool:
        return self.region is None

    @property
    def summary(self) -> str:
        return _("%(new)s nieuw, %(updated)s bijgewerkt, %(same)s ongewijzigd") % {
            "new": self.count(ACTION_CREATE),
            "updated": self.count(ACTION_UPDATE),
            "same": self.count(ACTION_UNCHANGED),
        }


def _key(header: str) -> str:
    return re.sub(r"[\s_\-.'’]", "", header.strip().lower())


def _columns(header: list[str]) -> dict[str, int] | None:
    """Find the code, period and value columns. StatLine names the value column after the
    topic (``Meldingen_1``), so a single remaining column is taken as the value."""
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _key(cell)
        for column, aliases in COLUMN_ALIASES.items():
            if key in aliases and column not in positions:
                positions[column] = index
                break
    if "value" not in positions:
        rest = [
            i
            for i, cell in enumerate(header)
            if i not in positions.values() and _key(cell) not in IGNORED_COLUMNS
        ]
        if len(rest) == 1:
            positions["value"] = rest[0]
    return positions if len(positions) == 3 else None


def parse_period(raw: str) -> tuple[int | None, str | None]:
    """(year, None) or (None, Dutch error)."""
    period = raw.strip().upper()
    match = YEAR_RE.match(period)
    if match:
        year = int(match.group(1))
        if MIN_YEAR <= year <= MAX_YEAR:
            return year, None
        return None, _("jaar %(year)s ligt buiten %(min)s–%(max)s") % {
            "year": year,
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
    if SUB_YEAR_RE.match(period):
        return None, _(
            "periode ‘%(period)s’ is geen jaar. Importeer jaarcijfers (bijv. 2021JJ00 of 2021); "
            "tel halfjaar- of kwartaalcijfers eerst op."
        ) % {"period": raw.strip()}
    return None, _("periode ‘%(period)s’ is onbekend. Gebruik bijv. 2021JJ00 of 2021.") % {
        "period": shown(raw.strip()) or _("(leeg)")
    }


def is_no_value(raw: str) -> bool:
    """Whether a value cell is CBS's sign for a figure it does not give."""
    return raw.strip().lower() in NO_VALUE_CELLS


def parse_value(raw: str) -> tuple[int | None, str | None]:
    value = raw.strip()
    try:
        number = whole_number(value)
    except TooLargeError as problem:
        return None, _("waarde: %(problem)s") % {"problem": problem}
    if number is not None:
        return number, None
    return None, _("waarde ‘%(value)s’ is geen geheel, niet-negatief getal") % {
        "value": shown(value)
    }


def _lookups():
    """Code -> (region id, region name, name) for municipalities, code -> (region id, region name)
    for region codes, and the number of municipalities per region (three queries)."""
    municipalities = {
        code: (region_id, region_name, name)
        for code, region_id, region_name, name in Municipality.objects.values_list(
            "cbs_code", "region_id", "region__name", "name"
        )
    }
    region_codes = {
        code.strip().upper(): (pk, name)
        for code, pk, name in Region.objects.exclude(cbs_code="").values_list(
            "cbs_code", "pk", "name"
        )
    }
    counts = dict(
        Municipality.objects.filter(region__isnull=False)
        .order_by()
        .values("region_id")
        .annotate(n=Count("pk"))
        .values_list("region_id", "n")
    )
    return municipalities, region_codes, counts


def _target(code: str, region: Region | None, municipalities, region_codes):
    """(region id, is municipality, None) or (None, False, Dutch error) for a code."""
    if not code:
        return None, False, _("de code ontbreekt")
    if code in municipalities:
        region_id, region_name, _name = municipalities[code]
        if region_id is None:
            return None, False, _("gemeente %(code)s hoort nog bij geen regio") % {"code": code}
        if region is not None and region_id != region.pk:
            return (
                None,
                False,
                _("gemeente %(code)s hoort bij een andere regio (%(region)s)")
                % {"code": code, "region": region_name},
            )
        return region_id, True, None
    if code in region_codes:
        region_id, region_name = region_codes[code]
        if region is not None and region_id != region.pk:
            return (
                None,
                False,
                _("code %(code)s is van een andere regio (%(region)s)")
                % {"code": code, "region": region_name},
            )
        return region_id, False, None
    if region is None:
        return (
            None,
            False,
            _("code %(code)s is onbekend: geen gemeente en geen regiocode in het portaal")
            % {"code": shown(code)},
        )
    return (
        None,
        False,
        _("code %(code)s is onbekend: geen gemeente van %(region)s en niet de code van de regio")
        % {"code": shown(code), "region": region.name},
    )


def parse(
    text: str, *, region: Region | None, kind: str, label: str = "", source: str
) -> FigureImportPlan:
    """Check the whole file against ``region`` (None: any region, for the beheerder); returns a
    plan with the totals per region and year."""
    plan = FigureImportPlan(
        region=region, kind=kind, label=label if kind == FigureKind.OTHER else "", source=source
    )
    rows = read_lines(text, plan.errors)
    if not rows:
        return plan
    header_line, header = rows[0]
    columns = _columns(header)
    if columns is None:
        plan.errors.append(
            LineError(
                header_line,
                _(
                    "de kolommen zijn niet herkend. Nodig: een code (gemeente- of regiocode), "
                    "een periode en een waarde, bijv. ‘code;periode;waarde’."
                ),
            )
        )
        return plan

    municipalities, region_codes, municipality_counts = _lookups()
    seen: dict[tuple[str, int], int] = {}
    totals: dict[tuple[int, int], dict] = {}
    for number, cells in rows[1:]:
        plan.line_count += 1
        if len(cells) <= max(columns.values()):
            plan.errors.append(LineError(number, _("te weinig kolommen")))
            continue
        if extra := too_many_cells(header, cells):
            plan.errors.append(LineError(number, extra))
            continue
        code = cells[columns["code"]].strip().upper()
        region_id, is_municipality, code_error = _target(code, region, municipalities, region_codes)
        year, period_error = parse_period(cells[columns["period"]])
        no_value = is_no_value(cells[columns["value"]])
        value, value_error = (None, None) if no_value else parse_value(cells[columns["value"]])
        line_errors = [e for e in (code_error, period_error, value_error) if e]
        if line_errors:
            plan.errors.extend(LineError(number, e) for e in line_errors)
            continue

        first = seen.get((code, year))
        if first is not None:
            plan.errors.append(
                LineError(
                    number,
                    _(
                        "dubbele periode: %(code)s heeft voor %(year)s al een waarde op regel "
                        "%(first)s"
                    )
                    % {"code": code, "year": year, "first": first},
                )
            )
            continue
        seen[(code, year)] = number
        total = totals.setdefault(
            (region_id, year),
            {
                "value": 0,
                "codes": [],
                "region_line": False,
                "line": number,
                "has_value": False,
                "skipped": [],  # (line, code and name) of the lines without a value
            },
        )
        if (is_municipality and total["region_line"]) or (not is_municipality and total["codes"]):
            plan.errors.append(
                LineError(
                    number,
                    _(
                        "voor %(year)s staan de regiocode en gemeentecodes van dezelfde regio in "
                        "het bestand; gebruik óf de regiocode óf de gemeentecodes"
                    )
                    % {"year": year},
                )
            )
            continue
        if not is_municipality:
            total["region_line"] = True
        if no_value:
            name = municipalities[code][2] if is_municipality else ""
            total["skipped"].append((number, f"{code} {name}".strip()))
            continue
        if is_municipality:
            total["codes"].append(code)
        total["has_value"] = True
        total["value"] += value
        if not total.get("too_large") and (problem := too_large(total["value"])):
            total["too_large"] = True  # said once, on the line that passes the limit
            plan.errors.append(
                LineError(
                    number,
                    _("het totaal voor %(year)s: %(problem)s") % {"year": year, "problem": problem},
                )
            )

    if plan.line_count == 0 and not plan.errors:
        plan.errors.append(LineError(0, _("Het bestand bevat geen regels met cijfers.")))
    if not plan.errors and not any(total["has_value"] for total in totals.values()):
        plan.errors.append(
            LineError(
                0,
                _(
                    "Er is niets te importeren: geen enkele regel heeft een waarde (CBS schrijft "
                    "‘.’ als een cijfer onbekend of geheim is)."
                ),
            )
        )
    if plan.errors:
        return plan

    regions = Region.objects.in_bulk({region_id for region_id, _year in totals})
    if plan.kind == FigureKind.OTHER:
        _check_series_spelling(
            plan, regions, {key: total for key, total in totals.items() if total["has_value"]}
        )
        if plan.errors:
            return plan
    existing = {
        (f.region_id, f.year): f
        for f in RegionalFigure.objects.filter(
            region_id__in=list(regions),
            kind=plan.kind,
            label=plan.label,
            year__in={year for _region_id, year in totals},
        )
    }
    for (region_id, year), total in sorted(
        totals.items(), key=lambda item: (regions[item[0][0]].name, item[0][1])
    ):
        skipped = total["skipped"]
        if not total["has_value"]:
            lines = ", ".join(str(number) for number, _what in skipped)
            plan.warnings.append(
                _(
                    "Let op: voor %(region)s is in %(year)s geen enkele waarde bekend (CBS "
                    "schrijft ‘.’ als een cijfer onbekend of geheim is: regel %(lines)s); voor "
                    "dat jaar wordt niets geïmporteerd of gewijzigd."
                )
                % {"region": regions[region_id].name, "year": year, "lines": lines}
            )
            continue
        plan.totals.append(
            YearTotal(
                region=regions[region_id],
                year=year,
                plan=plan,
                value=total["value"],
                municipality_codes=total["codes"],
                region_line=total["region_line"],
                existing=existing.get((region_id, year)),
            )
        )
        all_count = municipality_counts.get(region_id, 0)
        if skipped:
            plan.warnings.append(
                ngettext(
                    "Let op: voor %(region)s is in %(year)s de waarde van %(skipped)s gemeente "
                    "onbekend of geheim (CBS schrijft ‘.’): %(lines)s. Die regel wordt "
                    "overgeslagen; het totaal telt %(count)s van de %(all)s gemeenten.",
                    "Let op: voor %(region)s is in %(year)s de waarde van %(skipped)s gemeenten "
                    "onbekend of geheim (CBS schrijft ‘.’): %(lines)s. Die regels worden "
                    "overgeslagen; het totaal telt %(count)s van de %(all)s gemeenten.",
                    len(skipped),
                )
                % {
                    "region": regions[region_id].name,
                    "year": year,
                    "skipped": len(skipped),
                    "lines": ", ".join(
                        _("%(what)s (regel %(line)s)") % {"what": what, "line": number}
                        for number, what in skipped
                    ),
                    "count": len(total["codes"]),
                    "all": all_count,
                }
            )
        elif total["codes"] and len(total["codes"]) < all_count:
            plan.warnings.append(
                ngettext(
                    "Let op: voor %(region)s staat in %(year)s %(count)s van de %(all)s "
                    "gemeenten in het bestand; het totaal telt alleen die gemeente.",
                    "Let op: voor %(region)s staan in %(year)s %(count)s van de %(all)s "
                    "gemeenten in het bestand; het totaal telt alleen die gemeenten.",
                    len(total["codes"]),
                )
                % {
                    "region": regions[region_id].name,
                    "year": year,
                    "count": len(total["codes"]),
                    "all": all_count,
                }
            )
    return plan


def _check_series_spelling(plan: FigureImportPlan, regions: dict, totals: dict) -> None:
    """An error on the first line of each region that has the plan's name as another series'
    name written differently (``other_spelling``): its years would become a second series."""
    names: dict[int, set[str]] = {}
    for region_id, label in (
        RegionalFigure.objects.filter(region_id__in=list(regions), kind=FigureKind.OTHER)
        .order_by()
        .values_list("region_id", "label")
        .distinct()
    ):
        names.setdefault(region_id, set()).add(label)
    first_lines: dict[int, int] = {}
    for (region_id, _year), total in totals.items():
        first_lines[region_id] = min(total["line"], first_lines.get(region_id, total["line"]))
    for region_id, line in sorted(first_lines.items(), key=lambda item: item[1]):
        spelled = other_spelling(plan.label, names.get(region_id, ()))
        if spelled is None:
            continue
        message = SERIES_SPELLED_DIFFERENTLY % {"name": spelled}
        if plan.is_national:
            message = _("%(region)s: %(message)s") % {
                "region": regions[region_id].name,
                "message": message,
            }
        plan.errors.append(LineError(line, message))


def parse_bytes(data: bytes, **kwargs) -> FigureImportPlan:
    try:
        text = decode(data)
    except ValueError as error:
        plan = FigureImportPlan(
            region=kwargs["region"],
            kind=kwargs["kind"],
            label=kwargs.get("label", ""),
            source=kwargs["source"],
        )
        plan.errors.append(LineError(0, str(error)))
        return plan
    return parse(text, **kwargs)


@transaction.atomic
def apply(plan: FigureImportPlan) -> tuple[int, int]:
    """Save a valid plan in one transaction; returns (created, updated)."""
    if not plan.is_valid:
        raise ValueError(_("Er is niets geïmporteerd: het bestand bevat fouten."))
    created = updated = 0
    lock_regions(t.region.pk for t in plan.totals)
    existing = {
        (f.region_id, f.year): f
        for f in RegionalFigure.objects.select_for_update().filter(
            region_id__in={t.region.pk for t in plan.totals},
            kind=plan.kind,
            label=plan.label,
            year__in={t.year for t in plan.totals},
        )
    }
    for total in plan.totals:
        figure = existing.get((total.region.pk, total.year))
        if figure is None:
            figure = RegionalFigure(
                region=total.region, kind=plan.kind, label=plan.label, year=total.year
            )
            created += 1
        elif not needs_update(figure, total):
            continue
        else:
            updated += 1
        figure.value = total.value
        figure.source = plan.source
        figure.municipality_count = total.municipality_count
        figure.in_report = figure.in_report or plan.in_report
        figure.full_clean()
        figure.save()
    return created, updated

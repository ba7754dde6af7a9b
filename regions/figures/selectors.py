"""Reads for the figures pages and the meeting report. Every function runs a fixed number of
queries, whatever the number of regions, municipalities or figures."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.constants import FigureKind, NationalFigureKind
from regions.models import Municipality, NationalFigure, Region, RegionalFigure

from .calc import Inhabitants, per_thousand, prevalence_estimate
from .charts import Bar, BarChart, build_bar_chart

# The Netherlands has 342 municipalities (2025, domain brief). Fewer in the portal means the sum
# of their inhabitants is not the national population.
NATIONAL_MUNICIPALITY_COUNT = 342

PREVALENCE_CAVEAT = gettext_lazy(
    "Dit is een grove schatting. Het landelijke percentage geldt voor een bepaalde leeftijdsgroep "
    "(bijv. 18 jaar en ouder) en periode, terwijl hier met alle inwoners wordt gerekend; en de "
    "regio kan afwijken van het landelijk beeld. Gebruik het getal om urgentie te laten zien, "
    "niet als telling."
)


@dataclass(frozen=True)
class PrevalencePreset:
    key: str
    percentage: Decimal
    description: str
    source: str


# From the domain brief ("Public figures usable as defaults"), each with its source.
PREVALENCE_PRESETS = (
    PrevalencePreset(
        "wodc-2019",
        Decimal("5.5"),
        gettext_lazy("mensen van 18 jaar en ouder, slachtoffer in de afgelopen 5 jaar"),
        "WODC, Ten Boom & Wittebrood, 2019",
    ),
    PrevalencePreset(
        "phgsg-2020",
        Decimal("8"),
        gettext_lazy("mensen van 16 jaar en ouder, slachtoffer in de afgelopen 12 maanden"),
        "CBS/WODC, Prevalentieonderzoek huiselijk geweld en seksueel grensoverschrijdend "
        "gedrag (PHGSG) 2020",
    ),
    PrevalencePreset(
        "phgsg-2022",
        Decimal("9"),
        gettext_lazy("mensen van 16 jaar en ouder, slachtoffer in de afgelopen 12 maanden"),
        "CBS/WODC, PHGSG 2022",
    ),
)


def fmt(value, decimals: int = 0) -> str:
    """A number in Dutch notation, or "onbekend"."""
    if value is None:
        return _("onbekend")
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


# --- Inhabitants ---------------------------------------------------------------------------


def inhabitants_by_region(region_ids=None) -> dict[int, Inhabitants]:
    """{region id: Inhabitants} in one query; regions without municipalities are absent."""
    qs = Municipality.objects.filter(region__isnull=False)
    if region_ids is not None:
        qs = qs.filter(region_id__in=list(region_ids))
    rows = (
        qs.order_by()
        .values("region_id")
        .annotate(
            total=Sum("inhabitants"),
            count=Count("pk"),
            unknown=Count("pk", filter=Q(inhabitants__isnull=True)),
        )
    )
    return {
        row["region_id"]: Inhabitants(
            known_total=row["total"] or 0, municipalities=row["count"], unknown=row["unknown"]
        )
        for row in rows
    }


# A region without municipalities (now): absent from ``inhabitants_by_region``.
NO_MUNICIPALITIES = Inhabitants(0, 0, 0)


def region_inhabitants(region: Region) -> Inhabitants:
    return inhabitants_by_region([region.pk]).get(region.pk, NO_MUNICIPALITIES)


@dataclass(frozen=True)
class NationalBase:
    """The national population a per-1,000 figure is based on, with where it comes from."""

    value: int
    source: str


def national_inhabitants(years) -> dict[int, NationalBase]:
    """Per year: the sum of all municipalities when that is complete, else the shipped CBS
    figure of that year (two queries). Years without either are absent: "onbekend"."""
    totals = Municipality.objects.aggregate(
        total=Sum("inhabitants"),
        count=Count("pk"),
        unknown=Count("pk", filter=Q(inhabitants__isnull=True)),
    )
    complete = totals["count"] >= NATIONAL_MUNICIPALITY_COUNT and totals["unknown"] == 0
    if complete:
        base = NationalBase(totals["total"], _("som van de inwoners van alle gemeenten"))
        return dict.fromkeys(years, base)
    return {
        f.year: NationalBase(f.value, f.source)
        for f in NationalFigure.objects.filter(
            kind=NationalFigureKind.INHABITANTS, year__in=list(years)
        )
    }


# --- A region's figures --------------------------------------------------------------------


NOT_CALCULATED = "–"


def figure_rate(figure: RegionalFigure, inhabitants: Inhabitants) -> tuple[float | None, str]:
    """(per 1,000 inhabitants, why not). A figure imported from another number of
    municipalities than the region has now gets no rate: divided by the region's inhabitants it
    would be too low (part of the region) or too high (a municipality has left). A figure
    entered by hand (no number of municipalities) keeps its rate."""
    count, now = figure.municipality_count, inhabitants.municipalities
    if count is None or count == now:
        return per_thousand(figure.value, inhabitants.value), ""
    if count < now:
        note = _("niet berekend: opgeteld uit %(count)s van de %(all)s gemeenten")
    else:
        note = _("niet berekend: opgeteld uit %(count)s gemeenten; de regio heeft er nu %(all)s")
    return None, note % {"count": count, "all": now}


@dataclass
class FigureRow:
    figure: RegionalFigure
    per_1000: float | None
    per_1000_note: str = ""  # why there is no rate, e.g. a figure of part of the municipalities
    national_value: int | None = None
    national_per_1000: float | None = None
    national_source: str = ""

    @property
    def per_1000_display(self) -> str:
        return NOT_CALCULATED if self.per_1000_note else fmt(self.per_1000, 1)

    @property
    def national_per_1000_display(self) -> str:
        return fmt(self.national_per_1000, 1)


@dataclass
class FigureSeries:
    kind: str
    name: str
    rows: list[FigureRow]
    chart: BarChart | None = None
    chart_year: int | None = None


def figures_of(region: Region):
    return RegionalFigure.objects.filter(region=region).order_by("kind", "label", "-year")


def get_figure(region: Region, figure_uuid) -> RegionalFigure:
    figure = RegionalFigure.objects.filter(region=region, uuid=figure_uuid).first()
    if figure is None:
        raise Http404(_("Cijfer niet gevonden."))
    return figure


def _national_figures(years) -> dict[tuple[str, int], NationalFigure]:
    return {
        (f.kind, f.year): f
        for f in NationalFigure.objects.filter(
            kind__in=[FigureKind.VT_ADVICE, FigureKind.VT_REPORTS], year__in=list(years)
        )
    }


def _comparison_chart(
    region: Region, kind: str, name: str, year: int, national_per_1000: float | None
) -> BarChart:
    """Per 1,000 inhabitants in ``year``: this region, the national figure and other regions."""
    figures = list(
        RegionalFigure.objects.filter(kind=kind, year=year, region__is_active=True)
        .select_related("region")
        .order_by("region__name")
    )
    inhabitants = inhabitants_by_region({f.region_id for f in figures})
    bars = [
        Bar(
            label=_("Landelijk"),
            value=national_per_1000,
            display=fmt(national_per_1000, 1),
            css_class="chart-bar chart-bar-national",
        )
    ]
    for f in figures:
        value, note = figure_rate(f, inhabitants.get(f.region_id, NO_MUNICIPALITIES))
        own = f.region_id == region.pk
        bars.append(
            Bar(
                label=f"{f.region.name}{' ' + _('(deze regio)') if own else ''}",
                value=value,
                display=NOT_CALCULATED if note else fmt(value, 1),
                css_class="chart-bar chart-bar-own" if own else "chart-bar",
                note=note,
            )
        )
    title = _("%(name)s per 1.000 inwoners in %(year)s") % {"name": name, "year": year}
    return build_bar_chart(title, bars)


@dataclass
class FiguresPage:
    region: Region
    inhabitants: Inhabitants
    series: list[FigureSeries]

    @property
    def inhabitants_display(self) -> str:
        return fmt(self.inhabitants.known_total if self.inhabitants.municipalities else None)

    @property
    def is_empty(self) -> bool:
        return not self.series


def figures_page(
    region: Region, *, with_charts: bool = True, report_only: bool = False
) -> FiguresPage:
    """The region's figures per kind and year, per 1,000 inhabitants, beside the national figure;
    with a comparison chart per Veilig Thuis kind for its latest year. ``report_only``: only the
    figures the project leader ticked for the meeting reports."""
    inhabitants = region_inhabitants(region)
    figures = figures_of(region)
    if report_only:
        figures = figures.filter(in_report=True)
    figures = list(figures)
    years = {f.year for f in figures}
    national = _national_figures(years)
    national_base = national_inhabitants(years)
    grouped: dict[tuple[str, str], list[FigureRow]] = defaultdict(list)
    for f in figures:
        per_1000, note = figure_rate(f, inhabitants)
        row = FigureRow(figure=f, per_1000=per_1000, per_1000_note=note)
        nat = national.get((f.kind, f.year))
        if nat is not None:
            base = national_base.get(f.year)
            row.national_value = nat.value
            row.national_per_1000 = per_thousand(nat.value, base.value if base else None)
            row.national_source = nat.source + (f"; {_('inwoners')}: {base.source}" if base else "")
        grouped[(f.kind, f.label)].append(row)
    order = {FigureKind.VT_ADVICE: 0, FigureKind.VT_REPORTS: 1, FigureKind.OTHER: 2}
    series = []
    for (kind, _label), rows in sorted(grouped.items(), key=lambda i: (order[i[0][0]], i[0][1])):
        s = FigureSeries(kind=kind, name=rows[0].figure.name, rows=rows)
        if with_charts and kind in (FigureKind.VT_ADVICE, FigureKind.VT_REPORTS):
            latest = rows[0]
            s.chart_year = latest.figure.year
            s.chart = _comparison_chart(
                region, kind, s.name, latest.figure.year, latest.national_per_1000
            )
        series.append(s)
    return FiguresPage(region=region, inhabitants=inhabitants, series=series)


# --- Prevalence ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PrevalenceEstimate:
    percentage: Decimal
    description: str
    source: str
    estimate: int | None
    caveat: str

    @property
    def estimate_display(self) -> str:
        return fmt(self.estimate)

    @property
    def percentage_display(self) -> str:
        return fmt(self.percentage, 1 if self.percentage % 1 else 0)


def prevalence_for(
    inhabitants: Inhabitants, percentage: Decimal, source: str, description: str = ""
) -> PrevalenceEstimate:
    return PrevalenceEstimate(
        percentage=percentage,
        description=description,
        source=source,
        estimate=prevalence_estimate(inhabitants.value, percentage),
        caveat=str(PREVALENCE_CAVEAT),
    )


def preset_estimates(inhabitants: Inhabitants) -> list[PrevalenceEstimate]:
    return [
        prevalence_for(inhabitants, p.percentage, p.source, str(p.description))
        for p in PREVALENCE_PRESETS
    ]


# --- Meeting report ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    name: str
    year: int
    value: int
    value_display: str
    per_1000_display: str
    per_1000_note: str
    national_per_1000_display: str
    source: str


@dataclass(frozen=True)
class FiguresReport:
    """What the meeting report shows of a region's figures (``regions/includes/figures_table``)."""

    region: Region
    inhabitants: Inhabitants
    inhabitants_display: str
    rows: tuple[ReportRow, ...]
    prevalence: tuple[PrevalenceEstimate, ...]
    caveat: str

    @property
    def is_empty(self) -> bool:
        return not self.rows


def figures_for_report(region: Region) -> FiguresReport:
    """The figures the project leader ticked for the meeting reports ("opnemen in
    vergaderverslagen"), without charts, in a fixed number of queries. ``is_empty`` when none
    is ticked: the report then leaves the section out."""
    page = figures_page(region, with_charts=False, report_only=True)
    rows = tuple(
        ReportRow(
            name=s.name,
            year=r.figure.year,
            value=r.figure.value,
            value_display=fmt(r.figure.value),
            per_1000_display=r.per_1000_display,
            per_1000_note=r.per_1000_note,
            national_per_1000_display=r.national_per_1000_display,
            source=r.figure.source,
        )
        for s in page.series
        for r in s.rows
    )
    return FiguresReport(
        region=region,
        inhabitants=page.inhabitants,
        inhabitants_display=page.inhabitants_display,
        rows=rows,
        prevalence=tuple(preset_estimates(page.inhabitants)),
        caveat=str(PREVALENCE_CAVEAT),
    )

"""CSV import of regional figures from CBS StatLine (issue 8): preview, errors per line, nothing
partial."""

import pytest

from regions.constants import FigureKind
from regions.figures import csv_import
from regions.figures.csv_import import ACTION_CREATE, ACTION_UNCHANGED, ACTION_UPDATE
from regions.models import RegionalFigure
from tests.factories import MunicipalityFactory, RegionalFigureFactory

SOURCE = "CBS StatLine 84849NED"


@pytest.fixture
def municipalities(region, other_region):
    return {
        "a": MunicipalityFactory(region=region, cbs_code="GM9001", inhabitants=40_000),
        "b": MunicipalityFactory(region=region, cbs_code="GM9002", inhabitants=60_000),
        "elders": MunicipalityFactory(region=other_region, cbs_code="GM9100"),
    }


def parse(region, text, kind=FigureKind.VT_REPORTS, label=""):
    return csv_import.parse(text, region=region, kind=kind, label=label, source=SOURCE)


def errors(plan) -> list[str]:
    return [str(e) for e in plan.errors]


def test_a_good_statline_file_adds_municipalities_up_per_year(region, municipalities):
    text = (
        '"ID";"Gemeenten";"Perioden";"Meldingen_1"\n'
        '1;"GM9001    ";"2020JJ00";120\n'
        '2;"GM9002    ";"2020JJ00";180\n'
        '3;"GM9001    ";"2021JJ00";"1.100"\n'
        '4;"GM9002    ";"2021JJ00";100\n'
    )
    plan = parse(region, text)
    assert plan.errors == []
    assert [(t.year, t.value, t.municipality_count) for t in plan.totals] == [
        (2020, 300, 2),
        (2021, 1200, 2),
    ]
    assert plan.warnings == []
    assert csv_import.apply(plan) == (2, 0)
    figures = RegionalFigure.objects.filter(region=region).order_by("year")
    assert [(f.kind, f.year, f.value, f.source) for f in figures] == [
        (FigureKind.VT_REPORTS, 2020, 300, SOURCE),
        (FigureKind.VT_REPORTS, 2021, 1200, SOURCE),
    ]


def test_plain_year_and_comma_separated_columns_are_accepted(region, municipalities):
    plan = parse(region, "code,periode,waarde\nGM9001,2019,7\n")
    assert plan.errors == []
    assert [(t.year, t.value) for t in plan.totals] == [(2019, 7)]


def test_the_region_code_itself_is_accepted(region, municipalities):
    region.cbs_code = "VT99"
    region.save()
    plan = parse(region, "code;periode;waarde\nVT99;2021JJ00;900\n")
    assert plan.errors == []
    assert plan.totals[0].value == 900
    assert plan.totals[0].municipality_count is None


def test_a_partial_set_of_municipalities_gets_a_warning(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;10\n")
    assert plan.is_valid
    assert plan.warnings == [
        "Let op: voor Regio Testland staat in 2021 1 van de 2 gemeenten in het bestand; het "
        "totaal telt alleen die gemeente."
    ]


def test_an_unknown_code_is_an_error_on_its_line(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;10\nGM7777;2021;10\n")
    assert errors(plan) == [
        "Regel 3: code GM7777 is onbekend: geen gemeente van Regio Testland en niet de code "
        "van de regio"
    ]


def test_a_municipality_of_another_region_is_an_error(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9100;2021;10\n")
    assert errors(plan) == ["Regel 2: gemeente GM9100 hoort bij een andere regio (Regio Elders)"]


def test_the_code_of_another_region_is_an_error(region, other_region, municipalities):
    other_region.cbs_code = "VT98"
    other_region.save()
    plan = parse(region, "code;periode;waarde\nVT98;2021;10\n")
    assert errors(plan) == ["Regel 2: code VT98 is van een andere regio (Regio Elders)"]


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2021HJ01", "is geen jaar"),
        ("2021KW02", "is geen jaar"),
        ("21", "is onbekend"),
        ("2021JJ01", "is onbekend"),
        ("1850", "ligt buiten"),
        ("", "is onbekend"),
    ],
)
def test_a_bad_period_is_an_error(region, municipalities, period, message):
    plan = parse(region, f"code;periode;waarde\nGM9001;{period};10\n")
    assert len(plan.errors) == 1
    assert plan.errors[0].line == 2
    assert message in plan.errors[0].message


@pytest.mark.parametrize("value", ["twaalf", "12,5", "-3", "-", "x1", ".."])
def test_a_non_numeric_value_is_an_error(region, municipalities, value):
    plan = parse(region, f"code;periode;waarde\nGM9001;2021;{value}\n")
    assert len(plan.errors) == 1
    assert plan.errors[0].line == 2


# CBS StatLine writes '.' for a figure that is unknown, unreliable or secret (older tables 'x',
# and an empty cell where a figure cannot occur): no value, not a wrong line.
@pytest.mark.parametrize("value", [".", '"       ."', "x", "X", ""])
def test_a_line_without_a_value_is_skipped_and_the_total_counts_the_others(
    region, municipalities, value
):
    municipalities["b"].name = "Zuiderdorp"
    municipalities["b"].save()
    plan = parse(region, f"code;periode;waarde\nGM9001;2021;10\nGM9002;2021;{value}\n")

    assert plan.errors == []
    assert [(t.year, t.value, t.municipality_count) for t in plan.totals] == [(2021, 10, 1)]
    assert plan.warnings == [
        "Let op: voor Regio Testland is in 2021 de waarde van 1 gemeente onbekend of geheim "
        "(CBS schrijft ‘.’): GM9002 Zuiderdorp (regel 3). Die regel wordt overgeslagen; het "
        "totaal telt 1 van de 2 gemeenten."
    ]
    assert csv_import.apply(plan) == (1, 0)
    figure = RegionalFigure.objects.get()
    assert (figure.value, figure.municipality_count) == (10, 1)


def test_a_year_without_any_value_imports_nothing_for_that_year_and_says_so(region, municipalities):
    RegionalFigureFactory(region=region, year=2021, value=99, source="oud")
    plan = parse(
        region,
        "code;periode;waarde\nGM9001;2020;5\nGM9002;2020;6\nGM9001;2021;.\nGM9002;2021;.\n",
    )

    assert plan.errors == []
    assert [(t.year, t.value, t.municipality_count) for t in plan.totals] == [(2020, 11, 2)]
    assert plan.warnings == [
        "Let op: voor Regio Testland is in 2021 geen enkele waarde bekend (CBS schrijft ‘.’ als "
        "een cijfer onbekend of geheim is: regel 4, 5); voor dat jaar wordt niets geïmporteerd "
        "of gewijzigd."
    ]
    assert csv_import.apply(plan) == (1, 0)
    assert dict(RegionalFigure.objects.values_list("year", "value")) == {2020: 11, 2021: 99}


def test_a_region_code_without_a_value_imports_nothing_for_that_year(region, municipalities):
    region.cbs_code = "VT99"
    region.save()
    plan = parse(region, "code;periode;waarde\nVT99;2020;900\nVT99;2021;.\n")

    assert plan.errors == []
    assert [(t.year, t.value) for t in plan.totals] == [(2020, 900)]
    assert "in 2021 geen enkele waarde bekend" in plan.warnings[0]


def test_a_file_with_no_value_at_all_is_an_error(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;.\nGM9002;2021;x\n")

    assert not plan.is_valid
    assert errors(plan) == [
        "Er is niets te importeren: geen enkele regel heeft een waarde (CBS schrijft ‘.’ als "
        "een cijfer onbekend of geheim is)."
    ]


def test_a_line_without_a_value_is_still_checked_for_its_code_and_period(region, municipalities):
    plan = parse(
        region,
        "code;periode;waarde\nGM7777;2021;.\nGM9001;2021KW01;.\nGM9001;2021;5\nGM9001;2021;.\n",
    )

    assert [e.line for e in plan.errors] == [2, 3, 5]
    assert "dubbele periode" in plan.errors[2].message


def test_a_national_file_skips_lines_without_a_value_per_region(
    region, other_region, municipalities
):
    MunicipalityFactory(region=other_region, cbs_code="GM9101", name="Noorderdorp")
    plan = csv_import.parse(
        "code;periode;waarde\nGM9001;2021;4\nGM9002;2021;6\nGM9100;2021;3\nGM9101;2021;.\n",
        region=None,
        kind=FigureKind.VT_REPORTS,
        source=SOURCE,
    )

    assert plan.errors == []
    assert [(t.region.name, t.value, t.municipality_count) for t in plan.totals] == [
        ("Regio Elders", 3, 1),
        ("Regio Testland", 10, 2),
    ]
    assert len(plan.warnings) == 1
    assert "voor Regio Elders" in plan.warnings[0]
    assert "GM9101 Noorderdorp (regel 5)" in plan.warnings[0]


def test_a_duplicate_period_in_the_file_is_an_error(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;10\nGM9001;2021JJ00;11\n")
    assert errors(plan) == [
        "Regel 3: dubbele periode: GM9001 heeft voor 2021 al een waarde op regel 2"
    ]


def test_region_and_municipality_lines_for_the_same_year_are_an_error(region, municipalities):
    region.cbs_code = "VT99"
    region.save()
    plan = parse(region, "code;periode;waarde\nVT99;2021;10\nGM9001;2021;11\n")
    assert len(plan.errors) == 1
    assert "óf de regiocode óf de gemeentecodes" in plan.errors[0].message


def test_every_bad_line_gets_its_own_error(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM7777;2021;10\nGM9001;2021;x1\nGM9002;2021;5\n")
    assert [e.line for e in plan.errors] == [2, 3]


def test_unrecognised_columns_are_an_error(region, municipalities):
    plan = parse(region, "a;b;c;d\n1;2;3;4\n")
    assert plan.errors[0].line == 1
    assert "kolommen" in plan.errors[0].message


def test_an_empty_file_is_an_error(region, municipalities):
    assert errors(parse(region, "")) == ["Het bestand is leeg."]
    assert errors(parse(region, ";;\n\n")) == ["Het bestand is leeg."]


def test_empty_lines_before_the_header_are_skipped(region, municipalities):
    plan = parse(region, "\n;;\ncode;periode;waarde\nGM9001;2021JJ00;5\n")

    assert plan.errors == []
    assert [(t.year, t.value) for t in plan.totals] == [(2021, 5)]


def test_unrecognised_columns_after_empty_lines_name_the_header_line(region, municipalities):
    plan = parse(region, "\n\na;b;c;d\n1;2;3;4\n")

    assert [e.line for e in plan.errors] == [3]


def test_a_nul_character_is_an_error_on_its_line(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;5\nGM90\x0002;2021;5\n")

    assert [e.line for e in plan.errors] == [3]
    assert "NUL-teken" in plan.errors[0].message


def test_existing_years_are_updated_and_shown_as_such(region, municipalities):
    RegionalFigureFactory(region=region, year=2020, value=1, source="oud")
    RegionalFigureFactory(
        region=region,
        year=2021,
        value=10,
        source=SOURCE,
        municipality_count=1,
    )
    plan = parse(region, "code;periode;waarde\nGM9001;2020;5\nGM9001;2021;10\nGM9001;2022;3\n")
    assert [t.action for t in plan.totals] == [ACTION_UPDATE, ACTION_UNCHANGED, ACTION_CREATE]
    assert plan.totals[0].action_label == "wordt bijgewerkt (was 1)"
    assert csv_import.apply(plan) == (1, 1)
    assert dict(RegionalFigure.objects.filter(region=region).values_list("year", "value")) == {
        2020: 5,
        2021: 10,
        2022: 3,
    }


def test_the_preview_says_updated_when_only_the_source_changes(region, municipalities):
    RegionalFigureFactory(region=region, year=2021, value=5, source="oude bron")
    plan = parse(region, "code;periode;waarde\nGM9001;2021;5\n")

    assert [t.action for t in plan.totals] == [ACTION_UPDATE]
    assert "bijgewerkt" in plan.totals[0].action_label
    assert plan.summary == "0 nieuw, 1 bijgewerkt, 0 ongewijzigd"
    assert csv_import.apply(plan) == (0, 1)
    assert RegionalFigure.objects.get().source == SOURCE


def test_the_same_total_over_other_municipalities_updates_their_number(region, municipalities):
    """The figure shows how many municipalities it adds up: preview and import keep it true."""
    RegionalFigureFactory(
        region=region,
        year=2021,
        value=5,
        source=SOURCE,
        municipality_count=1,
    )
    plan = parse(region, "code;periode;waarde\nGM9001;2021;2\nGM9002;2021;3\n")

    assert [t.action for t in plan.totals] == [ACTION_UPDATE]
    assert plan.totals[0].action_label == (
        "wordt bijgewerkt (bron, aantal gemeenten of opname in verslagen)"
    )
    assert csv_import.apply(plan) == (0, 1)
    assert RegionalFigure.objects.get().municipality_count == 2


@pytest.mark.parametrize(
    ("stored", "ticked", "action"),
    [
        (False, True, ACTION_UPDATE),
        (False, False, ACTION_UNCHANGED),
        (True, False, ACTION_UNCHANGED),
        (True, True, ACTION_UNCHANGED),
    ],
)
def test_preview_and_apply_agree_on_ticking_in_report(
    region, municipalities, stored, ticked, action
):
    RegionalFigureFactory(
        region=region,
        year=2021,
        value=5,
        source=SOURCE,
        municipality_count=1,
        in_report=stored,
    )
    plan = parse(region, "code;periode;waarde\nGM9001;2021;5\n")
    plan.in_report = ticked

    assert [t.action for t in plan.totals] == [action]
    assert csv_import.apply(plan) == (0, plan.count(ACTION_UPDATE))
    assert RegionalFigure.objects.get().in_report == (stored or ticked)


def test_a_figure_of_another_kind_is_not_touched(region, municipalities):
    RegionalFigure.objects.create(
        region=region, kind=FigureKind.VT_ADVICE, year=2021, value=77, source=SOURCE
    )
    csv_import.apply(parse(region, "code;periode;waarde\nGM9001;2021;5\n"))
    assert RegionalFigure.objects.get(kind=FigureKind.VT_ADVICE).value == 77
    assert RegionalFigure.objects.get(kind=FigureKind.VT_REPORTS).value == 5


def test_nothing_is_imported_when_any_line_is_wrong(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2020;5\nGM9002;2021;abc\n")
    assert not plan.is_valid
    with pytest.raises(ValueError, match="niets geïmporteerd"):
        csv_import.apply(plan)
    assert not RegionalFigure.objects.exists()


def test_an_other_figure_is_imported_under_its_own_name(region, municipalities):
    plan = parse(
        region,
        "code;periode;waarde\nGM9001;2021;4\n",
        kind=FigureKind.OTHER,
        label="Adressen met meer dan drie meldingen",
    )
    csv_import.apply(plan)
    figure = RegionalFigure.objects.get()
    assert (figure.kind, figure.label, figure.value) == (
        FigureKind.OTHER,
        "Adressen met meer dan drie meldingen",
        4,
    )


def test_a_file_that_is_no_text_gives_a_dutch_error(region, municipalities):
    plan = csv_import.parse_bytes(
        b"code;periode;waarde\nGM9001;2021;4 \x81\x8d\n",
        region=region,
        kind=FigureKind.VT_REPORTS,
        source=SOURCE,
    )
    assert "Sla het in uw spreadsheet op als 'CSV UTF-8'" in errors(plan)[0]


def test_a_value_too_large_for_the_database_is_a_line_error(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;99999999999\n")

    assert errors(plan) == ["Regel 2: waarde: 99999999999 is te groot (hoogstens 2.147.483.647)"]


def test_a_total_that_adds_up_past_what_the_database_holds_is_said_once(region, municipalities):
    big = 2_000_000_000
    text = f"code;periode;waarde\nGM9001;2021;{big}\nGM9002;2021;{big}\n"

    plan = parse(region, text)

    assert errors(plan) == [
        "Regel 3: het totaal voor 2021: 4000000000 is te groot (hoogstens 2.147.483.647)"
    ]
    assert not plan.is_valid


def test_a_cell_too_long_for_the_csv_reader_is_a_file_error(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;" + "1" * 140_000 + "\n")

    assert len(plan.errors) == 1
    assert str(plan.errors[0]).startswith("Regel 2: Het bestand is niet te lezen als CSV")


def test_a_value_too_long_for_python_to_read_is_a_line_error(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2021;" + "1" * 5000 + "\n")

    assert errors(plan) == [f"Regel 2: waarde: {'1' * 40}… is te groot (hoogstens 2.147.483.647)"]
    assert not plan.is_valid


def test_an_error_in_a_row_with_a_newline_in_a_quoted_cell_names_its_first_line(
    region, municipalities
):
    plan = parse(region, 'code;periode;waarde\nGM9001;2021;5\n"GM9002\n";2021;x1\nGM9002;2022;1\n')

    assert [e.line for e in plan.errors] == [3]


def test_a_utf16_file_with_lone_carriage_returns_is_read(region, municipalities):
    data = "code\tperiode\twaarde\rGM9001\t2021\t1.200\r".encode("utf-16")

    plan = csv_import.parse_bytes(data, region=region, kind=FigureKind.VT_REPORTS, source=SOURCE)

    assert plan.errors == []
    assert [(t.year, t.value) for t in plan.totals] == [(2021, 1200)]


def test_an_error_quotes_only_the_start_of_a_very_long_cell(region, municipalities):
    long = "9x" * 5_000
    plan = parse(
        region, f"code;periode;waarde\n{long};2021;1\nGM9001;{long};1\nGM9002;2021;{long}\n"
    )

    assert [e.line for e in plan.errors] == [2, 3, 4]
    assert all(f"{'9x' * 20}…" in e.message.lower() for e in plan.errors)
    assert all(len(e.message) < 200 for e in plan.errors)


def test_a_period_with_digits_of_another_script_is_no_year(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;\u0662\u0660\u0662\u0661;4\n")

    assert "periode" in errors(plan)[0].lower() and plan.totals == []


def test_a_line_with_more_cells_than_the_header_is_an_error_not_cut_short(region, municipalities):
    """A Dutch decimal comma in a comma-separated file splits the value over two cells: the
    line must not be imported as its first half (100 for 100,5)."""
    plan = parse(region, "code,periode,waarde\nGM9001,2022,100,5\nGM9002,2022,7\n")

    assert errors(plan) == [
        "Regel 2: te veel kolommen: de kopregel heeft er 3, deze regel 4. Staat er een komma "
        "in een getal of een naam? Zet die cel dan tussen aanhalingstekens, of sla het bestand "
        "op met puntkomma's."
    ]
    assert plan.totals == []


def test_empty_cells_after_the_last_column_are_no_extra_columns(region, municipalities):
    plan = parse(region, "code;periode;waarde\nGM9001;2022;100;;\n")

    assert plan.errors == []
    assert [(t.year, t.value) for t in plan.totals] == [(2022, 100)]

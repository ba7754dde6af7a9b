"""Municipality CSV import: checked as a whole, an error per bad line, nothing partial."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from ghnt_portal.accounts.models import Invitation
from regions import municipality_import
from regions.models import Membership, Municipality, Seat
from tests.factories import (
    GovernanceBodyFactory,
    InvitationFactory,
    MembershipFactory,
    MunicipalityFactory,
    RegionFactory,
    SeatFactory,
)

HEADER = "CBS-code;naam;inwoners;regio\n"


@pytest.fixture
def twente(db):
    return RegionFactory(name="Twente", slug="twente")


@pytest.fixture
def drenthe(db):
    return RegionFactory(name="Drenthe", slug="drenthe")


def plan_for(text: str):
    return municipality_import.parse_bytes(text.encode("utf-8"))


def messages(plan) -> list[str]:
    return [str(error) for error in plan.errors]


def test_good_file_creates_and_updates_municipalities(twente, drenthe):
    MunicipalityFactory(cbs_code="GM0153", name="Enschede oud", inhabitants=1, region=drenthe)
    text = HEADER + "GM0153;Enschede;160.000;Twente\nGM0106;Assen;68000;drenthe\n"

    plan = plan_for(text)
    result = municipality_import.apply(plan)

    assert plan.errors == []
    assert [row.action for row in plan.rows] == ["bijwerken", "nieuw"]
    assert (result.created, result.updated) == (1, 1)
    enschede = Municipality.objects.get(cbs_code="GM0153")
    assert (enschede.name, enschede.inhabitants, enschede.region) == ("Enschede", 160000, twente)
    assert Municipality.objects.get(cbs_code="GM0106").region == drenthe


def test_comma_delimiter_and_a_byte_order_mark_are_accepted(twente):
    data = "\ufeffcode,gemeente,inwoners,regio\ngm0153,Enschede,,twente\n".encode()

    plan = municipality_import.parse_bytes(data)

    assert plan.errors == []
    assert plan.rows[0].cbs_code == "GM0153"
    assert plan.rows[0].inhabitants is None


def test_importing_the_same_file_twice_changes_nothing_the_second_time(twente):
    text = HEADER + "GM0153;Enschede;160000;Twente\n"
    municipality_import.apply(plan_for(text))

    second = plan_for(text)

    result = municipality_import.apply(second)
    assert (result.created, result.updated) == (0, 0)
    assert second.rows[0].action == "ongewijzigd"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("G0153;Enschede;1;Twente", "'G0153' is geen geldige CBS-code"),
        ("GM153;Enschede;1;Twente", "'GM153' is geen geldige CBS-code"),
        (";Enschede;1;Twente", "'(leeg)' is geen geldige CBS-code"),
        ("GM0153;;1;Twente", "De naam van de gemeente ontbreekt."),
        ("GM0153;Enschede;veel;Twente", "Het aantal inwoners 'veel' is geen geheel getal."),
        ("GM0153;Enschede;-5;Twente", "Het aantal inwoners '-5' is geen geheel getal."),
        ("GM0153;Enschede;1;Atlantis", "Regio 'Atlantis' bestaat niet."),
        ("GM0153;Enschede", "Te weinig kolommen"),
    ],
)
def test_each_kind_of_bad_line_gets_a_dutch_error_with_its_line_number(twente, line, expected):
    plan = plan_for(HEADER + "GM0106;Assen;68000;Twente\n" + line + "\n")

    assert len(plan.errors) == 1
    assert plan.errors[0].line == 3
    assert messages(plan)[0].startswith("Regel 3: ")
    assert expected in messages(plan)[0]
    assert not plan.is_valid


def test_duplicate_code_in_the_file_names_the_first_line(twente):
    plan = plan_for(HEADER + "GM0153;Enschede;1;Twente\nGM0153;Hengelo;2;Twente\n")

    assert messages(plan) == ["Regel 3: CBS-code GM0153 staat ook al op regel 2."]


def test_every_bad_line_is_reported_not_only_the_first(twente):
    plan = plan_for(HEADER + "X;Enschede;1;Twente\nGM0001;;1;Twente\nGM0002;Oost;x;Nergens\n")

    assert [error.line for error in plan.errors] == [2, 3, 4, 4]


def test_wrong_header_is_refused(twente):
    plan = plan_for("code;gemeente;regio\nGM0153;Enschede;Twente\n")

    assert len(plan.errors) == 1
    assert "De kopregel klopt niet" in messages(plan)[0]


def test_a_file_excel_saved_on_windows_in_cp1252_is_read_with_its_accents(twente):
    plan = municipality_import.parse_bytes(
        (HEADER + "GM0153;Súdwest-Fryslân;1;Twente\n").encode("cp1252")
    )

    assert plan.errors == []
    assert [row.name for row in plan.rows] == ["Súdwest-Fryslân"]


def test_bytes_that_are_no_text_in_any_encoding_read_are_refused_with_advice(twente):
    # 0x81 and 0x8D are neither UTF-8 here nor any character of Windows-1252.
    plan = municipality_import.parse_bytes(HEADER.encode() + b"GM0153;\x81\x8d;1;Twente\n")

    assert "Sla het in uw spreadsheet op als 'CSV UTF-8'" in messages(plan)[0]
    assert plan.rows == []


def test_empty_file_is_refused(db):
    assert "leeg" in messages(plan_for(""))[0]
    assert "geen gemeenten" in messages(plan_for(HEADER))[0]


@pytest.mark.parametrize("text", [";;;\n", '""\n', " ; ; \n\n;;\n", '"";""\r\n'])
def test_a_file_of_only_empty_cells_is_refused_as_empty(db, text):
    plan = plan_for(text)

    assert messages(plan) == ["Het bestand is leeg."]
    assert plan.rows == []


def test_nothing_is_imported_when_one_line_is_wrong(twente):
    plan = plan_for(HEADER + "GM0153;Enschede;1;Twente\nGM0164;Hengelo;x;Twente\n")

    with pytest.raises(ValueError, match="niets geïmporteerd"):
        municipality_import.apply(plan)

    assert not Municipality.objects.exists()


def test_a_failure_while_saving_rolls_back_every_row(twente, monkeypatch):
    plan = plan_for(HEADER + "GM0153;Enschede;1;Twente\nGM0164;Hengelo;2;Twente\n")
    original_save = Municipality.save

    def save_then_fail(self, *args, **kwargs):
        if self.cbs_code == "GM0164":
            raise RuntimeError("database weg")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Municipality, "save", save_then_fail)

    with pytest.raises(RuntimeError):
        municipality_import.apply(plan)

    assert not Municipality.objects.exists()


def test_command_imports_a_good_file(twente, tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_text(HEADER + "GM0153;Enschede;160000;Twente\n", encoding="utf-8")
    out = StringIO()

    call_command("import_municipalities", str(path), stdout=out)

    assert "Gemeenten geïmporteerd: 1 nieuw, 0 bijgewerkt." in out.getvalue()
    assert Municipality.objects.get().name == "Enschede"


def test_command_dry_run_shows_the_plan_and_saves_nothing(twente, tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_text(HEADER + "GM0153;Enschede;160000;Twente\n", encoding="utf-8")
    out = StringIO()

    call_command("import_municipalities", str(path), "--dry-run", stdout=out)

    assert "GM0153" in out.getvalue()
    assert "gemeenten: 1 nieuw, 0 bijgewerkt, 0 ongewijzigd" in out.getvalue()
    assert "Proefdraai" in out.getvalue()
    assert not Municipality.objects.exists()


def test_command_lists_the_errors_and_fails(twente, tmp_path):
    path = tmp_path / "gemeenten.csv"
    path.write_text(HEADER + "GM0153;Enschede;x;Twente\n", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="Niets geïmporteerd: 1 fout"):
        call_command("import_municipalities", str(path), stderr=err)

    assert "Regel 2: Het aantal inwoners 'x' is geen geheel getal." in err.getvalue()
    assert not Municipality.objects.exists()


def test_command_reports_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match=r"Kan .* niet lezen"):
        call_command("import_municipalities", str(tmp_path / "bestaat-niet.csv"))


def test_a_number_of_inhabitants_too_large_for_the_database_is_a_line_error(twente):
    plan = plan_for(HEADER + "GM0153;Enschede;99999999999;Twente\n")

    assert messages(plan) == [
        "Regel 2: Het aantal inwoners: 99999999999 is te groot (hoogstens 2.147.483.647)."
    ]
    assert not Municipality.objects.exists()


def test_a_cell_too_long_for_the_csv_reader_is_a_file_error(twente):
    plan = plan_for(HEADER + "GM0153;" + "a" * 140_000 + ";1;Twente\n")

    assert [
        m.startswith("Regel 2: Het bestand is niet te lezen als CSV") for m in messages(plan)
    ] == [True]


def test_moving_a_municipality_to_another_region_unlinks_the_old_regions_seats_and_roles(
    twente, drenthe
):
    moved = MunicipalityFactory(region=drenthe, cbs_code="GM0153", name="Enschede")
    seat = SeatFactory(body=GovernanceBodyFactory(region=drenthe), represents_municipality=moved)
    leader = MembershipFactory(region=drenthe, projectleider=True, municipality=moved)

    result = municipality_import.apply(plan_for(HEADER + "GM0153;Enschede;160000;Twente\n"))

    seat = Seat.objects.get(pk=seat.pk)
    seat.full_clean()  # Seat.clean accepts it again
    assert seat.represents_municipality is None
    assert Membership.objects.get(pk=leader.pk).municipality is None
    assert Municipality.objects.get(pk=moved.pk).region == twente
    assert (result.moved.seats, result.moved.memberships) == (1, 1)
    assert "Bij 1 zetel en 1 rol in de oude regio is de gemeente leeggemaakt" in result.message


def test_moving_a_municipality_to_another_region_takes_its_bestuurders_along(twente, drenthe):
    moved = MunicipalityFactory(region=drenthe, cbs_code="GM0153", name="Enschede")
    wethouder = MembershipFactory(region=drenthe, wethouder=True, municipality=moved)
    invitation = InvitationFactory(region=drenthe, wethouder=True, municipality=moved)
    other = MembershipFactory(
        region=drenthe, wethouder=True, municipality=MunicipalityFactory(region=drenthe)
    )

    result = municipality_import.apply(plan_for(HEADER + "GM0153;Enschede;160000;Twente\n"))

    wethouder = Membership.objects.get(pk=wethouder.pk)
    wethouder.full_clean()
    assert (wethouder.region, wethouder.municipality) == (twente, moved)
    invitation = Invitation.objects.get(pk=invitation.pk)
    assert (invitation.region, invitation.municipality) == (twente, moved)
    assert Membership.objects.get(pk=other.pk).region == drenthe
    assert result.message == (
        "Gemeenten geïmporteerd: 0 nieuw, 1 bijgewerkt. 1 bestuurder en 1 openstaande "
        "uitnodiging als bestuurder zijn met hun gemeente meeverhuisd naar de nieuwe regio."
    )


def test_import_leaves_a_bestuurder_who_already_is_one_in_the_new_region(twente, drenthe):
    moved = MunicipalityFactory(region=drenthe, cbs_code="GM0153", name="Enschede")
    wethouder = MembershipFactory(region=drenthe, wethouder=True, municipality=moved)
    MembershipFactory(region=twente, user=wethouder.user, wethouder=True)

    result = municipality_import.apply(plan_for(HEADER + "GM0153;Enschede;160000;Twente\n"))

    wethouder = Membership.objects.get(pk=wethouder.pk)
    assert (wethouder.region, wethouder.municipality) == (drenthe, None)
    assert "Bij 1 rol in de oude regio is de gemeente leeggemaakt" in result.message


def test_import_swapping_two_municipalities_keeps_their_bestuurder_in_both_regions(twente, drenthe):
    enschede = MunicipalityFactory(region=drenthe, cbs_code="GM0153", name="Enschede")
    assen = MunicipalityFactory(region=twente, cbs_code="GM0106", name="Assen")
    wethouder = MembershipFactory(region=drenthe, wethouder=True, municipality=enschede)
    MembershipFactory(region=twente, user=wethouder.user, burgemeester=True, municipality=assen)

    result = municipality_import.apply(
        plan_for(HEADER + "GM0153;Enschede;160000;Twente\nGM0106;Assen;68000;Drenthe\n")
    )

    roles = Membership.objects.filter(user=wethouder.user)
    assert {(role.region, role.municipality, role.function) for role in roles} == {
        (twente, enschede, "wethouder"),
        (drenthe, assen, "burgemeester"),
    }
    assert result.message == (
        "Gemeenten geïmporteerd: 0 nieuw, 2 bijgewerkt. 2 bestuurders zijn met hun gemeente "
        "meeverhuisd naar de nieuwe regio."
    )


def test_a_municipality_that_stays_in_its_region_keeps_its_seats(twente):
    kept = MunicipalityFactory(region=twente, cbs_code="GM0153", name="Enschede oud")
    seat = SeatFactory(body=GovernanceBodyFactory(region=twente), represents_municipality=kept)

    result = municipality_import.apply(plan_for(HEADER + "GM0153;Enschede;160000;Twente\n"))

    assert Seat.objects.get(pk=seat.pk).represents_municipality == kept
    assert result.message == "Gemeenten geïmporteerd: 0 nieuw, 1 bijgewerkt."


@pytest.mark.parametrize("line", ["GM\x000153;Enschede;1;Twente", "GM0153;Ensch\x00ede;1;Twente"])
def test_a_nul_character_is_an_error_on_its_line(twente, line):
    plan = plan_for(HEADER + line + "\n")

    assert [error.line for error in plan.errors] == [2]
    assert "NUL-teken" in plan.errors[0].message
    assert not plan.rows


def test_a_number_of_inhabitants_too_long_for_python_to_read_is_a_line_error(twente):
    plan = plan_for(HEADER + "GM0153;Enschede;" + "1" * 5000 + ";Twente\n")

    assert messages(plan) == [
        f"Regel 2: Het aantal inwoners: {'1' * 40}… is te groot (hoogstens 2.147.483.647)."
    ]
    assert not Municipality.objects.exists()


def test_a_command_import_with_a_number_too_long_for_python_fails_with_the_line(twente, tmp_path):
    file = tmp_path / "gemeenten.csv"
    file.write_text(HEADER + "GM0153;Enschede;" + "9" * 5000 + ";Twente\n", encoding="utf-8")
    stderr = StringIO()

    with pytest.raises(CommandError, match="1 fout"):
        call_command("import_municipalities", str(file), stderr=stderr)

    assert f"Regel 2: Het aantal inwoners: {'9' * 40}… is te groot" in stderr.getvalue()
    assert not Municipality.objects.exists()


def test_a_utf16_file_as_excel_saves_unicode_text_is_read(twente):
    text = "CBS-code\tnaam\tinwoners\tregio\r\nGM1900\tSúdwest-Fryslân\t90.000\tTwente\r\n"

    plan = municipality_import.parse_bytes(text.encode("utf-16"))

    assert plan.errors == []
    assert [(r.cbs_code, r.name, r.inhabitants) for r in plan.rows] == [
        ("GM1900", "Súdwest-Fryslân", 90000)
    ]


def test_a_file_with_lone_carriage_returns_as_line_ends_is_read(twente):
    plan = plan_for(
        (HEADER + "GM0153;Enschede;1;Twente\nGM0164;Hengelo;x;Twente\n").replace("\n", "\r")
    )

    assert messages(plan) == ["Regel 3: Het aantal inwoners 'x' is geen geheel getal."]


def test_an_error_quotes_only_the_start_of_a_very_long_cell(twente):
    long = "x" * 10_000
    plan = plan_for(
        HEADER
        + f"{long};Enschede;1;Twente\nGM0153;Enschede;{long};Twente\nGM0164;Hengelo;1;{long}\n"
    )

    assert [e.line for e in plan.errors] == [2, 3, 4]
    assert all(f"'{'x' * 40}…'" in e.message.lower() for e in plan.errors)
    assert all(len(e.message) < 200 for e in plan.errors)


def test_a_code_with_digits_of_another_script_is_no_cbs_code(twente):
    # "GM" and four Arabic-Indic digits: Python's \d would take them as digits.
    plan = plan_for(HEADER + "GM\u0661\u0662\u0663\u0664;Enschede;1;Twente\n")

    assert "geen geldige CBS-code" in messages(plan)[0]
    assert plan.rows == []


def test_the_model_refuses_a_cbs_code_with_digits_of_another_script(twente):
    municipality = Municipality(cbs_code="GM\u0661\u0662\u0663\u0664", name="X", region=twente)

    with pytest.raises(ValidationError) as refused:
        municipality.full_clean()

    assert "cbs_code" in refused.value.message_dict


def test_a_line_break_in_a_quoted_name_becomes_a_space(twente):
    plan = plan_for(HEADER + 'GM0153;"Enschede\nCentrum";1;Twente\n')

    assert plan.errors == []
    assert [row.name for row in plan.rows] == ["Enschede Centrum"]


def test_a_line_with_more_cells_than_the_header_is_an_error_not_cut_short(twente):
    """An unquoted comma in the last column (inwoners 160,000) must not import 160."""
    plan = plan_for("code,naam,regio,inwoners\nGM0153,Enschede,Twente,160,000\n")

    assert messages(plan) == [
        "Regel 2: Te veel kolommen: de kopregel heeft er 4, deze regel 5. Staat er een komma "
        "in een getal of een naam? Zet die cel dan tussen aanhalingstekens, of sla het bestand "
        "op met puntkomma's."
    ]
    assert plan.rows == []


def test_empty_cells_after_the_last_column_are_no_extra_columns(twente):
    plan = plan_for(HEADER + "GM0153;Enschede;160.000;Twente;;\n")

    assert plan.errors == []
    assert [row.inhabitants for row in plan.rows] == [160000]

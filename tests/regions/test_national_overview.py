"""The national overview (issue 8): beheerder and landelijk only; aggregates per region; a
sortable table, a chart, CSV and PDF; query counts flat in the number of regions."""

import csv
import datetime
import io
import logging

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from pypdf import PdfReader

from governance.constants import ItemStatus
from regions.constants import BodyKind
from regions.national import national_overview
from regions.structure import build_structure_picture, has_care_safety_body
from scan.constants import ResponseStatus
from tests.factories import GovernanceBodyFactory, RegionFactory, SeatFactory
from tests.governance.factories import (
    AssessmentAnswerFactory,
    AssessmentFactory,
    ChecklistVersionFactory,
    CommunicationEntryFactory,
    NietVergetenLijstFactory,
)
from tests.regions.factories import core_domains
from tests.scan.factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    ThemeFactory,
)

URLS = ["national_overview", "national_overview_csv", "national_overview_pdf"]
NATIONAL = ["beheerder", "landelijk"]
REGIONAL = ["bestuurder", "burgemeester", "stuurgroeplid", "projectleider", "other_projectleider"]


def url(name: str) -> str:
    return reverse(f"regions:{name}")


def assessment(region, date, statuses, version):
    a = AssessmentFactory(region=region, version=version, date=datetime.date.fromisoformat(date))
    for status in statuses:
        AssessmentAnswerFactory(assessment=a, status=status)
    return a


def build_region(name: str, *, version, domains, answers=(ItemStatus.DONE, ItemStatus.NOT_STARTED)):
    """A region with a care+safety body (3 meetings), an advisory body (2 meetings), a complete
    NVL for the first body, two checklist rounds and two completed scans and one started."""
    region = RegionFactory(name=name)
    joint = GovernanceBodyFactory(
        region=region,
        meetings_per_year=3,
        kind=BodyKind.DECISION_MAKING,
        domains=[domains.jeugd, domains.veiligheid],
    )
    GovernanceBodyFactory(region=region, meetings_per_year=2, domains=[domains.wmo])
    NietVergetenLijstFactory(body=joint)
    CommunicationEntryFactory(body=joint)
    SeatFactory(body=joint, mandate="Mag besluiten over de inzet van middelen.")
    assessment(region, "2025-01-01", [ItemStatus.NOT_STARTED] * 2, version)
    assessment(region, "2026-01-01", answers, version)
    questionnaire = QuestionnaireFactory()
    QuestionFactory(
        theme=ThemeFactory(questionnaire=questionnaire),
        text="Wie bewaakt de Kwakkelbrug-afspraken?",
    )
    ResponseFactory(region=region, questionnaire=questionnaire, status=ResponseStatus.COMPLETED)
    ResponseFactory(region=region, questionnaire=questionnaire, status=ResponseStatus.COMPLETED)
    ResponseFactory(region=region, questionnaire=questionnaire)
    return region


@pytest.fixture
def domains(db):
    return core_domains()


@pytest.fixture
def version(db):
    return ChecklistVersionFactory()


@pytest.fixture
def filled(region, other_region, domains, version):
    """The standing regions: Testland without bodies, a full region 'Regio Noord'."""
    return build_region("Regio Noord", version=version, domains=domains)


def test_anonymous_is_sent_to_login(client_for, region):
    client = client_for(None)
    for name in URLS:
        response = client.get(url(name))
        assert response.status_code == 302
        assert response.url.startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("role_client", REGIONAL, indirect=True)
def test_regional_roles_get_403_on_every_national_view(role_client):
    _, _, client = role_client
    for name in URLS:
        assert client.get(url(name)).status_code == 403
        assert client.post(url(name)).status_code == 403


@pytest.mark.parametrize("role_client", NATIONAL, indirect=True)
def test_national_roles_see_every_region_with_its_indicators(role_client, filled):
    _, _, client = role_client
    response = client.get(url("national_overview"))
    assert response.status_code == 200
    rows = {row.region.name: row for row in response.context["overview"].rows}
    assert set(rows) == {"Regio Testland", "Regio Elders", "Regio Noord"}
    noord = rows["Regio Noord"]
    assert noord.has_care_safety_body is True
    assert (noord.body_count, noord.meetings_per_year) == (2, 5)
    assert noord.nvl_total == 16  # two bodies of eight agreements
    assert noord.nvl_filled == 8  # the joint body is complete, the other empty
    assert noord.checklist.share == 50
    assert noord.checklist.previous_share == 0
    assert noord.checklist.trend_label == "vooruit"
    assert noord.completed_scans == 2
    empty = rows["Regio Testland"]
    assert (empty.has_care_safety_body, empty.body_count, empty.checklist) == (False, 0, None)
    content = response.content.decode()
    assert "<svg" in content
    assert "style=" not in content


def test_the_overview_never_shows_scan_answers(client_for, landelijk, filled):
    response = filled.scan_responses.filter(status=ResponseStatus.COMPLETED).first()
    AnswerFactory(
        response=response,
        question=response.questionnaire.questions.get(),
        reflection="Vertrouwelijk: de wethouder twijfelt over Kwakkelbrug.",
        action_question="Vraag aan de Kwakkelbrug-regisseur",
    )
    content = client_for(landelijk).get(url("national_overview")).content.decode()
    assert "Regio Noord" in content  # the region with the completed scan is on the overview
    assert "Reflectievraag" not in content
    assert "Kwakkelbrug" not in content


def test_not_applicable_items_are_left_out_of_the_checklist_share(
    client_for, landelijk, domains, version
):
    build_region(
        "Regio Zuid",
        version=version,
        domains=domains,
        answers=(ItemStatus.DONE, ItemStatus.NOT_APPLICABLE, ItemStatus.IN_PROGRESS),
    )
    overview = national_overview()
    assert overview.rows[0].checklist.share == 50


def test_a_round_where_no_point_applies_says_so_instead_of_no_answers(db, domains, version):
    region = RegionFactory(name="Regio Oost")
    assessment(region, "2026-01-01", [ItemStatus.NOT_APPLICABLE] * 3, version)

    row = national_overview().rows[0]

    assert (row.checklist.share, row.checklist_label) == (None, "geen punten van toepassing")


def test_a_checklist_that_fell_back_says_so(db, domains, version):
    region = RegionFactory(name="Regio West")
    assessment(region, "2025-01-01", [ItemStatus.DONE], version)
    assessment(region, "2026-01-01", [ItemStatus.IN_PROGRESS], version)
    row = national_overview().rows[0]
    assert (row.checklist.share, row.checklist.trend_label) == (0, "achteruit")


def test_only_the_two_latest_region_rounds_count(db, domains, version):
    """Older rounds and rounds of a single body are left out; a round without answers yet has
    no share; of two rounds on one day the later one is the latest."""
    region = RegionFactory(name="Regio West")
    assessment(region, "2024-01-01", [ItemStatus.NOT_STARTED] * 3, version)
    assessment(region, "2025-01-01", [ItemStatus.DONE, ItemStatus.IN_PROGRESS], version)
    assessment(region, "2025-01-01", [ItemStatus.DONE], version)
    body_round = assessment(region, "2027-01-01", [ItemStatus.DONE], version)
    body_round.body = GovernanceBodyFactory(region=region)
    body_round.save()
    row = next(r for r in national_overview().rows if r.region == region)
    assert (row.checklist.date, row.checklist.share) == (datetime.date(2025, 1, 1), 100)
    assert row.checklist.previous_share == 50

    assessment(region, "2026-01-01", [], version)
    row = next(r for r in national_overview().rows if r.region == region)
    assert (row.checklist.share, row.checklist.previous_share) == (None, 100)
    assert (row.checklist_label, row.checklist_note) == (
        "geen antwoorden",
        "(1-1-2026; geen vorige ronde)",
    )


def test_the_table_cells_say_what_the_indicators_are(client_for, landelijk, filled):
    content = client_for(landelijk).get(url("national_overview")).content.decode()
    noord = content[content.index(">Regio Noord</a>") :].split("</tr>")[0]
    assert "<td>ja</td>" in noord
    assert '<td class="text-end">8 van 16 (50%)</td>' in noord
    assert (
        '<td class="text-end">50% <span class="text-muted">(1-1-2026; vooruit)</span></td>' in noord
    )
    testland = content[content.index(">Regio Testland</a>") :].split("</tr>")[0]
    assert "<td>nee</td>" in testland
    assert '<td class="text-end">geen overleggen</td>' in testland
    assert '<td class="text-end">geen regiobrede ronde</td>' in testland


def test_a_round_of_one_body_is_not_the_regions_round(db, region):
    AssessmentFactory(region=region, body=GovernanceBodyFactory(region=region))

    row = next(r for r in national_overview().rows if r.region == region)

    assert row.checklist is None
    assert row.checklist_label == "geen regiobrede ronde"


def test_sorting_by_query_parameter_puts_unknown_last(
    client_for, beheerder, filled, version, domains
):
    build_region("Regio Oost", version=version, domains=domains, answers=[ItemStatus.DONE])
    client = client_for(beheerder)
    names = [
        r.region.name
        for r in client.get(url("national_overview"), {"sort": "-checklist"})
        .context["overview"]
        .rows
    ]
    assert names == ["Regio Oost", "Regio Noord", "Regio Elders", "Regio Testland"]
    names = [
        r.region.name
        for r in client.get(url("national_overview"), {"sort": "checklist"})
        .context["overview"]
        .rows
    ]
    assert names == ["Regio Noord", "Regio Oost", "Regio Elders", "Regio Testland"]


def test_the_sorted_column_is_marked_and_links_to_the_reverse_order(client_for, beheerder, filled):
    response = client_for(beheerder).get(url("national_overview"), {"sort": "scans"})
    content = response.content.decode()
    assert 'aria-sort="ascending"' in content
    assert "?sort=-scans" in content


def test_an_unknown_sort_falls_back_to_the_name(client_for, beheerder, filled):
    response = client_for(beheerder).get(url("national_overview"), {"sort": "drop table"})
    assert response.status_code == 200
    assert [r.region.name for r in response.context["overview"].rows] == [
        "Regio Elders",
        "Regio Noord",
        "Regio Testland",
    ]


def test_the_csv_export_holds_one_line_per_region(client_for, landelijk, filled):
    response = client_for(landelijk).get(url("national_overview_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="landelijk-overzicht.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "regio"
    assert len(rows) == 4
    noord = next(r for r in rows if r[0] == "Regio Noord")
    assert noord == ["Regio Noord", "ja", "2", "5", "8", "16", "2026-01-01", "50", "vooruit", "2"]
    testland = next(r for r in rows if r[0] == "Regio Testland")
    assert testland == ["Regio Testland", "nee", "0", "0", "0", "0", "", "", "", "0"]


def test_the_pdf_names_every_region_and_logs_no_error(client_for, beheerder, filled, caplog):
    with caplog.at_level(logging.WARNING):
        response = client_for(beheerder).get(url("national_overview_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="landelijk-overzicht.pdf"' in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for name in ("Regio Noord", "Regio Testland", "Regio Elders"):
        assert name in text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_query_count_does_not_grow_with_the_number_of_regions(
    client_for, landelijk, domains, version, django_assert_max_num_queries
):
    client = client_for(landelijk)
    build_region("Regio 0", version=version, domains=domains)
    with django_assert_max_num_queries(30) as one:
        client.get(url("national_overview"))
    for n in range(1, 10):
        build_region(f"Regio {n}", version=version, domains=domains)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url("national_overview"))
    assert len(response.context["overview"].rows) == 10
    with django_assert_max_num_queries(len(one.captured_queries)):
        csv = client.get(url("national_overview_csv"))
    assert csv.status_code == 200
    assert "Regio 9" in csv.content.decode()


def test_the_home_panel_links_national_roles_to_the_overview(client_for, landelijk, region):
    content = client_for(landelijk).get("/").content.decode()
    assert url("national_overview") in content


def test_the_home_panel_does_not_link_project_leaders_to_the_overview(client_for, projectleider):
    content = client_for(projectleider).get("/").content.decode()
    assert url("national_overview") not in content


@pytest.mark.parametrize(
    ("bodies", "together"),
    [
        pytest.param([["jeugd", "veiligheid"]], True, id="one-body-with-both"),
        pytest.param([["jeugd"], ["veiligheid"]], False, id="care-and-safety-apart"),
        pytest.param([["jeugd", "wmo"]], False, id="care-only"),
        pytest.param([["wmo"], ["wmo", "veiligheid", "jeugd"]], True, id="second-body-joins"),
    ],
)
def test_care_and_safety_together_follows_the_structure_picture_rule(db, domains, bodies, together):
    """The overview asks the database what structure.has_care_safety_body decides per body."""
    region = RegionFactory(name="Regio Regel")
    for slugs in bodies:
        GovernanceBodyFactory(region=region, domains=[getattr(domains, s) for s in slugs])

    row = next(r for r in national_overview().rows if r.region == region)

    assert row.has_care_safety_body is together
    groups = [{d.group for d in b.domains.all()} for b in region.bodies.all()]
    assert has_care_safety_body(groups) is together


def test_the_csv_export_keeps_a_region_name_from_running_as_a_formula(client_for, landelijk):
    RegionFactory(name='=HYPERLINK("http://example.org";"klik")', slug="formule")

    response = client_for(landelijk).get(url("national_overview_csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[0] for row in rows[1:]] == ['\'=HYPERLINK("http://example.org";"klik")']


def test_the_summary_counts_completed_scans_in_singular_and_plural(client_for, landelijk, filled):
    client = client_for(landelijk)
    assert "2 afgeronde B&W-scans in totaal." in client.get(url("national_overview")).text

    filled.scan_responses.filter(status=ResponseStatus.COMPLETED).first().delete()
    content = client.get(url("national_overview")).text
    assert "1 afgeronde B&W-scan in totaal." in content
    assert "1 afgeronde B&W-scans" not in content


def test_each_row_links_to_its_own_region_page(client_for, landelijk, filled):
    response = client_for(landelijk).get(url("national_overview"))

    rows = response.context["overview"].rows
    assert len(rows) == 3
    for row in rows:
        assert row.url == reverse("regions:region_detail", args=[row.region.slug])
        assert f'<a href="{row.url}">{row.region.name}</a>' in response.text


@pytest.mark.parametrize(
    "date", [datetime.date(1, 1, 1), datetime.date(999, 12, 31), datetime.date(2026, 3, 4)]
)
def test_a_rounds_date_is_written_as_the_date_filter_writes_it(date):
    from django.utils.dateformat import format as format_date

    from regions.national import CellTexts, ChecklistStatus, RegionRow

    row = RegionRow(
        region=None,
        url="",
        has_care_safety_body=False,
        body_count=0,
        meetings_per_year=0,
        nvl_filled=0,
        nvl_total=0,
        checklist=ChecklistStatus(date=date, done=1, total=2),
        completed_scans=0,
        texts=CellTexts.translated(),
    )

    assert row.checklist_note.startswith(f"({format_date(date, 'j-n-Y')}; ")


@pytest.mark.parametrize(
    ("bodies", "seats", "at_table"),
    [
        pytest.param([["jeugd"]], [["veiligheid"]], True, id="safety-seat-in-a-care-body"),
        pytest.param(
            [[]], [["wmo", "veiligheid"]], True, id="both-seated-in-a-body-without-domains"
        ),
        pytest.param([["jeugd"], []], [[], ["veiligheid"]], False, id="seated-in-another-body"),
        pytest.param([["jeugd"]], [["wmo"]], False, id="care-only"),
    ],
)
def test_care_and_safety_at_one_table_follows_the_structure_picture(
    db, domains, bodies, seats, at_table
):
    """ "Nee" in the overview must not contradict the people at the table: a region where care
    and safety sit together in a body that does not list both says so, as the structure
    picture's white spot does."""
    region = RegionFactory(name="Regio Regel")
    for slugs, seat_slugs in zip(bodies, seats, strict=True):
        body = GovernanceBodyFactory(region=region, domains=[getattr(domains, s) for s in slugs])
        for slug in seat_slugs:
            SeatFactory(body=body, domain=getattr(domains, slug))

    overview = national_overview()
    row = next(r for r in overview.rows if r.region == region)

    assert row.has_care_safety_body is False
    assert row.care_safety_at_table is at_table
    assert row.care_safety_label == ("nee, wel samen aan tafel" if at_table else "nee")
    assert overview.care_safety_at_table_only_count == int(at_table)
    (spot,) = [
        s for s in build_structure_picture(region).white_spots if s.code == "no_care_safety_body"
    ]
    assert spot.title == (
        "Geen overleg is toegewezen aan zorg én veiligheid"
        if at_table
        else "Er is geen overleg waar zorg en veiligheid samen aan tafel zitten"
    )


def test_a_body_with_both_listed_is_yes_whatever_the_seats(db, domains):
    region = RegionFactory(name="Regio Regel")
    GovernanceBodyFactory(region=region, domains=[domains.jeugd, domains.veiligheid])

    row = next(r for r in national_overview().rows if r.region == region)

    assert (row.has_care_safety_body, row.care_safety_label) == (True, "ja")


def test_the_summary_counts_regions_where_care_and_safety_only_share_a_table(
    client_for, landelijk, filled, domains
):
    region = RegionFactory(name="Regio Aan Tafel")
    body = GovernanceBodyFactory(region=region, domains=[domains.wmo])
    SeatFactory(body=body, domain=domains.veiligheid)

    content = client_for(landelijk).get(url("national_overview")).content.decode()

    assert "In 1 van de 4 regio's stuurt een overleg op zorg én veiligheid samen" in content
    assert (
        "In 1 regio zitten zorg en veiligheid wel samen aan tafel, maar staan ze bij geen "
        "enkel overleg allebei als domein." in content
    )
    row = content[content.index(">Regio Aan Tafel</a>") :].split("</tr>")[0]
    assert "<td>nee, wel samen aan tafel</td>" in row

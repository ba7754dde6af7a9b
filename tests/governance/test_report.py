"""The meeting report: HTML preview and PDF, its content, escaping of user text, query count."""

import datetime
import io
import logging
import re
import socket
import zoneinfo

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from governance import services
from governance.constants import AgendaAsk, ItemStatus
from governance.models import AssessmentAnswer, ChecklistItem
from governance.report import REPORT_TEMPLATE, build_meeting_report, build_report
from governance.selectors import actions_for_region
from tests.factories import GovernanceBodyFactory, RegionalFigureFactory, SeatFactory
from tests.pdf import pdf_text

from .factories import (
    AgendaItemFactory,
    ChecklistItemFactory,
    CommunicationEntryFactory,
    FollowUpActionFactory,
    MeetingFactory,
    NietVergetenLijstFactory,
)

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def local(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    """A moment in Dutch time, the project's TIME_ZONE."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


@pytest.fixture
def meeting(checklist, region, body):
    SeatFactory(body=body, person_name="Wim Wethouder", mandate="Mag besluiten over Jeugd.")
    absent = SeatFactory(body=body, person_name="Bram Burgemeester", mandate="")
    NietVergetenLijstFactory(
        body=body, problem="Herhaald geweld in Testland.", preparation="", information_flow=""
    )
    CommunicationEntryFactory(body=body, audience="Gemeenteraden", channel="Raadsbrief")
    first = services.start_assessment(region=region, body=body, on=datetime.date(2026, 1, 1))
    AssessmentAnswer.objects.filter(assessment=first, item__code="2A-1").update(
        status=ItemStatus.IN_PROGRESS
    )
    second = services.start_assessment(region=region, body=body, on=datetime.date(2026, 3, 1))
    AssessmentAnswer.objects.filter(assessment=second, item__code="2A-1").update(
        status=ItemStatus.DONE, explanation="Visie vastgesteld."
    )
    answer = second.answers.get(item__code="3D-3")
    FollowUpActionFactory(
        region=region,
        answer=answer,
        description="Communicatieplan afmaken",
        due_date=datetime.date(2026, 5, 1),
        created_at=local(2026, 3, 1),
    )
    FollowUpActionFactory(
        region=region,
        description="Cijfers opvragen",
        due_date=datetime.date(2026, 4, 1),
        created_at=local(2026, 3, 1),
    )
    FollowUpActionFactory(
        region=region,
        description="Afgerond werk",
        created_at=local(2026, 3, 1),
        is_closed=True,
        closed_at=local(2026, 4, 1),
    )
    meeting = MeetingFactory(body=body, date=datetime.date(2026, 4, 15), place="Stadhuis")
    meeting.present_seats.set([body.seats.get(person_name="Wim Wethouder")])
    item = AgendaItemFactory(
        meeting=meeting, order=1, title="Visie vaststellen", ask=AgendaAsk.DECIDE
    )
    item.checklist_items.set(ChecklistItem.objects.filter(code="2A-1", section__version=checklist))
    assert absent.pk
    return meeting


def preview_url(meeting):
    return reverse("governance:meeting_report", args=[meeting.body.region.slug, meeting.uuid])


def pdf_url(meeting):
    return reverse("governance:meeting_report_pdf", args=[meeting.body.region.slug, meeting.uuid])


def test_the_preview_holds_every_part_of_the_report(meeting, projectleider, client_for):
    response = client_for(projectleider).get(preview_url(meeting))

    page = response.content.decode()
    assert response.status_code == 200
    for text in [
        "Regio Testland",
        "Stuurgroep Zorg en Veiligheid Testland",
        "15 april 2026",
        "Wim Wethouder",  # present
        "Visie vaststellen",  # agenda
        "besluiten",
        'href="#nvl"',  # table of contents
        "Herhaald geweld in Testland.",  # NVL agreement
        "ONTBREEKT: nog niet afgesproken",  # missing agreement marked
        "Mag besluiten over Jeugd.",  # mandate from the registry
        "Vooruitgegaan:",  # change since the previous round
        "mee bezig → geregeld",
        "Communicatieplan afmaken",  # open action
        "Raadsbrief",  # communication plan
    ]:
        assert text in page, text
    assert "Afgerond werk" not in page
    assert page.index("Cijfers opvragen") < page.index("Communicatieplan afmaken")


def test_the_report_shows_the_structure_of_the_region(meeting, projectleider, client_for):
    GovernanceBodyFactory(region=meeting.body.region, name="Regiobijeenkomst Testland")

    page = client_for(projectleider).get(preview_url(meeting)).content.decode()

    section = page.split('id="h-structuur"')[1].split('id="h-nvl"')[0]
    assert "Regiobijeenkomst Testland" in section


def test_the_report_without_any_round_says_so(checklist, region, body, projectleider, client_for):
    meeting = MeetingFactory(body=body)

    page = client_for(projectleider).get(preview_url(meeting)).content.decode()

    assert "Er is nog geen checklistronde" in page


def test_user_text_with_html_or_css_urls_is_escaped_in_the_report_html(meeting):
    nvl = meeting.body.niet_vergeten_lijst
    nvl.problem = (
        '<img src="http://example.invalid/x.png"> background: url(http://example.invalid/y)'
    )
    nvl.save()
    AgendaItemFactory(
        meeting=meeting, title="<style>@import url(http://example.invalid/z.css)</style>"
    )

    html = render_to_string(REPORT_TEMPLATE, {"report": build_meeting_report(meeting)})

    assert '<img src="http://example.invalid' not in html
    assert "&lt;img src=&quot;http://example.invalid/x.png&quot;&gt;" in html
    assert "<style>@import" not in html
    assert "&lt;style&gt;@import url(http://example.invalid/z.css)" in html


@pytest.mark.parametrize(
    "role_client", ["projectleider", "stuurgroeplid", "beheerder"], indirect=True
)
def test_the_steering_group_downloads_the_pdf_without_logged_errors(role_client, meeting, caplog):
    _role, _user, client = role_client

    with caplog.at_level(logging.WARNING):
        response = client.get(pdf_url(meeting))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="verslag-stuurgroep-zorg-en-veiligheid-testland-2026-04-15.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_the_pdf_text_holds_agreements_statuses_and_open_actions(
    meeting, projectleider, client_for
):
    response = client_for(projectleider).get(pdf_url(meeting))

    text = " ".join(pdf_text(response.content).split())
    assert "Herhaald geweld in Testland." in text
    assert "ONTBREEKT" in text
    assert "Visie vastgesteld." in text
    assert "geregeld" in text and "niet gestart" in text
    assert "Communicatieplan afmaken" in text
    assert "Cijfers opvragen" in text
    assert "Raadsbrief" in text
    assert "Pagina 2 van" in text


def test_the_meeting_notes_on_the_meeting_page_are_in_its_report(
    meeting, projectleider, client_for
):
    """The meeting page shows its notes ("Aantekeningen"); the report of that meeting, in the
    preview and the pdf, shows them too, after the agenda."""
    meeting.notes = "Besloten: het advies gaat in februari naar de colleges."
    meeting.save()
    client = client_for(projectleider)

    page = client.get(preview_url(meeting)).content.decode()
    text = " ".join(pdf_text(client.get(pdf_url(meeting)).content).split())

    agenda = page.split('id="h-agenda"')[1].split('id="h-structuur"')[0]
    assert "Aantekeningen" in agenda
    assert meeting.notes in agenda
    assert meeting.notes in text
    assert text.index("Visie vaststellen") < text.index(meeting.notes)


def test_the_agenda_in_the_pdf_prints_who_brings_an_item_in_whole_words(
    meeting, projectleider, client_for
):
    """Every agenda column has room: "Ingebracht door" once printed as "Ingebr acht door"."""
    AgendaItemFactory(meeting=meeting, order=2, introduced_by="de voorzitter")

    response = client_for(projectleider).get(pdf_url(meeting))

    lines = [line.strip() for line in pdf_text(response.content).splitlines()]
    assert any("Ingebracht door" in line for line in lines)
    assert any("de voorzitter" in line for line in lines)


def test_the_highest_agenda_number_prints_whole_in_the_nr_column(
    meeting, projectleider, client_for
):
    """Three digits, the most an agenda item may have, fit the narrow 'Nr.' column."""
    AgendaItemFactory(meeting=meeting, order=999, title="Rondvraag")

    response = client_for(projectleider).get(pdf_url(meeting))

    lines = [line.split() for line in pdf_text(response.content).splitlines()]
    assert any(words[:2] == ["999", "Rondvraag"] for words in lines)


def test_user_text_in_the_pdf_is_shown_as_text_and_fetches_nothing(
    meeting, projectleider, client_for, monkeypatch
):
    nvl = meeting.body.niet_vergeten_lijst
    nvl.problem = '<img src="http://example.invalid/x.png"> url(http://example.invalid/y)'
    nvl.save()
    attempts = []

    def no_network(sock, address):
        attempts.append(address)
        raise OSError("no network in tests")

    monkeypatch.setattr(socket.socket, "connect", no_network)

    response = client_for(projectleider).get(pdf_url(meeting))

    text = "".join(pdf_text(response.content).split())
    assert '<imgsrc="http://example.invalid/x.png">' in text
    assert "url(http://example.invalid/y)" in text
    assert attempts == []
    assert all(not page.images for page in PdfReader(io.BytesIO(response.content)).pages)


# Text users can type at the edges of what the forms take.
LONG_WORD = "Kindermishandelingspreventie" * 11  # 308 characters without a space
LONG_URL = "https://example.org/" + "verslag/" * 60  # 500 characters
RIGHT_TO_LEFT = "مرحبا بالعالم שלום עולם"
LOOKS_LIKE_MARKUP = "<style>*{display:none}</style></td>{{ x }} url(file:///etc/passwd)"
# An A4 line in the report's fonts holds about 110 characters; a longer one runs off the page.
LONGEST_LINE = 150


def test_extreme_user_text_prints_whole_on_the_page(meeting, projectleider, client_for):
    body = meeting.body
    body.name = LONG_WORD[:200]
    body.save()
    nvl = body.niet_vergeten_lijst
    nvl.problem = "BEGINTEKST" + "\n" * 500 + "EINDTEKST"
    nvl.themes = LONG_URL
    nvl.preparation = RIGHT_TO_LEFT
    nvl.communication = f"zero\u200bwidth {LOOKS_LIKE_MARKUP}"
    nvl.save()
    AgendaItemFactory(meeting=meeting, order=2, title=LONG_WORD[:250], outcome=LONG_WORD * 2)

    response = client_for(projectleider).get(pdf_url(meeting))

    assert response.content.startswith(b"%PDF")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    text = "\n".join(pages)
    flat = "".join(text.split())
    for expected in (LONG_WORD * 2, LONG_URL, RIGHT_TO_LEFT, "zerowidth", LOOKS_LIKE_MARKUP):
        assert "".join(expected.split()) in flat, expected[:40]
    assert max(len(line) for line in text.splitlines()) <= LONGEST_LINE
    # 500 empty lines print as one: no pages of nothing.
    assert any("BEGINTEKST" in page and "EINDTEKST" in page for page in pages)


def _report_queries(client, meeting) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(preview_url(meeting))
    assert response.status_code == 200
    return len(queries)


def _add_data(meeting, times: int) -> None:
    body, region = meeting.body, meeting.body.region
    items = list(ChecklistItem.objects.all()[:3])
    for n in range(times):
        SeatFactory(body=body, mandate=f"Mandaat {n}")
        CommunicationEntryFactory(body=body)
        # Made before the meeting, so that the report lists them.
        action = FollowUpActionFactory(region=region, created_at=local(2026, 3, 1))
        agenda_item = AgendaItemFactory(meeting=meeting)
        agenda_item.checklist_items.set(items)
        agenda_item.actions.set([action])
        FollowUpActionFactory(region=region, agenda_item=agenda_item, created_at=local(2026, 3, 1))
        GovernanceBodyFactory(region=region)


def test_report_query_count_stays_flat_at_ten_times_the_data(meeting, projectleider, client_for):
    client = client_for(projectleider)
    _add_data(meeting, 2)
    small = _report_queries(client, meeting)

    _add_data(meeting, 20)
    large = _report_queries(client, meeting)

    assert large == small


def body_report_url(body, **params):
    url = reverse("governance:body_report", args=[body.region.slug, body.uuid])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_a_body_report_shows_the_state_on_the_chosen_date(meeting, stuurgroeplid, client_for):
    body = meeting.body
    client = client_for(stuurgroeplid)

    before_rounds = client.get(body_report_url(body, datum="2025-12-31")).content.decode()
    after_second = client.get(body_report_url(body, datum="2026-03-01")).content.decode()

    assert "Er is nog geen checklistronde" in before_rounds
    assert "Ronde van 1 maart 2026" in after_second
    assert "Dit overzicht hoort niet bij een vergadering" in after_second
    assert "Herhaald geweld in Testland." in after_second


def test_a_body_report_without_a_date_uses_today(meeting, projectleider, client_for):
    response = client_for(projectleider).get(body_report_url(meeting.body))

    assert response.status_code == 200
    assert response.context["report"].date == timezone.localdate()


def test_a_body_report_with_a_bad_date_shows_a_dutch_error(meeting, projectleider, client_for):
    response = client_for(projectleider).get(body_report_url(meeting.body, datum="morgen"))

    assert response.status_code == 200
    assert response.context["form"].errors["datum"]
    assert "Er ging iets mis" in response.content.decode()


def test_a_report_on_the_last_possible_date_lists_the_open_actions(body, projectleider, client_for):
    """Far in the future the report is today's; no date arithmetic may overflow. The date form
    refuses such a date now (test_dates), but a meeting saved with it (before that, or in the
    admin) still has a report."""
    FollowUpActionFactory(region=body.region, description="Nog open")
    FollowUpActionFactory(region=body.region, description="Afgerond", is_closed=True)
    meeting = MeetingFactory(body=body, date=datetime.date.max)

    response = client_for(projectleider).get(
        reverse("governance:meeting_report", args=[body.region.slug, meeting.uuid])
    )

    assert response.status_code == 200
    section = actions_section(response.content.decode())
    assert "Nog open" in section
    assert "Afgerond" not in section


PAST_NOTE = "De checklist en de acties tonen de stand op 1 maart 2026."


def test_a_past_date_report_says_which_parts_follow_the_date(body, projectleider, client_for):
    client = client_for(projectleider)

    past = client.get(body_report_url(body, datum="2026-03-01")).content.decode()
    today = client.get(body_report_url(body)).content.decode()

    assert PAST_NOTE in past
    assert "tonen de huidige stand in het portaal" in past
    assert "tonen de huidige stand in het portaal" not in today


def test_the_body_report_pdf_downloads(meeting, projectleider, client_for, caplog):
    url = reverse("governance:body_report_pdf", args=[meeting.body.region.slug, meeting.body.uuid])

    with caplog.at_level(logging.WARNING):
        response = client_for(projectleider).get(url + "?datum=2026-03-01")

    assert response["Content-Type"] == "application/pdf"
    assert (
        "stand-van-zaken-stuurgroep-zorg-en-veiligheid-testland-2026-03-01.pdf"
        in (response["Content-Disposition"])
    )
    assert "Stand van zaken" in pdf_text(response.content)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(("in_report", "shown"), [(True, True), (False, False)])
def test_figures_appear_in_the_report_only_when_the_project_leader_ticked_them(
    meeting, projectleider, client_for, in_report, shown
):
    RegionalFigureFactory(region=meeting.body.region, in_report=in_report)

    page = client_for(projectleider).get(preview_url(meeting)).content.decode()

    assert ('id="cijfers"' in page) is shown
    assert ("Fictieve testbron" in page) is shown
    assert ('href="#cijfers"' in page) is shown


# --- The actions open on the report's date ---------------------------------------------------


def actions_section(page: str) -> str:
    return page.split('id="h-acties"')[1].split('id="h-communicatie"')[0]


def test_a_report_on_a_past_date_lists_the_actions_open_on_that_date(
    body, projectleider, client_for
):
    region = body.region
    FollowUpActionFactory(
        region=region,
        description="Toen open, nu afgerond",
        created_at=local(2026, 2, 1),
        is_closed=True,
        closed_at=local(2026, 4, 1),
    )
    FollowUpActionFactory(
        region=region, description="Toen open, nog steeds open", created_at=local(2026, 2, 1)
    )
    FollowUpActionFactory(
        region=region, description="Pas later aangemaakt", created_at=local(2026, 3, 2)
    )
    FollowUpActionFactory(
        region=region,
        description="Al eerder afgerond",
        created_at=local(2026, 1, 1),
        is_closed=True,
        closed_at=local(2026, 2, 15),
    )

    page = client_for(projectleider).get(body_report_url(body, datum="2026-03-01"))

    section = actions_section(page.content.decode())
    assert "Toen open, nu afgerond" in section
    assert "Toen open, nog steeds open" in section
    assert "Pas later aangemaakt" not in section
    assert "Al eerder afgerond" not in section


def test_a_closed_action_without_a_closing_time_was_closed_on_every_date(body):
    """Rows closed before closed_at was kept count as closed, not as open for ever."""
    FollowUpActionFactory(region=body.region, created_at=local(2026, 1, 1), is_closed=True)

    report = build_report(body, on=datetime.date(2026, 3, 1))

    assert report.open_actions == []


@pytest.mark.parametrize(
    ("created_at", "closed_at", "listed"),
    [
        (local(2026, 3, 1, 23, 30), None, True),  # 22:30 UTC on 1 March
        (local(2026, 3, 2, 0, 30), None, False),  # 23:30 UTC on 1 March
        (local(2026, 2, 1), local(2026, 3, 1, 23, 30), False),
        (local(2026, 2, 1), local(2026, 3, 2, 0, 30), True),
    ],
)
def test_the_day_an_action_was_made_or_closed_counts_in_dutch_time(
    body, created_at, closed_at, listed
):
    action = FollowUpActionFactory(
        region=body.region,
        created_at=created_at,
        is_closed=closed_at is not None,
        closed_at=closed_at,
    )

    report = build_report(body, on=datetime.date(2026, 3, 1))

    assert (action in report.open_actions) is listed


@pytest.mark.parametrize("days_ahead", [0, 30])
def test_a_report_for_today_or_later_lists_the_actions_open_now(body, days_ahead):
    region = body.region
    FollowUpActionFactory(region=region, description="Al lang open", created_at=local(2026, 1, 1))
    FollowUpActionFactory(region=region, description="Vandaag gemaakt")
    closed_today = FollowUpActionFactory(region=region, description="Vandaag afgerond")
    services.set_action_closed(action=closed_today, closed=True)
    FollowUpActionFactory(region=region, description="Ooit afgerond", is_closed=True)

    report = build_report(body, on=timezone.localdate() + datetime.timedelta(days=days_ahead))

    assert report.open_actions == list(actions_for_region(region))
    assert {a.description for a in report.open_actions} == {"Al lang open", "Vandaag gemaakt"}


def test_the_meeting_report_lists_the_actions_open_on_the_meeting_date(
    meeting, projectleider, client_for
):
    region = meeting.body.region
    FollowUpActionFactory(
        region=region,
        description="Na de vergadering afgerond",
        created_at=local(2026, 4, 1),
        is_closed=True,
        closed_at=local(2026, 4, 16),
    )
    FollowUpActionFactory(
        region=region, description="Na de vergadering gemaakt", created_at=local(2026, 4, 16)
    )

    page = client_for(projectleider).get(preview_url(meeting)).content.decode()

    section = actions_section(page)
    assert "Na de vergadering afgerond" in section
    assert "Na de vergadering gemaakt" not in section
    assert "Communicatieplan afmaken" in section


def test_the_actions_of_a_past_date_are_headed_as_open_on_that_date(
    body, projectleider, client_for
):
    client = client_for(projectleider)

    past = client.get(body_report_url(body, datum="2026-03-01")).content.decode()
    today = client.get(body_report_url(body)).content.decode()

    assert "Acties die op 1 maart 2026 openstonden" in actions_section(past)
    assert "Op 1 maart 2026 stonden er geen acties open." in actions_section(past)
    assert '<a href="#acties">Acties die op 1 maart 2026 openstonden</a>' in past
    assert "Openstaande acties" in actions_section(today)
    assert "Er staan geen acties open." in actions_section(today)
    assert '<a href="#acties">Openstaande acties</a>' in today


def _h1(page: str) -> str:
    return " ".join(re.search(r"(?s)<h1[^>]*>(.*?)</h1>", page)[1].split())


@pytest.mark.parametrize("kind", ["meeting", "body"])
def test_the_preview_is_headed_as_the_pdf_it_previews(kind, meeting, projectleider, client_for):
    """A body's state of affairs is no meeting's report: the preview says what the PDF says."""
    client = client_for(projectleider)
    body = meeting.body
    if kind == "meeting":
        page_url, download_url = preview_url(meeting), pdf_url(meeting)
        expected = "Vergadering Stuurgroep Zorg en Veiligheid Testland"
    else:
        page_url = body_report_url(body, datum="2026-03-01")
        download_url = reverse("governance:body_report_pdf", args=[body.region.slug, body.uuid])
        download_url += "?datum=2026-03-01"
        expected = "Stand van zaken Stuurgroep Zorg en Veiligheid Testland"

    heading = _h1(client.get(page_url).content.decode())
    pdf = " ".join(pdf_text(client.get(download_url).content).split())

    assert heading == expected
    assert expected in pdf


def _changes(page: str) -> list[str]:
    section = page.split("Veranderd sinds de vorige ronde")[1].split("</ul>")[0]
    return [" ".join(re.sub(r"<[^>]+>", "", li).split()) for li in section.split("<li>")[1:]]


def test_a_point_that_changed_to_or_from_not_applicable_is_a_change_in_the_report(
    checklist, region, body, projectleider, client_for
):
    """'Geen veranderingen' only when nothing changed: a point that now applies (or no longer
    does) is neither progress nor a fall back, but it did change."""
    first = services.start_assessment(region=region, body=body, on=datetime.date(2026, 1, 1))
    first.answers.filter(item__code="2A-2").update(status=ItemStatus.NOT_APPLICABLE)
    second = services.start_assessment(region=region, body=body, on=datetime.date(2026, 3, 1))
    second.answers.filter(item__code="2A-2").update(status=ItemStatus.NOT_STARTED)
    meeting = MeetingFactory(body=body, date=datetime.date(2026, 3, 2))
    client = client_for(projectleider)

    page = client.get(preview_url(meeting)).content.decode()
    pdf = " ".join(pdf_text(client.get(pdf_url(meeting)).content).split())

    title = second.answers.get(item__code="2A-2").item.title
    line = f"Gewijzigd: 2A-2 {title} (niet van toepassing → niet gestart)"
    assert _changes(page) == [line]
    assert line in pdf
    assert "Geen veranderingen" not in pdf


def test_a_round_without_any_change_says_so_in_the_report(
    checklist, region, body, projectleider, client_for
):
    services.start_assessment(region=region, body=body, on=datetime.date(2026, 1, 1))
    services.start_assessment(region=region, body=body, on=datetime.date(2026, 3, 1))
    meeting = MeetingFactory(body=body, date=datetime.date(2026, 3, 2))

    page = client_for(projectleider).get(preview_url(meeting)).content.decode()

    assert _changes(page) == ["Geen veranderingen."]


def test_the_structure_picture_of_a_big_region_goes_over_pages_in_the_report_pdf(meeting):
    region = meeting.body.region
    for i in range(54):
        GovernanceBodyFactory(region=region, name=f"Werkgroep {i}", reports_to=meeting.body)

    html = render_to_string(REPORT_TEMPLATE, {"report": build_meeting_report(meeting)})

    # In bands, one per page, as in the structure picture's own PDF (tests/regions), instead of
    # one picture shrunk to a page.
    assert html.count('class="picture structure-svg structure-band"') > 1


def test_a_point_new_in_this_rounds_checklist_version_is_listed_as_a_change(
    checklist, region, body, projectleider, client_for
):
    """After a new checklist version, a point without an answer in the previous round is new:
    the report says so, in the preview and the PDF alike, instead of 'Geen veranderingen'."""
    services.start_assessment(region=region, body=body, on=datetime.date(2026, 1, 1))
    draft = services.copy_version_as_draft(version=checklist)
    section = draft.sections.order_by("order").first()
    ChecklistItemFactory(section=section, code="9Z-1", title="Een nieuw punt", order=99)
    services.publish_version(version=draft)
    second = services.start_assessment(region=region, body=body, on=datetime.date(2026, 3, 1))
    second.answers.filter(item__code="9Z-1").update(status=ItemStatus.IN_PROGRESS)
    meeting = MeetingFactory(body=body, date=datetime.date(2026, 3, 2))
    client = client_for(projectleider)

    page = client.get(preview_url(meeting)).content.decode()
    pdf = " ".join(pdf_text(client.get(pdf_url(meeting)).content).split())

    line = "Nieuw punt: 9Z-1 Een nieuw punt (mee bezig)"
    assert _changes(page) == [line]
    # and in the table, under "Vorige ronde"
    assert "<td>mee bezig</td> <td>– (nieuw punt)</td>" in " ".join(page.split())
    assert line in pdf
    assert "Geen veranderingen" not in pdf


def test_a_point_dropped_from_this_rounds_checklist_version_is_listed_as_a_change(
    checklist, region, body, projectleider, client_for
):
    """A point the new version no longer has simply disappeared from the changes, also when it
    was 'mee bezig': the report names it, with its status in the previous round."""
    first = services.start_assessment(region=region, body=body, on=datetime.date(2026, 1, 1))
    first.answers.filter(item__code="2A-1").update(status=ItemStatus.IN_PROGRESS)
    title = ChecklistItem.objects.get(section__version=checklist, code="2A-1").title
    draft = services.copy_version_as_draft(version=checklist)
    ChecklistItem.objects.filter(section__version=draft, code="2A-1").delete()
    services.publish_version(version=draft)
    services.start_assessment(region=region, body=body, on=datetime.date(2026, 3, 1))
    meeting = MeetingFactory(body=body, date=datetime.date(2026, 3, 2))
    client = client_for(projectleider)

    page = client.get(preview_url(meeting)).content.decode()
    pdf = " ".join(pdf_text(client.get(pdf_url(meeting)).content).split())

    line = f"Vervallen punt: 2A-1 {title} (vorige ronde: mee bezig)"
    assert _changes(page) == [line]
    assert line in pdf
    assert "Geen veranderingen" not in pdf

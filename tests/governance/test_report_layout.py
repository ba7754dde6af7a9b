"""The meeting report's page layout: the footer with a long body name, headings kept with their
tables, emoji."""

import datetime
import io
import re

import pytest
from pypdf import PdfReader

from ghnt_portal.pdf import RUNNING_TITLE_NAME_LENGTH, render_to_pdf, running_title_name
from governance.models import AgendaItem
from governance.report import REPORT_TEMPLATE, build_meeting_report, build_report
from tests.factories import GovernanceBodyFactory

from .factories import AgendaItemFactory, MeetingFactory

LONGEST_NAME = ("Regionale stuurgroep zorg en veiligheid huiselijk geweld " * 4)[:200]


def compact(text: str) -> str:
    """``text`` without spaces: pypdf puts spaces between some letters of the report's font."""
    return "".join(text.replace("\x00", "").split())


def report_pages(report, caplog) -> list:
    _html, pdf = render_to_pdf(REPORT_TEMPLATE, {"report": report})
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    return PdfReader(io.BytesIO(pdf)).pages


@pytest.mark.parametrize("heading", ["Vergadering", "Stand van zaken"])
def test_a_body_name_of_the_maximum_length_is_whole_on_the_cover_and_short_in_the_footer(
    region, caplog, heading
):
    body = GovernanceBodyFactory(region=region, name=LONGEST_NAME)
    assert len(body.name) == body._meta.get_field("name").max_length
    if heading == "Vergadering":
        report = build_meeting_report(MeetingFactory(body=body))
    else:
        report = build_report(body, on=datetime.date(2026, 4, 1))

    pages = report_pages(report, caplog)

    assert compact(f"{heading} {LONGEST_NAME}") in compact(pages[0].extract_text())
    short = running_title_name(LONGEST_NAME)
    assert len(short) <= RUNNING_TITLE_NAME_LENGTH
    for number, page in enumerate(pages[1:], start=2):
        # The footer is the page's last line: the title and the page number on one line.
        footer = page.extract_text().splitlines()[-1]
        assert compact(footer) == compact(f"{heading} {short}Pagina {number} van {len(pages)}")


def test_the_agenda_heading_is_on_the_page_of_a_first_item_taller_than_a_page(region, caplog):
    meeting = MeetingFactory(body=GovernanceBodyFactory(region=region))
    AgendaItemFactory(
        meeting=meeting,
        order=1,
        title="Begroting veilig thuis",
        outcome="\n".join(["Besproken en besloten, met een lange toelichting."] * 80),
    )
    AgendaItemFactory(meeting=meeting, order=2, title="Rondvraag")

    pages = report_pages(build_meeting_report(meeting), caplog)

    agenda_page = next(p for p in pages if p.extract_text().startswith("Agenda\n"))
    assert compact("Begroting veilig thuis") in compact(agenda_page.extract_text())


def fonts_of(page, needle: str) -> set[str]:
    """The names of the fonts the page draws text containing ``needle`` with."""
    fonts = set()

    def visit(text, _cm, _tm, font, _size):
        if needle in text and font is not None:
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])

    page.extract_text(visitor_text=visit)
    return fonts


@pytest.mark.parametrize("emoji", ["👍", "✅", "👩\u200d👩\u200d👧"])
def test_an_emoji_in_a_field_prints_with_the_emoji_font(region, caplog, emoji):
    meeting = MeetingFactory(body=GovernanceBodyFactory(region=region))
    AgendaItemFactory(meeting=meeting, title=f"Akkoord {emoji}")

    pages = report_pages(build_meeting_report(meeting), caplog)

    fonts = {font for page in pages for font in fonts_of(page, emoji)}
    assert fonts, "the emoji is not in the PDF"
    assert all(font.startswith("Noto-Emoji") for font in fonts), fonts


def test_an_agenda_item_taller_than_a_page_starts_under_the_one_before_with_the_head_on_each_page(
    region, caplog
):
    """Kept whole (break-inside: avoid), such a row moved to the next page, leaving the rest of
    the page empty, and the pages it filled printed without the table's head."""
    meeting = MeetingFactory(body=GovernanceBodyFactory(region=region))
    AgendaItemFactory(meeting=meeting, order=1, title="Opening")
    outcome = " ".join(f"besluit{number}" for number in range(360))
    assert len(outcome) <= AgendaItem._meta.get_field("outcome").max_length
    AgendaItemFactory(meeting=meeting, order=2, title="Jaarverslag", outcome=outcome)

    report = build_meeting_report(meeting)
    pages = [compact(page.extract_text()) for page in report_pages(report, caplog)]

    agenda_page = next(page for page in pages if page.startswith("Agenda"))
    assert "Opening" in agenda_page
    assert "Jaarverslag" in agenda_page
    assert "besluit0besluit1" in agenda_page
    with_outcome = [page for page in pages if re.search(r"besluit\d", page)]
    assert len(with_outcome) > 2
    head = compact("Nr. Onderwerp Gevraagd Ingebracht door Uitkomst")
    assert all(head in page for page in with_outcome), with_outcome
    assert "besluit358besluit359" in with_outcome[-1]

"""Issue 6 §3: every PDF the portal makes prints as something, and carries its headings as text.

Each PDF is rendered to a grey image with poppler's pdftoppm and must not be blank; its text
layer (pypdf) must hold the expected headings. Skips when pdftoppm is missing, except in CI.
"""

import datetime
import io
import os
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.factories import GovernanceBodyFactory, SeatFactory
from tests.pdf import pdf_text

PDFTOPPM = shutil.which("pdftoppm")
REFLECTION = "Mijn reflectie voor het beeld van de pdf."


@pytest.fixture(autouse=True)
def needs_pdftoppm():
    if PDFTOPPM is None:
        message = "pdftoppm ontbreekt: installeer het met 'apt-get install poppler-utils'."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def dark_pixels(pdf: bytes, tmp_path) -> list[int]:
    """Per page, how many pixels are not (near) white at 30 dpi in grey."""
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 - a fixed program on a file this test wrote
        [PDFTOPPM, "-gray", "-r", "30", str(source), str(tmp_path / "page")],
        check=True,
        capture_output=True,
        timeout=60,
    )
    counts = []
    for image in sorted(tmp_path.glob("page*.pgm")):
        data = image.read_bytes()
        # Binary PGM: "P5", width, height, maxval, each followed by whitespace, then the pixels.
        magic, width, height, maxval, pixels = data.split(maxsplit=4)
        assert magic == b"P5" and maxval == b"255"
        pixels = pixels[: int(width) * int(height)]
        counts.append(sum(1 for value in pixels if value < 200))
    return counts


def assert_prints(response, tmp_path, headings: list[str]) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content) if response.streaming else response.content
    assert pdf.startswith(b"%PDF")
    counts = dark_pixels(pdf, tmp_path)
    assert counts, "pdftoppm maakte geen enkele pagina"
    assert all(count > 50 for count in counts), f"lege pagina('s): {counts}"
    text = " ".join(pdf_text(pdf).split())
    for heading in headings:
        assert heading in text


def test_the_check_sees_a_blank_page_as_blank(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    blank = io.BytesIO()
    writer.write(blank)

    assert dark_pixels(blank.getvalue(), tmp_path) == [0]


@pytest.fixture
def content(db):
    call_command("load_reference_content", stdout=io.StringIO())


@pytest.fixture
def completed_response(content, bestuurder, projectleider, region):
    from scan import services
    from scan.models import Answer, Question

    response = services.start_response(user=bestuurder)
    questions = list(Question.objects.filter(questionnaire=response.questionnaire)[:3])
    for question in questions:
        Answer.objects.create(
            response=response,
            question=question,
            scale=3,
            reflection=REFLECTION,
            is_priority=True,
            action_question="Wat doen we na een huisverbod?",
            action_whom="burgemeester",
        )
    services.complete_response(response=response, ranks={questions[0].pk: 1})
    return response


@pytest.fixture
def body(content, region):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep Beeldland")
    SeatFactory(body=body, person_name="Wim Wethouder")
    return body


def test_the_scan_result_prints(completed_response, bestuurder, client_for, tmp_path):
    response = client_for(bestuurder).get(
        reverse("scan:result_pdf", args=[completed_response.uuid])
    )

    assert_prints(
        response,
        tmp_path,
        ["B&W-scan huiselijk geweld en kindermishandeling", "Mijn prioriteiten", REFLECTION],
    )


def test_the_council_note_prints(completed_response, bestuurder, client_for, tmp_path):
    url = reverse("scan:council_pdf", args=[completed_response.uuid])

    response = client_for(bestuurder).get(url)

    assert_prints(response, tmp_path, ["Gespreksnotitie B&W-scan HGKM", "Mijn prioriteiten"])


def test_the_scan_session_summary_prints(
    completed_response, bestuurder, projectleider, region, body, client_for, tmp_path
):
    from scan import services

    session = services.create_session(
        region=region,
        created_by=projectleider,
        title="Scansessie Beeldland",
        body=body,
        invitees=[bestuurder],
    )
    services.share_response(response=completed_response, session=session, anonymous=False)

    response = client_for(projectleider).get(reverse("scan:session_pdf", args=[session.uuid]))

    assert_prints(response, tmp_path, ["Scansessie: Scansessie Beeldland"])


def test_the_structure_picture_prints(body, projectleider, region, client_for, tmp_path):
    response = client_for(projectleider).get(reverse("regions:structure_pdf", args=[region.slug]))

    assert_prints(response, tmp_path, [f"Structuurplaat van {region.name}", "Stuurgroep"])


def test_the_meeting_report_prints(body, projectleider, region, client_for, tmp_path):
    from governance import services
    from tests.governance.factories import (
        AgendaItemFactory,
        CommunicationEntryFactory,
        MeetingFactory,
        NietVergetenLijstFactory,
    )

    NietVergetenLijstFactory(body=body)
    CommunicationEntryFactory(body=body)
    services.start_assessment(region=region, body=body, on=datetime.date(2026, 3, 1))
    meeting = MeetingFactory(body=body, date=datetime.date(2026, 4, 1))
    AgendaItemFactory(meeting=meeting, title="Visie op gefaseerde ketenzorg")

    response = client_for(projectleider).get(
        reverse("governance:meeting_report_pdf", args=[region.slug, meeting.uuid])
    )

    assert_prints(
        response,
        tmp_path,
        [
            "Vergadering Stuurgroep Beeldland",
            "Agenda",
            "Visie op gefaseerde ketenzorg",
            "Niet-Vergeten-Lijst",
            "Checklist integrale sturing",
            "Communicatieplan",
        ],
    )


def test_the_national_overview_prints(body, landelijk, client_for, tmp_path):
    response = client_for(landelijk).get(reverse("regions:national_overview_pdf"))

    assert_prints(response, tmp_path, ["Landelijk overzicht: integrale sturing per regio"])

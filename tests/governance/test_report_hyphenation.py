"""Long Dutch words in the report's narrow table cells break at a syllable, with a hyphen."""

import pyphen
import pytest

from ghnt_portal.pdf import render_to_pdf, text_for_print
from governance.report import REPORT_TEMPLATE, build_meeting_report
from tests.pdf import pdf_text

from .factories import CommunicationEntryFactory, MeetingFactory

HYPHEN = "\u2010"  # WeasyPrint's hyphenate-character
DUTCH = pyphen.Pyphen(lang="nl")


def broken_over_lines(text: str, word: str) -> list[str]:
    """The lines of ``text`` that together spell ``word`` (spaces aside; the hyphens at their ends
    left on)."""
    lines = [line.strip() for line in text.splitlines()]
    target = word.replace(" ", "")
    for start in range(len(lines)):
        parts, spelled = [], ""
        for line in lines[start:]:
            piece = line.removesuffix(HYPHEN).replace(" ", "")
            if not piece or not target.startswith(spelled + piece):
                break
            parts.append(line)
            spelled += piece
            if spelled == target:
                return parts
    raise AssertionError(f"{word!r} is not on consecutive lines of the PDF")


@pytest.fixture
def report_text(body):
    """The PDF text of a meeting report whose communication plan has narrow cells to fill."""
    CommunicationEntryFactory(
        body=body,
        subject="Besluiten over samenwerking tussen gemeenten, zorgaanbieders en politie",
        channel="ketenpartnerorganisaties",
        responsible="communicatie@veiligheidsregio-testland.nl",
    )
    meeting = MeetingFactory(body=body)
    _html, pdf = render_to_pdf(REPORT_TEMPLATE, {"report": build_meeting_report(meeting)})
    return pdf_text(pdf)


def test_a_word_too_long_for_its_cell_breaks_at_a_syllable_with_a_hyphen(report_text):
    parts = broken_over_lines(report_text, "ketenpartnerorganisaties")

    assert len(parts) > 1
    assert all(part.endswith(HYPHEN) for part in parts[:-1]), parts
    syllable_ends = set(DUTCH.positions("ketenpartnerorganisaties"))
    end = 0
    for part in parts[:-1]:
        end += len(part) - 1
        assert end in syllable_ends, parts


def test_words_that_fit_their_cell_are_not_hyphenated(report_text):
    parts = broken_over_lines(
        report_text, "Besluiten over samenwerking tussen gemeenten, zorgaanbieders en politie"
    )

    assert len(parts) > 1
    assert not any(HYPHEN in part for part in parts), parts


def test_an_e_mail_address_too_long_for_its_cell_gets_no_hyphen(report_text):
    parts = broken_over_lines(report_text, "communicatie@veiligheidsregio-testland.nl")

    assert len(parts) > 1
    assert not any(HYPHEN in part for part in parts), parts


def test_addresses_in_the_text_are_marked_but_not_in_tags_titles_or_svg():
    html = (
        '<title>Verslag info@regio.nl</title><a href="https://ghnt-portaal.invalid/x">Zie'
        " HTTPS://www.regio.nl/a?b=1&amp;c=2, www.regio.nl of jan.de-vries@regio.nl.</a>"
        '<svg><title>t@regio.nl</title><text>s@regio.nl</text></svg> <p title="x@regio.nl">'
    )

    assert text_for_print(html) == (
        '<title>Verslag info@regio.nl</title><a href="https://ghnt-portaal.invalid/x">Zie'
        ' <span class="address">HTTPS://www.regio.nl/a?b=1&amp;c=2,</span>'
        ' <span class="address">www.regio.nl</span> of'
        ' <span class="address">jan.de-vries@regio.nl</span>.</a>'
        '<svg><title>t@regio.nl</title><text>s@regio.nl</text></svg> <p title="x@regio.nl">'
    )


def test_a_long_url_gets_places_to_break_and_stays_one_address():
    url = "https://www.regio.nl/" + "verslagen/" * 10

    printed = text_for_print(f"<p>Zie {url} voor meer.</p>")

    marked = printed.split('<span class="address">')[1].split("</span>")[0]
    assert marked.replace("\u200b", "") == url
    assert "\u200b" in marked

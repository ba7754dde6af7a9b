import gc
import itertools
import threading

import pytest
from django.core.signals import request_finished, request_started
from django.urls import reverse

from ghnt_portal.pdf import ForbiddenResourceError, read_static_resource
from tests.scan.factories import ResponseFactory


def test_fetcher_serves_the_projects_own_stylesheet():
    body, mime_type = read_static_resource("https://ghnt-portaal.invalid/static/css/pdf.css")

    assert b"@page" in body
    assert mime_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/static/css/pdf.css",
        "http://ghnt-portaal.invalid/static/css/pdf.css",
        "file:///etc/passwd",
        "https://ghnt-portaal.invalid/static/../../etc/passwd",
        "https://ghnt-portaal.invalid/media/upload.png",
        "data:text/css,body{}",
    ],
)
def test_fetcher_refuses_anything_else(url):
    with pytest.raises(ForbiddenResourceError):
        read_static_resource(url)


def test_a_rendered_pdf_loads_the_stylesheet_and_never_user_supplied_urls(caplog):
    from ghnt_portal.pdf import render_to_pdf

    html, pdf = render_to_pdf("pdf/base.html", {})

    assert pdf.startswith(b"%PDF")
    assert "css/pdf.css" in html
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def _embedded_fonts(pdf: bytes) -> set[str]:
    from io import BytesIO

    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return fonts


def test_the_font_configuration_kept_between_pdfs_still_embeds_the_project_font():
    """The FontConfiguration is reused per thread; a second PDF must get the fonts as well."""
    from ghnt_portal.pdf import _font_config, render_to_pdf

    first = render_to_pdf("pdf/base.html", {})[1]
    config = _font_config()
    second = render_to_pdf("pdf/base.html", {})[1]

    assert _font_config() is config
    assert any(name.startswith("Source-Sans-3") for name in _embedded_fonts(first)), (
        _embedded_fonts(first)
    )
    assert _embedded_fonts(second) == _embedded_fonts(first)


@pytest.fixture
def layout_calls(monkeypatch):
    """WeasyPrint's layout (HTML.render), recording whether the cycle collector was on at each."""
    from weasyprint import HTML  # noqa: TID251 - the test patches WeasyPrint itself

    calls = []
    original = HTML.render

    def render(self, *args, **kwargs):
        calls.append(gc.isenabled())
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "render", render)
    return calls


def test_rendering_pauses_the_cycle_collector_and_turns_it_back_on(layout_calls):
    from ghnt_portal.pdf import render_to_pdf

    assert gc.isenabled()

    render_to_pdf("pdf/base.html", {})

    assert layout_calls == [False]
    assert gc.isenabled()


@pytest.mark.parametrize("inside_a_request", [False, True], ids=["alone", "in a request"])
def test_the_cycle_collector_is_back_on_after_a_failed_render(
    monkeypatch, request, inside_a_request
):
    """At once, also in a request: nothing is left to collect after the response."""
    from ghnt_portal.pdf import render_to_pdf

    if inside_a_request:
        request.getfixturevalue("in_request")

    def broken(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr("weasyprint.HTML.render", broken)

    with pytest.raises(RuntimeError):
        render_to_pdf("pdf/base.html", {})

    assert gc.isenabled()


@pytest.fixture
def in_request(db):
    """Between Django's request_started and request_finished, as a WSGI server sends them (their
    receivers close old database connections)."""
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_in_a_request_the_render_is_collected_after_the_response_has_been_sent(in_request):
    from ghnt_portal.pdf import render_to_pdf

    render_to_pdf("pdf/base.html", {})

    assert not gc.isenabled()
    # Nothing collected yet: the render's objects wait, more than would set off a collection.
    assert gc.get_count()[0] > gc.get_threshold()[0]

    request_finished.send(sender=None)

    assert gc.isenabled()
    assert gc.get_count()[0] < gc.get_threshold()[0]


def test_a_collection_left_pending_runs_when_the_next_request_starts(in_request):
    from ghnt_portal.pdf import render_to_pdf

    render_to_pdf("pdf/base.html", {})
    assert gc.get_count()[0] > gc.get_threshold()[0]  # left to collect
    request_started.send(sender=None)  # no request_finished for the first: never closed

    assert gc.isenabled()
    assert gc.get_count()[0] < gc.get_threshold()[0]  # collected, not only switched back on


def test_a_pdf_download_turns_the_collector_back_on_when_the_response_is_closed(
    client_for, bestuurder
):
    response = ResponseFactory(user=bestuurder)

    answer = client_for(bestuurder).get(reverse("scan:result_pdf", args=[response.uuid]))

    assert answer["Content-Type"] == "application/pdf"
    assert gc.isenabled()


def test_warming_up_sets_up_the_fonts_before_the_first_pdf(monkeypatch):
    from ghnt_portal import pdf

    monkeypatch.setattr(pdf, "_fonts", threading.local())

    pdf.warm_up()

    assert hasattr(pdf._fonts, "config")


def test_a_long_run_without_spaces_gets_a_place_to_break_every_few_characters():
    from ghnt_portal.pdf import BREAK_EVERY, LONG_RUN, ZERO_WIDTH_SPACE, text_for_print

    run = "x" * 300

    printed = text_for_print(f"<td>{run}</td>")

    pieces = printed[len("<td>") : -len("</td>")].split(ZERO_WIDTH_SPACE)
    assert "".join(pieces) == run
    assert {len(piece) for piece in pieces} == {BREAK_EVERY}
    assert LONG_RUN < 300


def test_words_tags_and_character_references_are_left_whole():
    from ghnt_portal.pdf import ZERO_WIDTH_SPACE, text_for_print

    compound = "kindermishandelingsbestrijdingsbeleidsplan"  # a long word, but a word
    href = "https://ghnt-portaal.invalid/static/" + "a" * 80 + ".css"
    html = f'<link href="{href}"><p>{compound} {"&lt;" * 70}</p>'

    printed = text_for_print(html)

    assert printed.startswith(f'<link href="{href}"><p>{compound} &lt;')
    assert printed.replace(ZERO_WIDTH_SPACE, "") == html
    assert f"&lt;{ZERO_WIDTH_SPACE}&lt;" in printed
    assert "&l" + ZERO_WIDTH_SPACE not in printed


def test_no_place_to_break_inside_an_accented_letter_or_a_joined_emoji():
    from ghnt_portal.pdf import ZERO_WIDTH_SPACE, text_for_print

    accents = "e\u0301" * 70
    family = "👩\u200d👩\u200d👧\u200d👦" * 20

    for run in (accents, family):
        printed = text_for_print(run)
        assert ZERO_WIDTH_SPACE in printed
        for before, after in itertools.pairwise(printed):
            if after == ZERO_WIDTH_SPACE:
                assert before != "\u200d"
            if before == ZERO_WIDTH_SPACE:
                assert after not in "\u0301\u200d"


def test_more_than_one_empty_line_prints_as_one():
    from ghnt_portal.pdf import text_for_print

    printed = text_for_print('<p class="text-prewrap">begin' + "\n \n" * 250 + "eind\n\nslot</p>")

    assert printed == '<p class="text-prewrap">begin\n\neind\n\nslot</p>'


def test_a_name_that_fits_the_footer_is_left_as_it_is():
    from ghnt_portal.pdf import running_title_name

    assert running_title_name("Stuurgroep Zorg en Veiligheid") == "Stuurgroep Zorg en Veiligheid"


def test_a_long_name_is_cut_at_a_word_with_an_ellipsis():
    from ghnt_portal.pdf import RUNNING_TITLE_NAME_LENGTH, running_title_name

    name = "Regionale stuurgroep zorg, veiligheid en   huiselijk geweld " * 4

    short = running_title_name(name)

    assert len(short) <= RUNNING_TITLE_NAME_LENGTH
    assert short == "Regionale stuurgroep zorg, veiligheid en huiselijk geweld…"


def test_a_long_run_without_spaces_is_cut_where_it_is():
    from ghnt_portal.pdf import RUNNING_TITLE_NAME_LENGTH, running_title_name

    short = running_title_name("Overleg " + "x" * 190)

    assert len(short) == RUNNING_TITLE_NAME_LENGTH
    assert short == "Overleg " + "x" * (RUNNING_TITLE_NAME_LENGTH - 9) + "…"


@pytest.fixture
def own_templates(settings) -> dict[str, str]:
    """Templates a test writes itself (name: source), found before the project's own."""
    templates = {}
    engine = settings.TEMPLATES[0]
    loaders = [
        ("django.template.loaders.locmem.Loader", templates),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = [
        {**engine, "APP_DIRS": False, "OPTIONS": {**engine["OPTIONS"], "loaders": loaders}}
    ]
    return templates


def _page_texts(pdf: bytes) -> list[str]:
    from io import BytesIO

    from pypdf import PdfReader

    # Without spaces: pypdf puts spaces between some letters of the project's font.
    return ["".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def test_a_block_kept_whole_but_taller_than_a_page_starts_right_after_the_one_before(
    own_templates,
):
    """A scan question is kept whole (break-inside: avoid); one taller than a page went to the
    next page and left the rest of the page before it empty."""
    from ghnt_portal.pdf import render_to_pdf

    own_templates["question.html"] = """{% extends "pdf/base.html" %}{% load static %}
{% block head %}<link rel="stylesheet" href="{% static 'css/scan.css' %}">{% endblock %}
{% block content %}
<div class="scan-pdf-question"><h3>Eerste vraag</h3><p>Kort.</p></div>
<div class="scan-pdf-question"><h3>Tweede vraag</h3>
  <p class="text-prewrap">{{ reflection }}</p></div>
{% endblock %}"""
    reflection = "\n".join(f"Gedachte{number}." for number in range(150))

    pages = _page_texts(render_to_pdf("question.html", {"reflection": reflection})[1])

    assert "Eerstevraag" in pages[0]
    assert "TweedevraagGedachte0.Gedachte1." in pages[0]
    assert len(pages) > 2
    assert "Gedachte149." in pages[-1]


def test_a_document_past_the_page_limit_keeps_its_first_layout(
    own_templates, layout_calls, monkeypatch
):
    """A second layout would double the render of a long document, which already takes long."""
    from ghnt_portal.pdf import render_to_pdf

    own_templates["rows.html"] = """{% extends "pdf/base.html" %}{% block content %}
<table><thead><tr><th>Tekst</th></tr></thead><tbody>
<tr><td>Kort.</td></tr><tr><td class="text-prewrap">{{ text }}</td></tr>
</tbody></table>{% endblock %}"""
    context = {"text": "\n".join(f"Regel{number}." for number in range(150))}

    render_to_pdf("rows.html", context)
    monkeypatch.setattr("ghnt_portal.pdf.SECOND_LAYOUT_MAX_PAGES", 2)
    pages = _page_texts(render_to_pdf("rows.html", context)[1])

    assert len(layout_calls) == 3  # two layouts for the first document, one for the second
    assert len(pages) > 2
    assert "Regel0." not in pages[0]  # the tall row went to the next page, as WeasyPrint does


def test_table_rows_shorter_than_a_page_are_still_kept_whole(own_templates):
    from ghnt_portal.pdf import render_to_pdf

    own_templates["rows.html"] = """{% extends "pdf/base.html" %}{% block content %}
<table><thead><tr><th>Rij</th><th>Tekst</th></tr></thead><tbody>
{% for number in numbers %}<tr><td>Rij{{ number }}</td>
  <td class="text-prewrap">Begin{{ number }}
midden
Eind{{ number }}.</td></tr>{% endfor %}
</tbody></table>{% endblock %}"""
    numbers = range(1, 60)

    pages = _page_texts(render_to_pdf("rows.html", {"numbers": numbers})[1])

    assert len(pages) > 1
    for number in numbers:
        (first,) = [index for index, page in enumerate(pages) if f"Begin{number}m" in page]
        (last,) = [index for index, page in enumerate(pages) if f"Eind{number}." in page]
        assert first == last, f"row {number} is split over pages {first + 1} and {last + 1}"

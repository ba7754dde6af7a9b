"""PDF rendering with WeasyPrint, as Open Forms does it.

``render_to_pdf`` returns the HTML (for tests) and the PDF bytes. WeasyPrint may only load the
project's own static files: any other URL (http, file, data from user text) is refused, so text
typed by users can never pull in a resource.
"""

import gc
import itertools
import logging
import mimetypes
import re
import threading
import unicodedata
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

# A fixed base URL so relative URLs resolve to something the fetcher recognises.
PDF_BASE_URL = "https://ghnt-portaal.invalid/"


class ForbiddenResourceError(Exception):
    """Raised for any URL outside the project's static files."""


def _static_path(url: str) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.netloc != urlsplit(PDF_BASE_URL).netloc:
        return None
    if not parts.path.startswith(settings.STATIC_URL):
        return None
    relative = unquote(parts.path[len(settings.STATIC_URL) :])
    if ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT) / relative
    return collected if collected.is_file() else None


def read_static_resource(url: str) -> tuple[bytes, str]:
    """The bytes and MIME type of a STATIC_URL file; ForbiddenResourceError for anything else."""
    path = _static_path(url)
    if path is None:
        raise ForbiddenResourceError(f"PDF rendering may not load {url[:100]!r}")
    mime_type, _encoding = mimetypes.guess_type(path.name)
    return path.read_bytes(), mime_type or "application/octet-stream"


def _static_only_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: TID251 - lazy, see above

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            body, mime_type = read_static_resource(url)
            return URLFetcherResponse(url, body=body, headers={"Content-Type": mime_type})

    return StaticOnlyFetcher()


_fonts = threading.local()


def _font_config():
    """One WeasyPrint FontConfiguration per thread, kept between PDFs.

    Building one per PDF decodes the @font-face files and warms Pango's font caches each time
    (about 70 ms per report). Fonts come only from our static files, so reusing is safe; Pango
    is not thread-safe, hence one per thread.
    """
    if not hasattr(_fonts, "config"):
        from weasyprint.text.fonts import FontConfiguration  # noqa: TID251 - lazy, see above

        _fonts.config = FontConfiguration()
    return _fonts.config


def warm_up() -> None:
    """Import WeasyPrint and set up the fonts ahead of the first PDF (gunicorn calls this when a
    worker starts), so the first download does not wait for them (about a second)."""
    _font_config()


_collection = threading.local()


def note_request_started(**kwargs) -> None:
    """``request_started``: renders in this thread now belong to a request. A collection still
    pending (a response that was never closed) runs now."""
    collect_pending_cycles()
    _collection.in_request = True


def collect_after_response(**kwargs) -> None:
    """``request_finished``: the response has been sent; collect what the render left."""
    _collection.in_request = False
    collect_pending_cycles()


def collect_pending_cycles() -> None:
    if getattr(_collection, "pending", False):
        _collection.pending = False
        gc.enable()
        # The render's objects are all in the youngest generation: the collector was off.
        gc.collect(0)


@contextmanager
def _cyclic_gc_paused():
    """Python's cycle collector off while WeasyPrint lays out a document.

    A report allocates about a million short-lived objects, which sets off hundreds of
    collections that find little: some 15 % of the render time. The cycles the document leaves
    behind take 30-300 ms to collect. In a request they are collected once the response has been
    sent (``request_finished``, when the WSGI server closes the response), so the person waiting
    for the PDF does not wait for that; outside a request, and after an error, at once.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    except BaseException:
        if was_enabled:
            gc.enable()
        raise
    if not was_enabled:
        return
    if getattr(_collection, "in_request", False):
        _collection.pending = True
    else:
        gc.enable()


# The markup the text transforms leave alone: whole <title>, <style> and <svg> elements (no span
# or break may go in them) and every other tag with its attributes. What is between is text;
# user text in it is escaped, so no "<" or ">" comes from it.
_MARKUP = re.compile(
    r"(<title\b.*?</title>|<style\b.*?</style>|<svg\b.*?</svg>|<[^<>]*>)", re.DOTALL
)
# A URL, or an e-mail address; the look-behind starts one only where a run of its characters
# starts, so a long word without "@" is read once, not once per letter.
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)
# A run of this many characters without a space is no word: an URL, a paste, a held-down key.
# WeasyPrint lays out the whole rest of such a run again for every line it breaks off it, which
# is quadratic: 4,000 characters in an agenda cell took 1.2 s, a report with such text in every
# field minutes. Real words, long Dutch compounds included, are shorter and keep their normal
# line breaking and hyphenation.
LONG_RUN = 60
# Such a run may break after every 4 characters. Not after each one: WeasyPrint first tries a
# line with 4 characters per em of its width, and with a zero-width space after every letter
# that is no longer a full line, so it falls back to the whole run again (measured on 4,000
# characters: a break after each 1.5 s, after every 4th 0.15 s).
BREAK_EVERY = 4
ZERO_WIDTH_SPACE = "\u200b"
ZERO_WIDTH_JOINER = "\u200d"
# A character reference counts as one character.
_CHARACTER = r"&#?\w+;|[^\s<&]"
_LONG_RUN = re.compile(rf"(?:{_CHARACTER}){{{LONG_RUN + 1},}}")
_CHARACTERS = re.compile(_CHARACTER)
# Three or more line breaks with nothing but spaces between them: two or more empty lines.
_EMPTY_LINES = re.compile(r"\n(?:[^\S\n]*\n){2,}")


def _may_break_before(previous: str, character: str) -> bool:
    """Not inside a character: before an accent, a joiner or a modifier, or after a joiner."""
    return previous != ZERO_WIDTH_JOINER and unicodedata.category(character[0]) not in {
        "Mn",
        "Mc",
        "Me",
        "Cf",
        "Sk",
    }


def _breakable(run: re.Match) -> str:
    characters = _CHARACTERS.findall(run.group())
    parts = characters[:1]
    since_break = 1
    for previous, character in itertools.pairwise(characters):
        if since_break >= BREAK_EVERY and _may_break_before(previous, character):
            parts.append(ZERO_WIDTH_SPACE)
            since_break = 0
        parts.append(character)
        since_break += 1
    return "".join(parts)


def _with_breaks(text: str) -> str:
    return _LONG_RUN.sub(_breakable, text)


def _printable(text: str) -> str:
    text = _EMPTY_LINES.sub("\n\n", text)
    if not ("@" in text or "://" in text or "www." in text.lower()):
        return _with_breaks(text)
    # Addresses are found before the breaks go in, which would split "https" or a domain.
    parts, start = [], 0
    for address in _ADDRESS.finditer(text):
        parts.append(_with_breaks(text[start : address.start()]))
        parts.append(f'<span class="address">{_with_breaks(address.group())}</span>')
        start = address.end()
    parts.append(_with_breaks(text[start:]))
    return "".join(parts)


def text_for_print(html: str) -> str:
    """The text of ``html`` made quick to lay out and safe to hyphenate; the markup as it is.

    - Two or more empty lines in a row print as one, so pasted blank lines make no empty pages.
    - A run longer than ``LONG_RUN`` gets a place to break every few characters (a zero-width
      space, which the PDF's text leaves out).
    - URLs and e-mail addresses go in a ``span.address``: pdf.css hyphenates words too long for
      their table cell, and an address typed by a user must not get a hyphen that is not in it.
    """
    parts = _MARKUP.split(html)
    for index in range(0, len(parts), 2):  # even parts are text, odd ones markup
        parts[index] = _printable(parts[index])
    return "".join(parts)


# The page footer has room for one line beside "Pagina 12 van 34". A name in a title (a body's
# may be 200 characters) is cut to this many characters there, so the footer stays one line and
# does not run into the page's text; the title on the first page keeps the whole name.
RUNNING_TITLE_NAME_LENGTH = 60


def running_title_name(name: str) -> str:
    """``name`` cut at a word to ``RUNNING_TITLE_NAME_LENGTH`` characters, with an ellipsis."""
    name = " ".join(name.split())
    if len(name) <= RUNNING_TITLE_NAME_LENGTH:
        return name
    cut = name[: RUNNING_TITLE_NAME_LENGTH - 1]
    # At the last space, unless that throws away more than half: a run without spaces is cut
    # where it is.
    at_word = cut[: cut.rfind(" ")] if " " in cut[RUNNING_TITLE_NAME_LENGTH // 2 :] else cut
    return at_word.rstrip(" ,.;:-–") + "…"


PDF_VARIANT = "pdf/ua-1"
# A document longer than this keeps its first layout, tall boxes and all: a second would double
# a render of 15 s or more (613 pages at every field's maximum took 47 s, near gunicorn's 60 s).
SECOND_LAYOUT_MAX_PAGES = 200


def _split_though_kept_whole(document) -> set:
    """The elements with ``break-inside: avoid`` that WeasyPrint split over pages all the same.

    It splits such a box only when it is taller than a page, and only after moving it to the next
    page: the rest of the page before it stays empty. In a table it is worse: a page on which no
    whole row fits under the table's head gets no head (Kozea/WeasyPrint#2679, open), so every
    page that tall row fills printed without it. Heads and feet of tables come back on every
    page by design and are left out.
    """
    from weasyprint.formatting_structure import boxes  # noqa: TID251 - lazy, see above

    pages_of = defaultdict(set)
    for number, page in enumerate(document.pages):
        # WeasyPrint has no public way to the laid-out boxes of a page.
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if box.element is not None and box.style["break_inside"] in {"avoid", "avoid-page"}:
                pages_of[box.element].add(number)
            if isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer):
                continue
            if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.LineBox):
                stack.extend(box.children)
    return {element for element, pages in pages_of.items() if len(pages) > 1}


def render_to_pdf(template_name: str, context: dict) -> tuple[str, bytes]:
    """Render ``template_name`` with ``context`` to HTML and to a tagged PDF (PDF/UA).

    A box kept whole (a table row, a scan question) that turns out taller than a page may break
    after all: the document is laid out once more with ``break-inside: auto`` on it, so it starts
    right after what comes before it and its table's head is on every page it fills. Only such
    documents take the second layout, up to SECOND_LAYOUT_MAX_PAGES; the HTML returned is the
    first.
    """
    from weasyprint import HTML  # noqa: TID251 - slow import, only when a PDF is made

    with translation.override("nl"):
        html = text_for_print(render_to_string(template_name, context))
    with _cyclic_gc_paused():
        source = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_static_only_fetcher())
        document = source.render(pdf_variant=PDF_VARIANT, font_config=_font_config())
        too_tall = (
            _split_though_kept_whole(document)
            if len(document.pages) <= SECOND_LAYOUT_MAX_PAGES
            else set()
        )
        if too_tall:
            for element in too_tall:
                # The style attribute outranks every stylesheet's rule for the element.
                element.set("style", f"{element.get('style', '')};break-inside:auto")
            document = source.render(pdf_variant=PDF_VARIANT, font_config=_font_config())
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    return html, pdf

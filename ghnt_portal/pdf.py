"""PDF rendering with WeasyPrint, as Open Forms does it.

``render_to_pdf`` returns the HTML (for tests) and the PDF bytes. WeasyPrint may only load the
project's own static files: any other URL (http, file, data from user text) is refused, so text
typed by users can never pull in a resource.
"""

import gc
import logging
import mimetypes
import re
import threading
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


@contextmanager
def _cyclic_gc_paused():
    """Python's cycle collector off while WeasyPrint lays out a document.

    A report allocates about a million short-lived objects, which sets off hundreds of
    collections that find little: some 15 % of the render time. The cycles it leaves are
    collected once the collector is back on (bench/FINDINGS.md).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# The markup mark_addresses leaves alone: whole <title>, <style> and <svg> elements (no span may
# go in them) and every other tag with its attributes. What is between is text.
_MARKUP = re.compile(
    r"(<title\b.*?</title>|<style\b.*?</style>|<svg\b.*?</svg>|<[^<>]*>)", re.DOTALL
)
# A URL, or an e-mail address; the look-behind starts one only where a run of its characters
# starts, so a long word without "@" is read once, not once per letter.
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[^\s<]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE
)


def mark_addresses(html: str) -> str:
    """Put each URL and e-mail address in the text of ``html`` in a ``span.address``.

    pdf.css hyphenates words too long for their table cell and gives ``.address`` no
    hyphenation: an address typed by a user must not get a hyphen that is not in it.
    """
    parts = _MARKUP.split(html)
    for index in range(0, len(parts), 2):  # the text between the markup
        text = parts[index]
        if "@" in text or "://" in text or "www." in text.lower():
            parts[index] = _ADDRESS.sub(r'<span class="address">\g<0></span>', text)
    return "".join(parts)


def render_to_pdf(template_name: str, context: dict) -> tuple[str, bytes]:
    """Render ``template_name`` with ``context`` to HTML and to a tagged PDF (PDF/UA)."""
    from weasyprint import HTML  # noqa: TID251 - slow import, only when a PDF is made

    with translation.override("nl"):
        html = mark_addresses(render_to_string(template_name, context))
    with _cyclic_gc_paused():
        document = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_static_only_fetcher())
        pdf = document.write_pdf(pdf_variant="pdf/ua-1", font_config=_font_config())
    return html, pdf

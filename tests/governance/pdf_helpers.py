"""Whether the project's PDF plumbing works with the installed WeasyPrint, and PDF text."""

import io

import pytest
from pypdf import PdfReader

import ghnt_portal.pdf


def _pdf_plumbing_works() -> bool:
    try:
        ghnt_portal.pdf.render_to_pdf("pdf/base.html", {})
    except AssertionError:
        return False
    return True


PDF_BROKEN = not _pdf_plumbing_works()
BROKEN_REASON = (
    "ghnt_portal/pdf.py: static_url_fetcher returns a dict; WeasyPrint 70 wants a URLFetcher "
    "returning URLFetcherResponse (reported to the lead)"
)
needs_pdf = pytest.mark.xfail(
    condition=PDF_BROKEN, raises=AssertionError, strict=True, reason=BROKEN_REASON
)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)

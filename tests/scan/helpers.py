import io

import pytest
from pypdf import PdfReader


def answer_data(question, **fields) -> dict:
    """POST data for one question on a theme page (prefixed with the question id)."""
    prefix = f"q{question.pk}-"
    return {prefix + name: value for name, value in fields.items()}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _pdf_plumbing_works() -> bool:
    import ghnt_portal.pdf

    try:
        ghnt_portal.pdf.render_to_pdf("pdf/base.html", {})
    except AssertionError:
        return False
    return True


# ghnt_portal/pdf.py's fetcher returns a dict; WeasyPrint 70 wants a URLFetcher returning a
# URLFetcherResponse. Until the plumbing is fixed these tests are expected to fail (strict:
# once it works they must pass). Reported to the lead.
needs_pdf = pytest.mark.xfail(
    condition=not _pdf_plumbing_works(),
    raises=AssertionError,
    strict=True,
    reason="ghnt_portal/pdf.py fetcher is not WeasyPrint 70 compatible (reported to the lead)",
)

from django.http import HttpResponse
from django.utils.text import slugify


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A PDF download with a safe file name."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    safe_name = slugify(filename.removesuffix(".pdf")) or "document"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}.pdf"'
    return response

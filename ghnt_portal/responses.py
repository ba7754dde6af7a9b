from django.http import HttpRequest, HttpResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify


def pdf_response(pdf: bytes, filename: str, *, inline: bool = False) -> HttpResponse:
    """A PDF download with a safe file name."""
    response = HttpResponse(pdf, content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    safe_name = slugify(filename.removesuffix(".pdf")) or "document"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}.pdf"'
    return response


def local_path(request: HttpRequest, url: str) -> str:
    """``url`` if it is a path on this site (a ``next`` to go back to), else "".

    Only a path: ``redirect()`` takes a bare word such as ``?next=-1`` for a URL name and fails.
    """
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""

import pytest

from ghnt_portal.pdf import ForbiddenResourceError, read_static_resource


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

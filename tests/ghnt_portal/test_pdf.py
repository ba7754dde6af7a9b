import pytest

from ghnt_portal.pdf import ForbiddenResourceError, static_url_fetcher


def test_fetcher_serves_the_projects_own_stylesheet():
    result = static_url_fetcher("https://ghnt-portaal.invalid/static/css/pdf.css")

    assert b"@page" in result["string"]
    assert result["mime_type"] == "text/css"


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
        static_url_fetcher(url)

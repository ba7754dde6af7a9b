"""In a real browser the strict CSP blocks nothing the portal itself needs (issue 5 §3)."""

import pytest
from django.conf import settings
from django.urls import reverse


def visit(page, url: str) -> list[str]:
    """Open ``url``; return every CSP violation or script error the browser reported."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    page.wait_for_load_state("load")
    return problems


@pytest.mark.parametrize(
    "url_name", ["accounts:login", "privacy", "accessibility", "accounts:password_reset"]
)
def test_public_pages_run_without_csp_violations(page, db, url_name):
    assert visit(page, reverse(url_name)) == []


@pytest.mark.parametrize(
    "url_name", ["home", "two_factor:profile", "accounts:password_change", "admin:index"]
)
def test_pages_of_a_logged_in_beheerder_run_without_csp_violations(
    page, live_server, client_for, beheerder, url_name
):
    client = client_for(beheerder)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )

    problems = visit(page, reverse(url_name))

    assert page.url.endswith(reverse(url_name))
    assert problems == []

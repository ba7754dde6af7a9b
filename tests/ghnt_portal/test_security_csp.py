"""Strict Content-Security-Policy on every page, and no inline script or style (issue 5 §3).

The walk covers every URL name that reverses without arguments (or with only a region slug),
for every standing role, so a new page is checked as soon as it exists.
"""

from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import ROLES

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Not HTML pages, or POST-only: checked elsewhere. PDF downloads (names with "pdf") are not HTML
# either; their own tests render them.
SKIP = {"accounts:logout", "two_factor:qr", "healthz", "admin:logout", "admin:jsi18n"}
REGION_KWARGS = {"slug", "region_slug"}


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, set]]:
    """(name, keyword names) of every named pattern, with namespaces."""
    resolver = resolver or get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found += url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            regex = pattern.pattern.regex
            if regex.groups == len(regex.groupindex):  # no unnamed groups
                found.append((namespace + pattern.name, set(regex.groupindex)))
    return found


def walkable_urls(region_slug: str) -> list[str]:
    urls = []
    for name, kwargs in url_names():
        if name in SKIP or "pdf" in name:
            continue
        if not kwargs:
            urls.append(reverse(name))
        elif kwargs <= REGION_KWARGS:
            try:
                urls.append(reverse(name, kwargs=dict.fromkeys(kwargs, region_slug)))
            except NoReverseMatch:
                continue
    return sorted(set(urls))


class InlineCodeFinder(HTMLParser):
    """Collects everything a strict CSP would block in the browser."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> attribute")
            if name in ("href", "src", "action") and (value or "").strip().startswith(
                "javascript:"
            ):
                self.problems.append(f"<{tag} {name}=javascript:…>")
        if tag == "style":
            self.problems.append("<style> block")
        # json_script data (type="application/json") is not code and is allowed.
        if (
            tag == "script"
            and "src" not in attributes
            and attributes.get("type") != "application/json"
        ):
            self.problems.append("inline <script>")
        href = attributes.get("href") or ""
        if (
            tag == "link"
            and "stylesheet" in (attributes.get("rel") or "")
            and not href.startswith("/static/")
        ):
            self.problems.append(f"stylesheet from elsewhere: {href}")


def parse_policy(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def inline_code_in(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_the_policy_is_exactly_the_strict_one(client, db):
    response = client.get(reverse("accounts:login"))

    assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY


def test_the_finder_catches_what_the_policy_blocks():
    html = (
        '<div style="color:red"><a onclick="x()" href="javascript:x()">a</a></div>'
        "<style>p{}</style><script>alert(1)</script>"
        '<script src="/static/js/ok.js"></script><script type="application/json">{}</script>'
    )

    assert len(inline_code_in(html)) == 5


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_every_page_has_the_policy_and_no_inline_code(role_client, region):
    role, _, client = role_client
    checked = 0
    for url in walkable_urls(region.slug):
        response = client.get(url, follow=True)
        if response.status_code >= 500:
            pytest.fail(f"{role} {url}: {response.status_code}")
        if not response["Content-Type"].startswith("text/html"):
            continue
        assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY, url
        assert inline_code_in(response.content.decode()) == [], f"{role} {url}"
        checked += 1
    assert checked >= 5


def test_two_factor_and_lockout_pages_have_no_inline_code(client, client_for, beheerder):
    verified = client_for(beheerder)
    pages = [
        verified.get(reverse("two_factor:profile")),
        verified.get(reverse("two_factor:backup_tokens")),
        client.post(
            reverse("accounts:login"),
            {
                "login_view-current_step": "auth",
                "auth-username": beheerder.email,
                "auth-password": "fout",
            },
        ),
    ]

    for response in pages:
        assert "Content-Security-Policy" in response
        assert inline_code_in(response.content.decode()) == []


def test_the_setup_wizard_with_its_qr_code_has_no_inline_code(client, beheerder):
    from django.test import Client

    client = Client()
    client.force_login(beheerder)
    client.get(reverse("two_factor:setup"))

    response = client.post(reverse("two_factor:setup"), {"setup_view-current_step": "welcome"})

    assert 'src="' + reverse("two_factor:qr") + '"' in response.text
    assert inline_code_in(response.text) == []

"""Browser tests: Playwright drives Debian's Chromium against a live server.

Playwright cannot download its own browser here, so it is pointed at /usr/bin/chromium.
Where Chromium is absent the tests skip with instructions; in CI (CI=true) they fail instead.
"""

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls from the
# test body are still synchronous, so Django's async-safety check must be told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = (
            "Chromium ontbreekt: installeer het met 'apt-get install chromium' "
            "(of zet CHROMIUM_PATH) om de browsertests te draaien."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def assert_no_axe_violations(page) -> None:
    """Run axe-core with the WCAG 2.0/2.1 A and AA rules on the current page."""
    # Evaluated through the DevTools protocol: the page's strict CSP forbids injected <script>s.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]
    assert violations == [], f"{page.url}: {json.dumps(violations, indent=1)}"


# --- logging in as a person does, and page checks shared by the browser tests ----------------

TOKEN_LABEL = "Code uit uw authenticator-app"


def totp_device(user):
    """A confirmed TOTP device, as the set-up wizard leaves one (leaders and beheerders need it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    return device


def current_token(device) -> str:
    """The six digits the authenticator app would show now."""
    from django_otp.oath import totp

    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(token).zfill(device.digits)


def log_in(page, email: str, password: str) -> None:
    """Log in through the real form; type the app code when the portal asks for it."""
    from django.urls import reverse
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(reverse("accounts:login"))
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state("load")
    token_field = page.get_by_label(TOKEN_LABEL)
    if token_field.count():
        device = TOTPDevice.objects.get(user__email=email, confirmed=True)
        token_field.fill(current_token(device))
        page.get_by_role("button", name="Controleren").click()
        page.wait_for_load_state("load")
    assert "/account/inloggen/" not in page.url, f"inloggen als {email} mislukt"


HEADINGS_JS = """() => Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'))
    .filter(h => h.getClientRects().length > 0 || h.closest('details'))
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""


def heading_problems(page) -> list[str]:
    """One h1, and no level skipped on the way down (h2 -> h4 is a skip; h4 -> h2 is fine)."""
    headings = page.evaluate(HEADINGS_JS)
    problems = []
    if [level for level, _ in headings].count(1) != 1:
        problems.append(f"{[level for level, _ in headings].count(1)} h1-koppen")
    previous = 0
    for level, text in headings:
        if level > previous + 1:
            problems.append(f"h{previous} -> h{level} ({text})")
        previous = level
    return problems


OVERFLOW_JS = """() => {
    const root = document.documentElement;
    const excess = root.scrollWidth - root.clientWidth;
    if (excess <= 0) return [];
    const wide = Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
        .filter(e => !e.closest('.table-scroll'))
        .slice(0, 5)
        .map(e => e.tagName.toLowerCase()
            + (e.className ? '.' + String(e.className).split(' ').join('.') : ''));
    return [`${excess}px`, ...wide];
}"""


def horizontal_overflow(page, width: int = 320) -> list[str]:
    """What makes the page wider than a 320 px viewport (400% zoom of 1280 px): [] when nothing."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 640})
    try:
        return page.evaluate(OVERFLOW_JS)
    finally:
        page.set_viewport_size(size)


SCROLL_BOX_JS = """() => Array.from(document.querySelectorAll('.table-scroll'))
    .filter(box => {
        const ids = (box.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
        const name = (box.getAttribute('aria-label') || '')
            + ids.map(id => (document.getElementById(id) || {}).textContent || '').join('');
        return box.tabIndex !== 0 || box.getAttribute('role') !== 'region' || !name.trim();
    })
    .map(box => box.outerHTML.slice(0, 120))"""


def unreachable_scroll_boxes(page) -> list[str]:
    """Table boxes a keyboard user cannot reach or that have no name: [] when none (WCAG 2.1.1).

    Each `.table-scroll` must be a named region in the tab order, also where the table happens to
    fit, so that a longer name or a narrower screen cannot make it an unreachable scroll box.
    """
    return page.evaluate(SCROLL_BOX_JS)


@contextmanager
def narrow(page, width: int = 320):
    """The page at `width` px wide (400% zoom of 1280 px) inside the block, then as before."""
    size = page.viewport_size
    page.set_viewport_size({"width": width, "height": 640})
    try:
        yield page
    finally:
        page.set_viewport_size(size)

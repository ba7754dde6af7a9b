"""Form errors in the browser: listed in a summary that is announced (role=alert) and has the
focus, each entry linking to its field, and each field pointing to its own error
(aria-describedby, aria-invalid).
"""

import pytest
from django.urls import reverse

from regions.constants import RegionRole
from tests.e2e.conftest import assert_no_axe_violations, log_in, totp_device
from tests.factories import TEST_PASSWORD, GovernanceBodyFactory, MembershipFactory

# For every link in the error summary: where it points, and whether that field names its error.
LINKS_JS = """() => Array.from(document.querySelectorAll('.error-summary a')).map(a => {
    const id = a.getAttribute('href').slice(1);
    const field = document.getElementById(id);
    const holder = field && (field.closest('fieldset[aria-describedby]') || field);
    const described = ((holder && holder.getAttribute('aria-describedby')) || '').split(/\\s+/)
        .map(ref => document.getElementById(ref)).filter(Boolean)
        .map(element => element.textContent.trim()).join(' ');
    return {
        link: a.textContent.trim(), found: !!field,
        invalid: !!field && field.getAttribute('aria-invalid') === 'true', described,
    };
})"""

FORMS = {
    "regions:body_create": lambda region, body: [region.slug],
    "regions:seat_create": lambda region, body: [region.slug, body.uuid],
    "regions:partner_create": lambda region, body: [region.slug],
    "accounts:invite": lambda region, body: [region.slug],
    "accounts:password_change": lambda region, body: [],
}


@pytest.mark.parametrize("url_name", FORMS)
def test_errors_are_announced_and_linked_to_their_fields(page, region, url_name):
    leader = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user
    totp_device(leader)
    body = GovernanceBodyFactory(region=region)
    log_in(page, leader.email, TEST_PASSWORD)
    page.goto(reverse(url_name, args=FORMS[url_name](region, body)))

    with page.expect_navigation():
        page.locator("main form button[type=submit]").first.click()

    summary = page.get_by_role("alert")
    assert summary.is_visible()
    # The keyboard starts at the summary: Tab goes to its first link, not back to the page's top.
    assert page.evaluate("document.activeElement.id").startswith("error-summary")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.error-summary') !== null")
    links = page.evaluate(LINKS_JS)
    assert links, "de foutsamenvatting linkt naar geen enkel veld"
    for link in links:
        assert link["found"], f"link zonder veld: {link}"
        assert link["invalid"], f"veld niet als ongeldig gemarkeerd: {link}"
        error = link["link"].split(": ", 1)[1]
        assert error in link["described"], f"veld verwijst niet naar zijn fout: {link}"
    assert_no_axe_violations(page)

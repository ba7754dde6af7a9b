from django.urls import reverse

from tests.e2e.conftest import assert_no_axe_violations
from tests.factories import TEST_PASSWORD, UserFactory


def test_login_page_has_no_accessibility_violations(page, db):
    page.goto(reverse("accounts:login"))

    assert page.locator("h1").inner_text() == "Inloggen"
    assert_no_axe_violations(page)


def test_a_wrong_password_shows_an_error_linked_to_the_form(page, db):
    UserFactory(email="iemand@example.nl")
    page.goto(reverse("accounts:login"))

    page.get_by_label("E-mailadres").fill("iemand@example.nl")
    page.get_by_label("Wachtwoord").fill(TEST_PASSWORD + "x")
    page.get_by_role("button", name="Inloggen").click()

    assert page.get_by_role("alert").is_visible()
    assert "kennen we niet" in page.get_by_role("alert").inner_text()
    assert_no_axe_violations(page)

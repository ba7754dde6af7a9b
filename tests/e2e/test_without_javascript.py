"""The portal with JavaScript switched off: per role, the steps a person takes, in one walk each.

Nothing may need a script: every save is a form submit, every choice a plain control.
"""

import pytest
from django.urls import reverse

from regions.constants import RegionRole
from tests.e2e.conftest import log_in, totp_device
from tests.e2e.test_scenarios import field, go, reference_content  # noqa: F401 (fixture)
from tests.factories import TEST_PASSWORD, MembershipFactory, MunicipalityFactory, UserFactory

TIMEOUT_NOTE = "zonder activiteit wordt u uitgelogd"


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", java_script_enabled=False
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def first_theme_with_other_questions(response) -> int:
    from scan import selectors

    for number, theme in enumerate(selectors.themes_of(response.questionnaire), start=1):
        if selectors.theme_questions(theme, response.function, show_all=False)[1]:
            return number
    raise AssertionError("geen thema met vragen voor een andere functie")


@pytest.mark.usefixtures("reference_content")
def test_a_wethouder_without_javascript_keeps_answers_shares_withdraws_and_deletes(
    new_page, region
):
    from scan import services as scan_services
    from scan.models import Answer, Response

    wethouder = MembershipFactory(
        region=region, wethouder=True, municipality=MunicipalityFactory(region=region)
    ).user
    leader = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user
    scan_services.create_session(
        region=region,
        title="Scansessie stuurgroep",
        body=None,
        meeting_date=None,
        created_by=leader,
        invitees=[wethouder],
    )
    page = new_page()
    log_in(page, wethouder.email, TEST_PASSWORD)
    go(page, "link", "B&W-scan")
    go(page, "button", "Start de scan")
    response = Response.objects.get(user=wethouder)

    # Answer a question, then ask for the other function's questions: the answer is kept.
    number = first_theme_with_other_questions(response)
    page.goto(reverse("scan:theme", args=[response.uuid, number]))
    shown = page.locator("section.scan-question").count()
    page.locator("section.scan-question").first.get_by_label("3 – grotendeels").check()
    go(page, "button", "Opslaan en ook")
    assert page.locator("section.scan-question").count() > shown
    assert page.locator("section.scan-question").first.get_by_label("3 – grotendeels").is_checked()
    assert Answer.objects.filter(response=response, scale=3).count() == 1
    go(page, "button", "Opslaan en alleen de vragen voor mijn functie tonen")
    assert page.locator("section.scan-question").count() == shown
    if number > 1:
        go(page, "button", "Opslaan en vorig thema")
        assert f"Thema {number - 1} van" in page.locator("main").inner_text()
    assert TIMEOUT_NOTE in page.locator("main").inner_text()

    # Share with the session, withdraw, and delete the scan.
    page.goto(reverse("scan:result", args=[response.uuid]))
    field(page, "Sessie").select_option(label="Scansessie stuurgroep")
    go(page, "button", "Delen")
    assert "Gedeeld met Scansessie stuurgroep" in page.locator("main").inner_text()
    go(page, "button", "Delen intrekken")
    assert "Gedeeld met" not in page.locator("main").inner_text()
    go(page, "link", "Deze scan verwijderen")
    go(page, "button", "Definitief verwijderen")
    assert not Response.objects.filter(user=wethouder).exists()


def test_a_beheerder_without_javascript_gives_a_person_a_role_in_a_region(new_page, region):
    from regions.models import Membership

    beheerder = UserFactory(beheerder=True)
    totp_device(beheerder)
    person = UserFactory(full_name="Nina Nieuwlid")
    page = new_page()
    log_in(page, beheerder.email, TEST_PASSWORD)
    page.goto(reverse("admin:accounts_user_change", args=[person.pk]))
    page.locator("select[name=memberships-0-region]").select_option(label=region.name)
    page.locator("select[name=memberships-0-role]").select_option(RegionRole.STUURGROEPLID)
    go(page, "button", "Opslaan")

    membership = Membership.objects.get(user=person)
    assert (membership.region, membership.role) == (region, RegionRole.STUURGROEPLID)

    # The roles page of the admin lists every person, not only the one already chosen.
    page.goto(reverse("admin:regions_membership_add"))
    assert page.locator("select[name=user] option", has_text="Nina Nieuwlid <").count() == 1

"""The portal with JavaScript switched off: per role, the steps a person takes, in one walk each.

Nothing may need a script: every save is a form submit, every choice a plain control.
"""

import datetime

import pytest
from django.urls import reverse

from governance.constants import ItemStatus
from regions.constants import RegionRole
from tests.e2e.conftest import log_in, totp_device
from tests.e2e.test_scenarios import (  # noqa: F401 (reference_content is a fixture)
    download,
    field,
    go,
    reference_content,
)
from tests.factories import (
    TEST_PASSWORD,
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
    SeatFactory,
    UserFactory,
)
from tests.pdf import pdf_text

TIMEOUT_NOTE = "zonder activiteit wordt u uitgelogd"
VISION = "Visie vastgesteld in alle colleges."


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


def said(page, message: str) -> None:
    """The page the form led to confirms what was done."""
    assert message in page.locator(".messages").inner_text(), page.url


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


def test_an_invited_person_without_javascript_opens_the_link_and_creates_an_account(
    new_page, region
):
    from ghnt_portal.accounts.models import Invitation
    from regions.models import Membership

    token = "uitnodiging-zonder-javascript"
    Invitation.objects.create(
        email="nieuw@example.org",
        region=region,
        role=RegionRole.STUURGROEPLID,
        token_hash=Invitation.hash_token(token),
    )
    page = new_page()
    page.goto(reverse("accounts:accept_invitation", args=[token]))

    # The link moved its token out of the address bar.
    assert page.url.endswith(reverse("accounts:accept_opened_invitation"))
    field(page, "Uw naam").fill("Nina Nieuw")
    field(page, "Wachtwoord").fill(TEST_PASSWORD)
    field(page, "Wachtwoord herhalen").fill(TEST_PASSWORD)
    go(page, "button", "Account aanmaken")

    said(page, f"Welkom! U bent nu stuurgroeplid in de regio {region.name}.")
    membership = Membership.objects.get(user__email="nieuw@example.org")
    assert (membership.region, membership.role) == (region, RegionRole.STUURGROEPLID)


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


@pytest.mark.usefixtures("reference_content")
def test_a_projectleider_without_javascript_keeps_the_register_checklist_and_meetings(
    new_page, region, tmp_path
):
    from ghnt_portal.accounts.models import Invitation
    from governance.models import Assessment, FollowUpAction, Meeting
    from regions.models import GovernanceBody, RegionalFigure

    leader = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user
    totp_device(leader)
    MunicipalityFactory(region=region, name="Oeverwijk", cbs_code="GM9001")
    today = datetime.date.today()
    page = new_page()
    log_in(page, leader.email, TEST_PASSWORD)
    go(page, "link", "Regio's")
    go(page, "link", region.name)

    # The register: a body with domains, edited; seats added, edited and one deleted.
    go(page, "link", "Overleg toevoegen")
    field(page, "Naam").fill("Regiotafel Testland")
    field(page, "Vorm").select_option(index=1)
    field(page, "besluitvormend").check()
    field(page, "Jeugd").check()
    field(page, "Veiligheid").check()
    go(page, "button", "Opslaan")
    said(page, "Overleg ‘Regiotafel Testland’ is toegevoegd.")
    go(page, "link", "Overleg bewerken")
    field(page, "Jeugd").uncheck()
    field(page, "Welzijn").check()
    go(page, "button", "Opslaan")
    said(page, "Overleg ‘Regiotafel Testland’ is opgeslagen.")
    body = GovernanceBody.objects.get(name="Regiotafel Testland")
    assert sorted(body.domains.values_list("name", flat=True)) == ["Veiligheid", "Welzijn"]
    for name in ("Ada Aanwezig", "Bob Weg"):
        go(page, "link", "Zetel toevoegen")
        field(page, "Naam").fill(name)
        field(page, "Namens gemeente").select_option(label="Oeverwijk")
        go(page, "button", "Opslaan")
        said(page, f"De zetel van {name} is toegevoegd aan ‘Regiotafel Testland’.")
    go(page, "link", "Bewerken Ada Aanwezig")
    field(page, "Mandaat").fill("Besluit namens het college.")
    go(page, "button", "Opslaan")
    said(page, "De zetel van Ada Aanwezig is opgeslagen.")
    go(page, "link", "Verwijderen Bob Weg")
    go(page, "button", "Ja, verwijderen")
    said(page, "De zetel van Bob Weg is verwijderd uit ‘Regiotafel Testland’.")
    assert list(body.seats.values_list("person_name", "mandate")) == [
        ("Ada Aanwezig", "Besluit namens het college.")
    ]
    go(page, "link", region.name)
    go(page, "link", "Partnerorganisatie toevoegen")
    field(page, "Naam").fill("Veilig Thuis Testland")
    field(page, "Soort organisatie").select_option(label="Veilig Thuis")
    go(page, "button", "Opslaan")
    said(page, "Partnerorganisatie ‘Veilig Thuis Testland’ is toegevoegd.")

    # Figures from a CSV file: upload, preview, confirm.
    go(page, "link", "Cijfers: urgentie in de regio")
    go(page, "link", "Cijfers importeren (CSV)")
    csv_file = tmp_path / "cbs.csv"
    csv_file.write_text("code;periode;waarde\nGM9001;2024JJ00;500\n", encoding="utf-8")
    field(page, "Bron").fill("CBS StatLine 84849NED")
    field(page, "CSV-bestand").set_input_files(csv_file)
    go(page, "button", "Bekijk wat er verandert")
    assert "Voorbeeld: dit wordt opgeslagen" in page.locator("main").inner_text()
    go(page, "button", "Importeren")
    said(page, "Cijfers geïmporteerd: 1 nieuw, 0 bijgewerkt.")
    assert RegionalFigure.objects.get(region=region).value == 500

    # A checklist round, some of its 40 points, and an action.
    go(page, "link", "Integrale sturing")
    go(page, "link", "Nieuwe checklistronde starten")
    field(page, "Voor welk overleg").select_option(label="Regiotafel Testland")
    field(page, "Datum").fill(today.isoformat())
    go(page, "button", "Ronde starten")
    said(page, "De checklistronde is gestart.")
    items = page.locator(".checklist-item")
    items.nth(0).get_by_label("geregeld").check()
    items.nth(0).get_by_label("Toelichting", exact=False).fill("Visie vastgesteld.")
    items.nth(1).get_by_label("mee bezig").check()
    go(page, "button", "Opslaan")
    said(page, "De antwoorden zijn opgeslagen.")
    assessment = Assessment.objects.get(body=body)
    statuses = dict(assessment.answers.values_list("item__code", "status"))
    assert (statuses["2A-1"], statuses["2A-2"]) == (ItemStatus.DONE, ItemStatus.IN_PROGRESS)
    go(page, "link", "Actie toevoegen bij 2A-2")
    field(page, "Wat moet er gebeuren").fill("Fasen agenderen")
    field(page, "Wie pakt het op").fill("Piet")
    go(page, "button", "Opslaan")
    said(page, "De actie is toegevoegd.")
    assert FollowUpAction.objects.get(region=region).description == "Fasen agenderen"

    # The body's Niet-Vergeten-Lijst, communication plan and a meeting with its agenda.
    go(page, "link", "Integrale sturing")
    go(page, "link", "Regiotafel Testland")
    go(page, "link", "Niet-Vergeten-Lijst bewerken")
    field(page, "Het probleem, toegespitst op de regio").fill("Veel meldingen bij Veilig Thuis.")
    go(page, "button", "Opslaan")
    said(page, "De Niet-Vergeten-Lijst is opgeslagen.")
    go(page, "link", "Regel toevoegen")
    field(page, "Wie informeren we").fill("Gemeenteraden")
    page.get_by_label("na de vergadering").check()
    field(page, "Waarover").fill("Besluiten")
    field(page, "Via welk kanaal").fill("Raadsinformatiebrief")
    field(page, "Wie is verantwoordelijk").fill("Secretaris")
    go(page, "button", "Opslaan")
    said(page, "Het communicatieplan is bijgewerkt.")
    assert "Raadsinformatiebrief" in page.locator("main").inner_text()
    go(page, "link", "Vergadering toevoegen")
    field(page, "Datum").fill(today.isoformat())
    page.get_by_label("Ada Aanwezig", exact=False).check()
    go(page, "button", "Opslaan")
    said(page, "De vergadering is aangemaakt.")
    for title, ask in (("Visie vaststellen", "besluiten"), ("Cijfers bespreken", "bespreken")):
        go(page, "link", "Agendapunt toevoegen")
        field(page, "Titel").fill(title)
        page.get_by_role("radio", name=ask).check()
        go(page, "button", "Opslaan")
        said(page, "Het agendapunt is opgeslagen.")
    meeting = Meeting.objects.get(body=body)
    assert [s.person_name for s in meeting.present_seats.all()] == ["Ada Aanwezig"]
    assert meeting.agenda_items.count() == 2
    go(page, "link", "Verslag bekijken")
    assert "Visie vaststellen" in page.locator("main").inner_text()
    content = download(page, "Verslag downloaden (pdf)")
    assert "Cijfers bespreken" in " ".join(pdf_text(content).split())

    # Someone invited; the region's history shows what was done.
    page.goto(reverse("regions:region_detail", args=[region.slug]))
    go(page, "link", "Mensen en uitnodigingen")
    go(page, "link", "Iemand uitnodigen")
    field(page, "E-mailadres").fill("nieuw@example.org")
    field(page, "Rol").select_option(label="stuurgroeplid")
    go(page, "button", "Uitnodiging versturen")
    said(page, "De uitnodiging is verstuurd naar nieuw@example.org.")
    assert Invitation.objects.filter(region=region, email="nieuw@example.org").exists()
    go(page, "link", region.name)
    go(page, "link", "Geschiedenis")
    history = page.locator("main").inner_text()
    assert "Uitnodiging: nieuw@example.org" in history
    assert "Zetel: Bob Weg (Regiotafel Testland)" in history


@pytest.mark.usefixtures("reference_content")
def test_a_stuurgroeplid_without_javascript_fills_in_a_round_and_reads_a_meeting_report(
    new_page, region
):
    from governance import services as governance_services
    from tests.governance.factories import AgendaItemFactory, MeetingFactory

    member = MembershipFactory(region=region, role=RegionRole.STUURGROEPLID).user
    body = GovernanceBodyFactory(region=region, name="Stuurgroep Testland")
    seat = SeatFactory(body=body, person_name="Ada Aanwezig")
    for day, may_edit in ((1, False), (2, True)):
        governance_services.start_assessment(
            region=region,
            body=body,
            on=datetime.date(2026, 3, day),
            stuurgroep_may_edit=may_edit,
        )
    meeting = MeetingFactory(body=body, date=datetime.date(2026, 4, 1))
    meeting.present_seats.add(seat)
    AgendaItemFactory(meeting=meeting, title="Visie vaststellen", outcome="Vastgesteld.")
    page = new_page()
    log_in(page, member.email, TEST_PASSWORD)
    go(page, "link", "Integrale sturing")

    # A round the stuurgroep may not edit offers no form; the other one does.
    go(page, "link", "1 maart 2026")
    assert page.get_by_role("link", name="Statussen en toelichting invullen").count() == 0
    go(page, "link", "Integrale sturing")
    go(page, "link", "2 maart 2026")
    go(page, "link", "Statussen en toelichting invullen")
    items = page.locator(".checklist-item")
    items.nth(0).get_by_label("geregeld").check()
    items.nth(0).get_by_label("Toelichting", exact=False).fill(VISION)
    items.nth(2).get_by_label("niet van toepassing").check()
    go(page, "button", "Opslaan")
    said(page, "De antwoorden zijn opgeslagen.")
    assert VISION in page.locator("main").inner_text()
    answers = body.assessments.get(date=datetime.date(2026, 3, 2)).answers
    statuses = dict(answers.values_list("item__code", "status"))
    assert (statuses["2A-1"], statuses["2A-3"]) == (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE)

    go(page, "link", "Integrale sturing")
    go(page, "link", "Stuurgroep Testland")
    go(page, "link", "1 april 2026")
    assert "Ada Aanwezig" in page.locator("main").inner_text()
    go(page, "link", "Verslag bekijken")
    report = page.locator("main").inner_text()
    assert "Visie vaststellen" in report and "Vastgesteld." in report
    text = " ".join(pdf_text(download(page, "Verslag downloaden (pdf)")).split())
    assert VISION in text

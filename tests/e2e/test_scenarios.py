"""Issue 6 §1: what people do in the portal, in a real browser, by clicking and typing.

Every page a scenario reaches is checked with axe-core (WCAG 2.0/2.1 A and AA) on the way.
"""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from regions.constants import RegionRole
from tests.conftest import postgresql_only
from tests.e2e.conftest import assert_no_axe_violations, log_in, totp_device
from tests.factories import (
    TEST_PASSWORD,
    GovernanceBodyFactory,
    MembershipFactory,
    MunicipalityFactory,
)
from tests.pdf import pdf_text

REFLECTION = "Ik wil de raad vaker meenemen in de aanpak."


@pytest.fixture
def reference_content(db):
    call_command("load_reference_content", stdout=io.StringIO())


def download(page, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return open(info.value.path(), "rb").read()


def go(page, role: str, name: str) -> None:
    """Click a link or button and wait for the next page."""
    with page.expect_navigation():
        page.get_by_role(role, name=name).first.click()


def field(scope, label: str):
    """The field with exactly this label (a required field's label ends in an asterisk)."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def check(page, *, axe: bool = True) -> None:
    if axe:
        assert_no_axe_violations(page)


def answer_theme(page, *, first: bool) -> None:
    """Where I stand on every question shown; a reflection and a priority on the first one."""
    questions = page.locator("section.scan-question")
    for index in range(questions.count()):
        question = questions.nth(index)
        question.get_by_label("2 – een beetje").check()
        if first and index == 0:
            question.get_by_label("Mijn reflectie").fill(REFLECTION)
            question.get_by_label("Dit heeft voor mij prioriteit").check()


def theme_number(page) -> tuple[int, int]:
    found = re.search(r"Thema (\d+) van (\d+)", page.locator("main").inner_text())
    assert found, repr(page.locator("main").inner_text()[:80])
    return int(found[1]), int(found[2])


def run_scan_scenario(browser, live_server, wethouder, *, javascript: bool) -> None:
    def new_page():
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", java_script_enabled=javascript
        )
        context.set_default_timeout(10_000)
        return context, context.new_page()

    context, page = new_page()
    log_in(page, wethouder.email, TEST_PASSWORD)
    check(page, axe=javascript)
    go(page, "link", "B&W-scan")
    check(page, axe=javascript)
    go(page, "button", "Start de scan")
    number, total = theme_number(page)
    assert number == 1
    check(page, axe=javascript)
    half = total // 2
    while number <= half:
        answer_theme(page, first=number == 1)
        go(page, "button", "Opslaan en volgend thema")
        number, _ = theme_number(page)
    reached = page.locator("h1").inner_text()
    go(page, "button", "Opslaan en later verder")
    context.close()  # the browser is closed; another day, another browser

    context, page = new_page()
    log_in(page, wethouder.email, TEST_PASSWORD)
    go(page, "link", "B&W-scan")
    go(page, "link", "Verder waar u gebleven was")
    assert page.locator("h1").inner_text() == reached
    assert theme_number(page)[0] == half + 1
    while True:
        answer_theme(page, first=False)
        finish = page.get_by_role("button", name="Opslaan en afronden")
        if finish.count():
            go(page, "button", "Opslaan en afronden")
            break
        go(page, "button", "Opslaan en volgend thema")
    check(page, axe=javascript)
    page.get_by_role("combobox").first.select_option("1")
    go(page, "button", "Afronden")
    check(page, axe=javascript)
    assert REFLECTION in page.content()

    content = download(page, "Resultaat downloaden (pdf)")
    context.close()

    assert content.startswith(b"%PDF")
    text = " ".join(pdf_text(content).split())
    assert REFLECTION in text


@pytest.fixture
def wethouder(reference_content, region):
    return MembershipFactory(
        region=region, wethouder=True, municipality=MunicipalityFactory(region=region)
    ).user


@postgresql_only("an autosave and a submit at once: the SQLite test server shares one connection")
def test_a_wethouder_does_the_scan_in_two_sittings_and_downloads_the_result(
    browser, live_server, wethouder
):
    run_scan_scenario(browser, live_server, wethouder, javascript=True)


def test_the_scan_works_without_javascript(browser, live_server, wethouder):
    run_scan_scenario(browser, live_server, wethouder, javascript=False)


def test_a_project_leader_adds_a_body_with_seats_and_sees_the_structure_picture_update(
    page, reference_content, region
):
    leader = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user
    totp_device(leader)
    MunicipalityFactory(region=region, name="Oeverwijk")
    log_in(page, leader.email, TEST_PASSWORD)
    go(page, "link", "Regio's")
    go(page, "link", region.name)
    check(page)
    go(page, "link", "Structuurplaat: overlap en witte vlekken")
    check(page)
    spots = page.locator(".structure-white-spots")
    assert "Er is geen besluitvormend overleg" in spots.inner_text()
    assert "Er zit nergens een ervaringsdeskundige aan tafel" in spots.inner_text()

    page.go_back()
    go(page, "link", "Overleg toevoegen")
    check(page)
    field(page, "Naam").fill("Stuurgroep Zorg en Veiligheid Testland")
    field(page, "Vorm").select_option(label="Stuurgroep Zorg en Veiligheid")
    field(page, "besluitvormend").check()
    field(page, "Vergaderingen per jaar").fill("6")
    field(page, "De bedoeling").fill("Samen sturen op zorg en veiligheid.")
    field(page, "Jeugd").check()
    field(page, "Veiligheid").check()
    go(page, "button", "Opslaan")
    assert page.locator("h1").inner_text() == "Stuurgroep Zorg en Veiligheid Testland"
    check(page)
    for name, domain, expert in (("Wim Wethouder", "Jeugd", False), ("Eva Ervaring", "", True)):
        go(page, "link", "Zetel toevoegen")
        field(page, "Naam").fill(name)
        field(page, "Functie").fill("Wethouder" if not expert else "Ervaringsdeskundige")
        field(page, "Namens gemeente").select_option(label="Oeverwijk")
        if domain:
            field(page, "Domein").select_option(label=domain)
        if expert:
            field(page, "Ervaringsdeskundige").check()
        go(page, "button", "Opslaan")
        assert name in page.locator("main").inner_text()
    check(page)

    go(page, "link", region.name)
    go(page, "link", "Structuurplaat: overlap en witte vlekken")
    check(page)
    picture = " ".join(page.locator("main svg").first.text_content().split())
    assert "Stuurgroep" in picture
    assert "besluitvormend · 6× per jaar" in picture
    spots = page.locator(".structure-white-spots").inner_text()
    assert "Er is geen besluitvormend overleg" not in spots
    assert "Er zit nergens een ervaringsdeskundige aan tafel" not in spots
    assert "Er is geen overleg waar zorg en veiligheid samen aan tafel zitten" not in spots

    # On a phone the domain matrix scrolls in its box; its caption stays in view, wrapped.
    page.set_viewport_size({"width": 320, "height": 640})
    box = page.locator(".structure-matrix .table-scroll")
    box.evaluate("element => { element.scrollLeft = element.scrollWidth; }")
    assert box.evaluate("element => element.scrollLeft") > 0
    caption = page.locator(".structure-matrix caption").bounding_box()
    assert caption["x"] >= 0
    assert caption["x"] + caption["width"] <= 320


def test_a_stuurgroeplid_fills_in_the_checklist_and_downloads_the_meeting_report(
    page, reference_content, region
):
    import datetime

    from governance import services as governance_services
    from tests.governance.factories import MeetingFactory

    member = MembershipFactory(region=region, role=RegionRole.STUURGROEPLID).user
    body = GovernanceBodyFactory(region=region, name="Stuurgroep Testland")
    governance_services.start_assessment(
        region=region, body=body, on=datetime.date(2026, 3, 1), stuurgroep_may_edit=True
    )
    MeetingFactory(body=body, date=datetime.date(2026, 4, 1))
    log_in(page, member.email, TEST_PASSWORD)
    go(page, "link", "Integrale sturing")
    check(page)
    go(page, "link", "1 maart 2026")
    check(page)
    go(page, "link", "Statussen en toelichting invullen")
    check(page)
    first_item = page.locator(".checklist-item").first
    first_item.get_by_label("geregeld").check()
    first_item.get_by_label("Toelichting", exact=False).fill("Visie vastgesteld in alle colleges.")
    go(page, "button", "Opslaan")
    check(page)
    assert "Visie vastgesteld in alle colleges." in page.locator("main").inner_text()

    go(page, "link", "Integrale sturing")
    go(page, "link", "Stuurgroep Testland")
    check(page)
    go(page, "link", "1 april 2026")
    check(page)
    content = download(page, "Verslag downloaden (pdf)")

    assert content.startswith(b"%PDF")
    text = " ".join(pdf_text(content).split())
    assert "Stuurgroep Testland" in text
    assert "Visie vastgesteld in alle colleges." in text


FOCUS_JS = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
        && style.outlineColor !== 'rgba(0, 0, 0, 0)';
    const shadowed = style.boxShadow !== 'none' && !/0px 0px 0px 0px/.test(style.boxShadow);
    return {
        tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '',
        text: (e.innerText || e.value || '').trim().slice(0, 60),
        visible: outlined || shadowed,
        style: `${style.outlineStyle} ${style.outlineColor}; ${style.boxShadow}`,
    };
}"""


def tab(page, *, allow_none: bool = False) -> dict:
    """Press Tab; the element that gets the focus must show it (WCAG 2.4.7)."""
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUS_JS)
    if focused is None and allow_none:  # right after a page load the page itself has focus
        return {"name": "", "type": "", "tag": "", "text": ""}
    assert focused is not None, "de focus verdween"
    assert focused["visible"], f"focus niet zichtbaar op {focused}"
    return focused


def tab_to(page, matches, limit: int = 80) -> dict:
    """Tab until the focus is on what ``matches``; it may wrap round past the page's end once."""
    focused = page.evaluate(FOCUS_JS)
    if focused and matches(focused):
        return focused  # already there (a field with autofocus)
    for _ in range(limit):
        focused = tab(page, allow_none=True)
        if matches(focused):
            return focused
    raise AssertionError("niet bereikt met Tab")


def test_a_burgemeester_completes_a_theme_with_the_keyboard_only(page, reference_content, region):
    from scan.models import Answer, Response

    mayor = MembershipFactory(region=region, burgemeester=True).user
    # Measure the focus style at rest, not halfway through Bootstrap's transitions.
    page.emulate_media(reduced_motion="reduce")
    page.goto(reverse("accounts:login"))
    tab_to(page, lambda f: f["name"] == "auth-username")
    page.keyboard.type(mayor.email)
    tab_to(page, lambda f: f["name"] == "auth-password")
    page.keyboard.type(TEST_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["tag"] == "a" and f["text"] == "B&W-scan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, lambda f: f["text"] == "Start de scan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert theme_number(page)[0] == 1
    shown = page.locator("section.scan-question").count()
    assert shown > 0

    answered: set[str] = set()
    while True:
        focused = tab(page)
        question = focused["name"].split("-")[0]
        if focused["type"] == "radio" and focused["name"].endswith("-scale"):
            if question not in answered:
                # The focus is on the checked "geen keuze (nog niet beantwoord)", the group's
                # last button; the arrow goes round to the first step of the scale and checks it.
                page.keyboard.press("ArrowDown")
                answered.add(question)
        elif focused["name"].endswith("-reflection") and len(answered) == 1:
            page.keyboard.type(REFLECTION)
        elif focused["tag"] == "button" and focused["text"] == "Opslaan en volgend thema":
            with page.expect_navigation():
                page.keyboard.press("Enter")
            break

    assert theme_number(page)[0] == 2
    response = Response.objects.get(user=mayor)
    answers = Answer.objects.filter(response=response, question__theme__order__isnull=False)
    assert answers.count() == shown == len(answered)
    assert answers.filter(reflection=REFLECTION).count() == 1


def test_autosave_updates_the_badge_the_counts_and_the_theme_menu_also_when_taken_back(
    page, reference_content, wethouder
):
    from scan.models import Answer

    log_in(page, wethouder.email, TEST_PASSWORD)
    go(page, "link", "B&W-scan")
    go(page, "button", "Start de scan")
    questions = page.locator("section.scan-question")
    shown = questions.count()
    overall = page.locator("label[for=scan-progress-all]")
    total = int(re.search(r"van (\d+) vragen", overall.inner_text())[1])
    menu_entry = page.locator(".scan-theme-menu li").first.locator(".scan-theme-count")
    assert menu_entry.inner_text() == f"(0/{shown})"

    first = questions.first
    status = first.locator("[data-autosave-status]")
    badge = first.locator("[data-answer-status]")
    assert badge.inner_text() == "nog niet beantwoord"
    assert first.get_by_label("geen keuze (nog niet beantwoord)").is_checked()
    first.get_by_label("2 – een beetje").check()
    status.filter(has_text="Automatisch opgeslagen.").wait_for()
    assert badge.inner_text() == "beantwoord"
    assert overall.inner_text() == f"1 van {total} vragen beantwoord"
    assert page.locator("[data-scan-theme-progress]").inner_text() == (
        f"In dit thema: 1 van {shown} beantwoord"
    )
    assert menu_entry.inner_text() == f"(1/{shown})"

    # Taken back: the badge, the counts and the menu say "not answered" again.
    status.evaluate("element => { element.textContent = ''; }")
    first.get_by_label("geen keuze (nog niet beantwoord)").check()
    status.filter(has_text="Automatisch opgeslagen.").wait_for()
    assert badge.inner_text() == "nog niet beantwoord"
    assert "badge-neutral" in badge.get_attribute("class")
    assert overall.inner_text() == f"0 van {total} vragen beantwoord"
    assert page.locator("[data-scan-theme-progress]").inner_text() == (
        f"In dit thema: 0 van {shown} beantwoord"
    )
    assert menu_entry.inner_text() == f"(0/{shown})"
    assert not Answer.objects.filter(response__user=wethouder).exists()

    # Every question of the theme answered: its menu entry says it is done.
    for index in range(shown):
        question = questions.nth(index)
        saved = question.locator("[data-autosave-status]")
        saved.evaluate("element => { element.textContent = ''; }")
        question.get_by_label("weet ik niet").check()
        saved.filter(has_text="Automatisch opgeslagen.").wait_for()
    assert menu_entry.inner_text() == f"({shown}/{shown}, klaar)"
    check(page)


def test_an_autosave_after_the_idle_timeout_says_the_user_was_logged_out(
    page, reference_content, wethouder
):
    """The autosave was sent on to the login page and said "geen verbinding, gebruik de knop
    Opslaan": that button leads to the login page too, and the typed text is lost."""
    log_in(page, wethouder.email, TEST_PASSWORD)
    go(page, "link", "B&W-scan")
    go(page, "button", "Start de scan")
    # The session ends as after 30 minutes without activity; the CSRF cookie stays.
    kept = [c for c in page.context.cookies() if c["name"] != "sessionid"]
    page.context.clear_cookies()
    page.context.add_cookies(kept)

    question = page.locator("section.scan-question").first
    question.get_by_label("Mijn reflectie").fill(REFLECTION)

    status = question.locator("[data-autosave-status]")
    status.filter(has_text="uitgelogd").wait_for()
    assert status.inner_text() == (
        "Niet opgeslagen: u bent uitgelogd. Kopieer wat u hier typte, log opnieuw in en vul het "
        "dan weer in."
    )


def test_the_structure_picture_of_fifty_bodies_keeps_its_labels_readable(page, region):
    """A big region's picture is taller than the screen: it is shown at its own size (the page
    scrolls), not shrunk to the window's height with labels of a few pixels."""
    leader = MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user
    totp_device(leader)
    bodies = []
    for number in range(52):
        parent = bodies[number // 4] if number >= 4 else None
        bodies.append(
            GovernanceBodyFactory(region=region, name=f"Overleg {number:02d}", reports_to=parent)
        )
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, leader.email, TEST_PASSWORD)
    page.goto(reverse("regions:structure", args=[region.slug]))

    svg = page.locator("main svg.structure-svg")
    scale = svg.evaluate("element => element.getScreenCTM().a")
    font_size = float(svg.locator("text").first.get_attribute("font-size"))
    assert font_size * scale >= 12, f"labels drawn at {font_size * scale:.1f}px"


def test_a_change_autosaved_and_taken_back_is_saved_by_the_button(
    page, reference_content, wethouder
):
    """The page saves only what changed since it showed an answer (two tabs must not overwrite
    each other); after an autosave, what it showed is what was autosaved. So taking back an
    autosaved choice, and pressing Opslaan before the next autosave, takes it back."""
    from scan.models import Answer

    log_in(page, wethouder.email, TEST_PASSWORD)
    go(page, "link", "B&W-scan")
    go(page, "button", "Start de scan")
    first = page.locator("section.scan-question").first
    first.get_by_label("4 – helemaal").check()
    first.locator("[data-autosave-status]").filter(has_text="Automatisch opgeslagen.").wait_for()
    assert Answer.objects.get(response__user=wethouder).scale == 4

    page.route("**/autosave/", lambda route: route.abort())  # the next autosave does not arrive
    first.get_by_label("geen keuze (nog niet beantwoord)").check()
    go(page, "button", "Opslaan")

    assert not Answer.objects.filter(response__user=wethouder).exists()
    assert first.get_by_label("geen keuze (nog niet beantwoord)").is_checked()

"""A form sent back with errors, on every kind of form page, as the server renders it:

- the page title starts with "Fout:" (WCAG 2.4.2 and 3.3.1: the title is the first thing a
  screen reader says, and a tab or window list shows it);
- the error summary takes the focus on load, also without JavaScript (`autofocus` on the summary,
  which comes before the form's fields), so the keyboard and screen reader start there;
- an error that belongs to no field is said once, in the summary (crispy-forms printed it again
  in the form).
"""

import re

import pytest
from django.urls import reverse

from scan.models import Answer
from tests.factories import TEST_PASSWORD, UserFactory
from tests.scan.conftest import questionnaire  # noqa: F401 (a fixture)
from tests.scan.factories import ResponseFactory

pytestmark = pytest.mark.django_db

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
SUMMARY = re.compile(r'<div class="alert alert-danger error-summary"[^>]*>')


def title_of(page) -> str:
    return TITLE.search(page.content.decode()).group(1).strip()


def summary_tag(page) -> str:
    tags = SUMMARY.findall(page.content.decode())
    assert len(tags) == 1, tags
    return tags[0]


def _login(client_for, **_):
    client = client_for(None)
    data = {
        "login_view-current_step": "auth",
        "auth-username": "niemand@example.nl",
        "auth-password": "verkeerd",
    }
    return client.post(reverse("accounts:login"), data)


def _password_reset(client_for, **_):
    return client_for(None).post(reverse("accounts:password_reset"), {"email": "geen-adres"})


def _password_change(client_for, bestuurder, **_):
    return client_for(bestuurder).post(reverse("accounts:password_change"), {})


def _two_factor_disable(client_for, bestuurder, **_):
    return client_for(bestuurder).post(reverse("two_factor:disable"), {})


def _scan_session_create(client_for, projectleider, region, **_):
    url = reverse("scan:session_create", args=[region.slug])
    return client_for(projectleider).post(url, {"title": ""})


def _scan_complete(client_for, bestuurder, region, scan, **_):
    response = ResponseFactory(user=bestuurder, region=region, questionnaire=scan)
    questions = list(scan.questions.all()[:2])
    for question in questions:
        Answer.objects.create(response=response, question=question, scale=2, is_priority=True)
    data = {f"rank_{question.pk}": "1" for question in questions}
    return client_for(bestuurder).post(reverse("scan:complete", args=[response.uuid]), data)


def _scan_theme(client_for, bestuurder, region, scan, **_):
    response = ResponseFactory(user=bestuurder, region=region, questionnaire=scan)
    question = scan.questions.get(key="rol")
    data = {"ga": "volgende", f"q{question.pk}-scale": "7"}
    return client_for(bestuurder).post(reverse("scan:theme", args=[response.uuid, 1]), data)


def _remove_user(client_for, beheerder, **_):
    leaving = UserFactory()
    url = reverse("privacy:remove_user", args=[leaving.pk])
    return client_for(beheerder).post(url, {"seat_handling": "kapot"})


def _partner_create(client_for, projectleider, region, **_):
    url = reverse("regions:partner_create", args=[region.slug])
    return client_for(projectleider).post(url, {})


FORMS = {
    "login": (_login, "Fout: Inloggen"),
    "password_reset": (_password_reset, "Fout: Wachtwoord vergeten"),
    "password_change": (_password_change, "Fout: Wachtwoord wijzigen"),
    "two_factor_disable": (_two_factor_disable, "Fout: Tweestapsverificatie uitzetten"),
    "scan_session_create": (_scan_session_create, "Fout: Nieuwe scansessie"),
    "scan_complete": (_scan_complete, "Fout: Scan afronden"),
    "scan_theme": (_scan_theme, "Fout: "),
    "remove_user": (_remove_user, "Fout: Gebruiker verwijderen"),
    "partner_create": (_partner_create, "Fout: Nieuwe partnerorganisatie"),
}


@pytest.fixture
def sent_with_errors(request, client_for, region, bestuurder, projectleider, beheerder):
    send, expected_title = FORMS[request.param]
    scan = request.getfixturevalue("questionnaire") if request.param.startswith("scan_") else None
    page = send(
        client_for,
        bestuurder=bestuurder,
        projectleider=projectleider,
        beheerder=beheerder,
        region=region,
        scan=scan,
    )
    assert page.status_code in (200, 400), page.status_code
    return page, expected_title


@pytest.mark.parametrize("sent_with_errors", FORMS, indirect=True)
def test_the_title_of_a_page_with_errors_starts_with_fout(sent_with_errors):
    page, expected_title = sent_with_errors

    assert title_of(page).startswith(expected_title), title_of(page)
    assert not title_of(page).startswith("Fout: Fout:")


@pytest.mark.parametrize("sent_with_errors", FORMS, indirect=True)
def test_the_error_summary_takes_the_focus_without_javascript(sent_with_errors):
    page, _ = sent_with_errors
    html = page.content.decode()

    assert " autofocus" in summary_tag(page)
    # The summary is the first element that asks for the focus: a field's own autofocus (the
    # login's e-mail field) comes after it, so the browser keeps the summary's.
    assert html.index(summary_tag(page)) < min(
        (m.start() for m in re.finditer(r"<(input|select|textarea)[^>]* autofocus", html)),
        default=len(html),
    )


def test_an_error_of_no_field_is_said_once(client_for):
    page = _login(client_for)

    assert page.content.decode().count("Deze combinatie van e-mailadres en wachtwoord") == 1


def test_a_page_without_errors_has_no_fout_in_its_title(client_for, projectleider, region):
    page = client_for(projectleider).get(reverse("regions:partner_create", args=[region.slug]))

    assert not title_of(page).startswith("Fout")
    assert "error-summary" not in page.content.decode()


def test_a_wrong_password_on_the_login_keeps_the_typed_address(client_for):
    page = _login(client_for)

    assert 'value="niemand@example.nl"' in page.content.decode()
    assert TEST_PASSWORD not in page.content.decode()
    # The password that was typed (TEST_PASSWORD above was never sent) is not sent back.
    assert 'value="verkeerd"' not in page.content.decode()

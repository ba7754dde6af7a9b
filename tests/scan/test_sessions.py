"""Group sessions: opened by the region's project leader, shared explicitly by bestuurders."""

import datetime
import logging
import re
from html import escape

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from ghnt_portal.pdf import running_title_name
from scan import services
from scan.models import ERROR_BODY_OTHER_REGION, ScanSession, SessionInvitation, SharedResponse
from scan.views import _session_summary
from tests.factories import GovernanceBodyFactory, MembershipFactory
from tests.pdf import pdf_text

from .factories import (
    AnswerFactory,
    QuestionFactory,
    ResponseFactory,
    ScanSessionFactory,
    SessionInvitationFactory,
)


@pytest.fixture
def session(region, questionnaire, projectleider, bestuurder, bestuurder2):
    session = ScanSessionFactory(
        region=region, questionnaire=questionnaire, created_by=projectleider, title="Stuurgroep Z&V"
    )
    SessionInvitationFactory(session=session, user=bestuurder)
    SessionInvitationFactory(session=session, user=bestuurder2)
    return session


def _response(user, questionnaire, scales: dict, priority_keys=()):
    response = ResponseFactory(user=user, questionnaire=questionnaire)
    for key, scale in scales.items():
        AnswerFactory(
            response=response,
            question=questionnaire.questions.get(key=key),
            scale=scale,
            is_priority=key in priority_keys,
        )
    return response


def test_project_leader_opens_a_session_and_invites_bestuurders(
    projectleider, client_for, region, questionnaire, bestuurder, burgemeester
):
    body = GovernanceBodyFactory(region=region, name="Regiobijeenkomst Z&V")
    memberships = {m.user_id: m.pk for m in region.memberships.filter(role="bestuurder")}
    client = client_for(projectleider)

    assert client.get(reverse("scan:session_create", args=[region.slug])).status_code == 200
    page = client.post(
        reverse("scan:session_create", args=[region.slug]),
        {
            "title": "Regiobijeenkomst voorjaar",
            "meeting_date": "2026-04-01",
            "body": body.pk,
            "invitees": [memberships[bestuurder.pk], memberships[burgemeester.pk]],
        },
    )

    session = ScanSession.objects.get()
    assert page["Location"] == reverse("scan:session_detail", args=[session.uuid])
    assert session.body == body
    assert set(session.invitations.values_list("user_id", flat=True)) == {
        bestuurder.pk,
        burgemeester.pk,
    }


def test_a_body_of_another_region_cannot_be_chosen(
    projectleider, client_for, region, other_region, questionnaire
):
    foreign_body = GovernanceBodyFactory(region=other_region)

    page = client_for(projectleider).post(
        reverse("scan:session_create", args=[region.slug]),
        {"title": "Sessie", "body": foreign_body.pk},
    )

    assert page.status_code == 400
    assert not ScanSession.objects.exists()


def test_a_session_with_a_body_of_another_region_is_refused_by_the_model(
    region, other_region, questionnaire, projectleider
):
    session = ScanSessionFactory.build(
        region=region,
        questionnaire=questionnaire,
        created_by=projectleider,
        body=GovernanceBodyFactory(region=other_region),
    )

    with pytest.raises(ValidationError) as refused:
        session.full_clean()

    assert refused.value.message_dict == {"body": [ERROR_BODY_OTHER_REGION]}


@pytest.mark.parametrize("foreign", ["body", "invitee"])
def test_editing_a_session_refuses_a_body_or_invitee_of_another_region(
    session, projectleider, client_for, other_region, bestuurder, foreign
):
    foreign_body = GovernanceBodyFactory(region=other_region)
    foreign_membership = MembershipFactory(region=other_region, wethouder=True)
    own_membership = session.region.memberships.get(user=bestuurder, role="bestuurder")
    data = {"title": "Nieuwe titel", "invitees": [own_membership.pk]}
    if foreign == "body":
        data["body"] = foreign_body.pk
    else:
        data["invitees"] = [foreign_membership.pk]

    page = client_for(projectleider).post(reverse("scan:session_edit", args=[session.uuid]), data)

    assert page.status_code == 400
    assert "Selecteer een geldige keuze" in page.text
    session.refresh_from_db()
    assert (session.title, session.body) == ("Stuurgroep Z&V", None)
    assert foreign_membership.user_id not in session.invitations.values_list("user_id", flat=True)


def test_bestuurders_of_another_region_cannot_be_invited(
    region, other_region, questionnaire, projectleider
):
    outsider = MembershipFactory(region=other_region, wethouder=True).user

    with pytest.raises(ValidationError) as refused:
        services.create_session(
            region=region, created_by=projectleider, title="Sessie", invitees=[outsider]
        )
    assert refused.value.message_dict == {"invitees": [services.ERROR_INVITEE_NOT_BESTUURDER]}
    assert not ScanSession.objects.exists()


@pytest.mark.parametrize(
    ("role_client", "status"),
    [
        ("stuurgroeplid", 403),
        ("bestuurder", 403),
        ("beheerder", 403),
        ("other_projectleider", 404),
    ],
    indirect=["role_client"],
)
def test_only_the_regions_project_leader_opens_sessions(role_client, status, region, questionnaire):
    _role, _user, client = role_client

    assert client.get(reverse("scan:session_create", args=[region.slug])).status_code == status
    assert (
        client.post(reverse("scan:session_create", args=[region.slug]), {"title": "x"}).status_code
        == status
    )
    assert not ScanSession.objects.exists()


@pytest.mark.parametrize(
    ("role_client", "status"),
    [
        ("projectleider", 200),
        ("bestuurder", 200),
        ("burgemeester", 404),
        ("stuurgroeplid", 404),
        ("other_projectleider", 404),
        ("beheerder", 404),
        ("landelijk", 404),
    ],
    indirect=["role_client"],
)
def test_session_page_is_for_project_leader_and_invitees(role_client, status, session):
    _role, _user, client = role_client

    assert client.get(reverse("scan:session_detail", args=[session.uuid])).status_code == status


@pytest.mark.parametrize(
    "role_client",
    ["burgemeester", "stuurgroeplid", "other_projectleider", "beheerder", "landelijk"],
    indirect=True,
)
def test_session_pdf_is_refused_to_everyone_else(role_client, session):
    _role, _user, client = role_client

    assert client.get(reverse("scan:session_pdf", args=[session.uuid])).status_code == 404


def test_invited_bestuurder_sees_the_invitation_on_the_scan_page(bestuurder, client_for, session):
    page = client_for(bestuurder).get(reverse("scan:index")).content.decode()

    assert "Stuurgroep Z&amp;V" in page


def test_sharing_by_name_shows_answers_and_withdrawing_removes_them(
    bestuurder, client_for, session, questionnaire, projectleider
):
    response = _response(bestuurder, questionnaire, {"rol": 4, "visie": 1}, ["visie"])
    client = client_for(bestuurder)

    client.post(
        reverse("scan:share", args=[response.uuid]),
        {"session": session.uuid, "visibility": "naam"},
    )

    leader = client_for(projectleider)
    page = leader.get(reverse("scan:session_detail", args=[session.uuid])).content.decode()
    assert f"<li>{escape(bestuurder.full_name)}: 4 – helemaal</li>" in page
    assert "Op naam gedeeld door" in page
    assert "Delen we een visie?" in page

    client.post(reverse("scan:unshare", args=[response.uuid, session.uuid]))

    assert not SharedResponse.objects.exists()
    page = leader.get(reverse("scan:session_detail", args=[session.uuid])).content.decode()
    assert f"<li>{escape(bestuurder.full_name)}: 4 – helemaal</li>" not in page
    assert "Op naam gedeeld door" not in page
    assert "Nog geen antwoorden om te tonen." in page


def test_sharing_to_a_session_one_is_not_invited_to_is_refused(
    burgemeester, client_for, session, questionnaire
):
    response = _response(burgemeester, questionnaire, {"rol": 2})

    answer = client_for(burgemeester).post(
        reverse("scan:share", args=[response.uuid]),
        {"session": session.uuid, "visibility": "naam"},
    )

    assert answer.status_code == 400
    assert "Kies een sessie waarvoor u bent uitgenodigd." in answer.text
    assert not SharedResponse.objects.exists()


@pytest.mark.parametrize("value", ["geen-uuid", "123"])
def test_a_share_to_a_malformed_session_says_which_sessions_can_be_chosen(
    burgemeester, client_for, questionnaire, value
):
    """Not Django's "‘geen-uuid’ is geen geldige UUID.": the same error as for any session
    that cannot be chosen."""
    response = _response(burgemeester, questionnaire, {"rol": 2})

    answer = client_for(burgemeester).post(
        reverse("scan:share", args=[response.uuid]), {"session": value, "visibility": "naam"}
    )

    assert answer.status_code == 400
    assert answer.context["share_form"].errors["session"] == [
        "Kies een sessie waarvoor u bent uitgenodigd."
    ]
    assert not SharedResponse.objects.exists()


def test_a_share_without_a_session_is_refused_beside_the_field_on_the_result_page(
    bestuurder, client_for, session, questionnaire
):
    """The session select starts empty: pressing "Delen" at once shows the result page again,
    the error in the summary and beside the select, the chosen visibility kept."""
    response = _response(bestuurder, questionnaire, {"rol": 2})

    answer = client_for(bestuurder).post(
        reverse("scan:share", args=[response.uuid]), {"session": "", "visibility": "naam"}
    )

    assert answer.status_code == 400
    page = answer.text
    assert '<a href="#id_session">Sessie: Kies de sessie waarmee u uw scan deelt.</a>' in page
    field = page[page.index('id="div_id_session"') : page.index('id="div_id_visibility"')]
    assert 'aria-invalid="true" aria-describedby="id_session_error"' in field
    assert "<strong>Kies de sessie waarmee u uw scan deelt.</strong>" in field
    assert re.search(r'value="naam"\s+id="id_visibility_1" required checked>', page)
    # The page opens at the form, not at its top, also without JavaScript.
    share_url = reverse("scan:share", args=[response.uuid])
    assert f'action="{share_url}#delen"' in page
    assert not SharedResponse.objects.exists()


def test_anonymous_answers_are_hidden_below_three_per_question(
    region, session, questionnaire, bestuurder, bestuurder2, projectleider, client_for
):
    third = MembershipFactory(region=region, wethouder=True).user
    SessionInvitation.objects.create(session=session, user=third)
    leader = client_for(projectleider)
    url = reverse("scan:session_detail", args=[session.uuid])
    for user, scale in [(bestuurder, 1), (bestuurder2, 4)]:
        response = _response(user, questionnaire, {"rol": scale}, ["rol"])
        services.share_response(response=response, session=session, anonymous=True)

    page = leader.get(url).content.decode()
    assert "Te weinig anonieme antwoorden." in page
    assert "Ken ik mijn eigen rol?" not in page
    # How many questions are withheld is not said: with one anonymous sharer it would tell how
    # many questions that person answered.
    assert "Bij 1 vraag" not in page and "Bij een of meer vragen" in page

    response = _response(third, questionnaire, {"rol": 2}, ["rol"])
    services.share_response(response=response, session=session, anonymous=True)

    page = leader.get(url).content.decode()
    assert "Te weinig anonieme antwoorden." not in page
    assert "Ken ik mijn eigen rol?" in page
    assert "Op naam gedeeld door" not in page


def test_the_agenda_puts_the_most_divergent_question_first(
    region, session, questionnaire, bestuurder, bestuurder2
):
    third = MembershipFactory(region=region, wethouder=True).user
    SessionInvitation.objects.create(session=session, user=third)
    for user, rol, visie in [(bestuurder, 2, 1), (bestuurder2, 2, 4), (third, 2, 4)]:
        response = _response(user, questionnaire, {"rol": rol, "visie": visie}, ["visie"])
        services.share_response(response=response, session=session, anonymous=False)

    summary = _session_summary(session, viewer=None)

    assert summary.agenda[0].question.key == "visie"
    assert dict(summary.agenda[0].counts)["4 – helemaal"] == 2
    assert summary.priorities[0][0].key == "visie"
    assert summary.priorities[0][1] == 3


def test_session_summary_pdf_downloads_without_errors(
    session, projectleider, client_for, questionnaire, bestuurder, caplog
):
    response = _response(bestuurder, questionnaire, {"rol": 3})
    services.share_response(response=response, session=session, anonymous=False)

    with caplog.at_level(logging.ERROR):
        download = client_for(projectleider).get(reverse("scan:session_pdf", args=[session.uuid]))

    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith('attachment; filename="scansessie-')
    text = pdf_text(download.content)
    assert "Stuurgroep Z&V" in text
    assert "Ken ik mijn eigen rol?" in text


def test_a_session_title_of_the_maximum_length_is_shortened_for_the_pdf_footer_only(
    session, projectleider
):
    session.title = ("Gezamenlijke sessie van de stuurgroep & raad " * 5)[:200]
    session.save()

    html = render_to_string(
        "scan/pdf/session.html",
        {
            "session": session,
            "summary": _session_summary(session, projectleider),
            "today": datetime.date.today(),
        },
    )

    short = escape(running_title_name(session.title))
    assert f'<h1 data-running-title="Scansessie: {short}">' in html
    assert f"Scansessie: {escape(session.title)}</h1>" in html


def test_uninviting_a_bestuurder_also_withdraws_the_share(
    session, questionnaire, bestuurder, bestuurder2
):
    response = _response(bestuurder, questionnaire, {"rol": 3})
    services.share_response(response=response, session=session, anonymous=True)

    services.set_invitees(session=session, invitees=[bestuurder2])

    assert not SharedResponse.objects.exists()


def test_invitee_cannot_edit_the_session(session, bestuurder, client_for):
    page = client_for(bestuurder).get(reverse("scan:session_edit", args=[session.uuid]))

    assert page.status_code == 403


def test_project_leader_changes_the_invitees(
    session, projectleider, client_for, region, bestuurder, bestuurder2
):
    membership = region.memberships.get(user=bestuurder2, role="bestuurder")
    client = client_for(projectleider)
    url = reverse("scan:session_edit", args=[session.uuid])

    assert client.get(url).status_code == 200
    page = client.post(url, {"title": "Nieuwe titel", "invitees": [membership.pk]})

    assert page.status_code == 302
    session.refresh_from_db()
    assert session.title == "Nieuwe titel"
    assert list(session.invitations.values_list("user_id", flat=True)) == [bestuurder2.pk]


def test_a_failure_while_setting_invitees_leaves_the_session_unchanged(
    session, projectleider, client_for, region, bestuurder2, monkeypatch
):
    membership = region.memberships.get(user=bestuurder2, role="bestuurder")
    old_title = session.title

    def fail(**kwargs):
        raise RuntimeError("forced failure")

    monkeypatch.setattr(services, "set_invitees", fail)
    client = client_for(projectleider)
    client.raise_request_exception = False

    client.post(
        reverse("scan:session_edit", args=[session.uuid]),
        {"title": "Nieuwe titel", "invitees": [membership.pk]},
    )

    session.refresh_from_db()
    assert session.title == old_title


def test_one_or_two_anonymous_answers_to_a_question_are_left_out_and_named_ones_listed(
    region, session, questionnaire, bestuurder, bestuurder2
):
    """Two named answers and one anonymous: listing the named values beside a total of three
    would give the anonymous answer away, so that answer is left out of the question."""
    third = MembershipFactory(region=region, wethouder=True).user
    SessionInvitation.objects.create(session=session, user=third)
    for user, anonymous in [(bestuurder, False), (bestuurder2, False), (third, True)]:
        response = _response(user, questionnaire, {"rol": 4 if anonymous else 1}, ["rol"])
        services.share_response(response=response, session=session, anonymous=anonymous)

    summary = _session_summary(session, viewer=None)

    rol = next(row for row in summary.agenda if row.question.key == "rol")
    assert rol.n == 2
    assert dict(rol.counts)["4 – helemaal"] == 0
    assert rol.priority_count == 2
    assert [name for name, _label in rol.named] == sorted(
        [bestuurder.full_name, bestuurder2.full_name]
    )
    assert summary.withheld_questions == 1
    assert len(summary.participants) == 2


def test_a_question_only_one_person_answered_anonymously_shows_no_count(
    region, session, questionnaire, bestuurder, bestuurder2, burgemeester, projectleider, client_for
):
    """Three scans shared anonymously, one of them the only burgemeester's: the question for
    burgemeesters has one anonymous answer, and everybody knows whose it is."""
    SessionInvitation.objects.create(session=session, user=burgemeester)
    for user, scales in [
        (bestuurder, {"rol": 2}),
        (bestuurder2, {"rol": 3}),
        (burgemeester, {"rol": 2, "huisverbod": 1}),
    ]:
        response = _response(user, questionnaire, scales)
        services.share_response(response=response, session=session, anonymous=True)

    rows = {row.question.key: row for row in _session_summary(session, viewer=None).agenda}
    page = client_for(projectleider).get(reverse("scan:session_detail", args=[session.uuid]))

    assert rows["rol"].n == 3
    assert rows["huisverbod"].n == 0
    assert "Ken ik mijn eigen rol?" in page.text
    assert escape(questionnaire.questions.get(key="huisverbod").text) not in page.text


def test_scans_shared_empty_do_not_unlock_one_persons_anonymous_answers(
    region, session, questionnaire, bestuurder, bestuurder2
):
    """Two invitees share a scan they have only just started; a third shares a filled-in scan
    anonymously. Three shares, but one person's answers: none of them is shown."""
    third = MembershipFactory(region=region, wethouder=True).user
    SessionInvitation.objects.create(session=session, user=third)
    for user, scales in [(bestuurder, {}), (bestuurder2, {}), (third, {"rol": 4, "visie": 1})]:
        response = _response(user, questionnaire, scales, ["visie"])
        services.share_response(response=response, session=session, anonymous=True)

    summary = _session_summary(session, viewer=None)

    assert all(row.n == 0 and row.priority_count == 0 for row in summary.agenda)
    assert summary.priorities == []
    assert summary.withheld_questions == 2


def test_a_question_of_another_version_is_not_counted_as_withheld(
    session, questionnaire, bestuurder
):
    """A scan on a newer version may hold answers to questions this session does not show:
    the warning counts only the session's own questions."""
    newer = QuestionFactory(key="alleen-in-versie-2").questionnaire
    response = ResponseFactory(user=bestuurder, questionnaire=newer)
    AnswerFactory(response=response, question=newer.questions.get(), scale=2)
    services.share_response(response=response, session=session, anonymous=True)

    summary = _session_summary(session, viewer=None)

    assert summary.withheld_questions == 0
    assert all(row.n == 0 for row in summary.agenda)


def test_a_bestuurder_whose_role_was_withdrawn_no_longer_opens_or_shares_in_the_session(
    session, region, questionnaire, bestuurder, bestuurder2, client_for
):
    """The invitation outlives the role in the region; the access it gave does not."""
    from django.core.exceptions import ValidationError

    from ghnt_portal.accounts.services import withdraw_membership

    services.share_response(
        response=_response(bestuurder, questionnaire, {"rol": 4}), session=session, anonymous=False
    )
    own = _response(bestuurder2, questionnaire, {"rol": 1})
    withdraw_membership(membership=bestuurder2.memberships.get(region=region))
    client = client_for(bestuurder2)

    assert client.get(reverse("scan:session_detail", args=[session.uuid])).status_code == 404
    assert client.get(reverse("scan:session_pdf", args=[session.uuid])).status_code == 404
    with pytest.raises(ValidationError):
        services.share_response(response=own, session=session, anonymous=False)
    assert not SharedResponse.objects.filter(user=bestuurder2).exists()


def test_two_others_plus_the_viewers_own_anonymous_answer_do_not_unlock_the_others(
    region, session, questionnaire, bestuurder, bestuurder2, projectleider, client_for
):
    """Three anonymous answers, one the viewer's own: taking it away from the counts would show
    the viewer the answers of the other two. The project leader, who shared nothing, sees all."""
    third = MembershipFactory(region=region, wethouder=True).user
    SessionInvitation.objects.create(session=session, user=third)
    for user, scale in [(bestuurder, 1), (bestuurder2, 4), (third, 4)]:
        response = _response(user, questionnaire, {"rol": scale}, ["rol"])
        services.share_response(response=response, session=session, anonymous=True)
    question = "Ken ik mijn eigen rol?"
    args = [session.uuid]
    viewer = client_for(bestuurder)

    page = viewer.get(reverse("scan:session_detail", args=args)).content.decode()
    pdf = pdf_text(viewer.get(reverse("scan:session_pdf", args=args)).content)

    assert "Te weinig anonieme antwoorden." in page
    assert question not in page
    assert question not in pdf
    assert question in client_for(projectleider).get(reverse("scan:session_detail", args=args)).text

    # A fourth answer makes three others, once the snapshot takes it in: after three changes.
    for scale in (2, 3, 1):
        other = MembershipFactory(region=region, wethouder=True).user
        SessionInvitation.objects.create(session=session, user=other)
        response = _response(other, questionnaire, {"rol": scale})
        services.share_response(response=response, session=session, anonymous=True)

    assert question in viewer.get(reverse("scan:session_detail", args=args)).text


def test_the_spread_table_box_that_scrolls_takes_keyboard_focus(
    bestuurder, client_for, session, questionnaire, projectleider
):
    """At 320 px the spread table scrolls in its own box: without focus a keyboard user could
    not scroll it (axe: scrollable-region-focusable, WCAG 2.1.1)."""
    response = _response(bestuurder, questionnaire, {"rol": 2})
    services.share_response(response=response, session=session, anonymous=False)

    page = client_for(projectleider).get(reverse("scan:session_detail", args=[session.uuid])).text

    assert re.search(
        r'<div class="table-scroll" tabindex="0" role="region" aria-labelledby="spread-caption">'
        r'\s*<table class="table scan-spread">\s*'
        r'<caption id="spread-caption" class="visually-hidden">Aantal antwoorden per stap',
        page,
    )


def test_withdrawing_a_share_twice_ends_on_the_result_page_both_times(
    bestuurder, client_for, session, questionnaire
):
    """A second click on "Delen intrekken" while the first was on its way gave "niet gevonden"."""
    response = _response(bestuurder, questionnaire, {"rol": 2})
    services.share_response(response=response, session=session, anonymous=True)
    client = client_for(bestuurder)
    url = reverse("scan:unshare", args=[response.uuid, session.uuid])

    first, second = client.post(url), client.post(url, follow=True)

    result = reverse("scan:result", args=[response.uuid])
    assert (first.status_code, first["Location"]) == (302, result)
    assert second.redirect_chain == [(result, 302)]
    assert "Het delen is ingetrokken." in second.text
    assert not SharedResponse.objects.exists()


def _selected_sessions(page: str) -> list[str]:
    """The values of the share form's selected session options."""
    select = page[page.index('name="session"') : page.index("</select>")]
    return re.findall(r'<option value="([^"]*)"[^>]*\bselected\b', select)


def test_the_share_link_on_the_scan_page_opens_the_form_with_that_session_chosen(
    bestuurder, client_for, session, questionnaire
):
    """The link opened the share form with no session chosen: "Delen" then gave an error."""
    response = _response(bestuurder, questionnaire, {"rol": 2})
    client = client_for(bestuurder)
    index = client.get(reverse("scan:index")).text
    link = reverse("scan:result", args=[response.uuid]) + f"?sessie={session.uuid}#delen"
    assert f'href="{link}"' in index

    page = client.get(link).text

    assert _selected_sessions(page) == [str(session.uuid)]


@pytest.mark.parametrize("value", ["geen-uuid", "", "123", "other"])
def test_a_session_that_cannot_be_shared_with_is_not_chosen_in_advance(
    value, bestuurder, client_for, session, questionnaire, region, projectleider
):
    response = _response(bestuurder, questionnaire, {"rol": 2})
    if value == "other":
        value = ScanSessionFactory(region=region, created_by=projectleider).uuid
    url = reverse("scan:result", args=[response.uuid]) + f"?sessie={value}"

    answer = client_for(bestuurder).get(url)

    assert answer.status_code == 200
    assert _selected_sessions(answer.text) == [""]  # the empty choice, as without the parameter
    assert str(session.uuid) in answer.text

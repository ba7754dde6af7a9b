"""Every multi-row write is one transaction: when a later step fails, nothing of the earlier
steps is left behind (each test forces a failure half-way)."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from governance import reference
from governance import services as governance_services
from governance.constants import AgendaAsk, ItemStatus
from governance.forms import AnswerForm
from governance.models import AgendaItem, Assessment, AssessmentAnswer, Meeting
from regions import services as regions_services
from regions.models import GovernanceBody, Seat
from scan import services as scan_services
from scan.models import Answer, Response
from tests.factories import (
    BodyFormFactory,
    DomainFactory,
    GovernanceBodyFactory,
    PartnerOrganisationFactory,
    SeatFactory,
)
from tests.governance.factories import AssessmentFactory, MeetingFactory
from tests.locking import form_data, page_lock
from tests.scan.factories import (
    AnswerFactory,
    QuestionFactory,
    QuestionnaireFactory,
    ResponseFactory,
    ThemeFactory,
)


class Boom(Exception):
    """The failure forced half-way through a write."""


def fail_on_call(number: int, original):
    """A side effect that lets the first calls through and fails on call ``number``."""
    calls = []

    def side_effect(*args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            raise Boom
        return original(*args, **kwargs)

    return side_effect


# --- regions ---------------------------------------------------------------------------------


def test_a_new_body_is_not_saved_when_setting_its_domains_fails(region):
    body = GovernanceBody(region=region, name="Nieuw overleg", form=BodyFormFactory())
    domains = [DomainFactory(slug="jeugd")]
    manager = GovernanceBody.domains.related_manager_cls

    with mock.patch.object(manager, "set", side_effect=Boom), pytest.raises(Boom):
        regions_services.body_save(body=body, domains=domains)

    assert not GovernanceBody.objects.filter(name="Nieuw overleg").exists()


def test_a_changed_body_keeps_its_old_name_when_setting_its_domains_fails(region):
    body = GovernanceBodyFactory(region=region, name="Oude naam")
    body.name = "Nieuwe naam"
    manager = GovernanceBody.domains.related_manager_cls

    with mock.patch.object(manager, "set", side_effect=Boom), pytest.raises(Boom):
        regions_services.body_save(body=body, domains=[DomainFactory(slug="zorg")])

    assert GovernanceBody.objects.get(pk=body.pk).name == "Oude naam"


def test_deleting_a_body_keeps_the_reporting_lines_when_the_deletion_fails(region):
    parent = GovernanceBodyFactory(region=region, name="Bestuurlijk overleg")
    child = GovernanceBodyFactory(region=region, name="Werkgroep", reports_to=parent)
    SeatFactory(body=parent)

    with mock.patch.object(GovernanceBody, "delete", side_effect=Boom), pytest.raises(Boom):
        regions_services.body_delete(body=parent)

    child.refresh_from_db()
    assert child.reports_to == parent
    assert Seat.objects.filter(body=parent).count() == 1


def test_deleting_a_partner_keeps_the_seats_it_was_represented_by_when_the_deletion_fails(region):
    partner = PartnerOrganisationFactory(region=region)
    seat = SeatFactory(body=GovernanceBodyFactory(region=region), represents_partner=partner)

    with mock.patch.object(type(partner), "delete", side_effect=Boom), pytest.raises(Boom):
        regions_services.partner_delete(partner=partner)

    seat.refresh_from_db()
    assert seat.represents_partner == partner


# --- governance ------------------------------------------------------------------------------


@pytest.fixture
def checklist(db):
    reference.load_checklist(reference.read_checklist())


def test_starting_a_round_saves_nothing_when_copying_the_answers_fails(region, checklist):
    first = governance_services.start_assessment(
        region=region, body=None, on=datetime.date(2026, 1, 1)
    )
    answers_before = AssessmentAnswer.objects.count()

    with (
        mock.patch.object(AssessmentAnswer.objects, "bulk_create", side_effect=Boom),
        pytest.raises(Boom),
    ):
        governance_services.start_assessment(region=region, body=None, on=datetime.date(2026, 2, 1))

    assert list(Assessment.objects.all()) == [first]
    assert AssessmentAnswer.objects.count() == answers_before


def test_saving_a_rounds_answers_is_all_or_nothing(region, checklist):
    assessment = governance_services.start_assessment(
        region=region, body=None, on=datetime.date(2026, 1, 1)
    )
    answers = list(assessment.answers.select_related("item")[:2])
    forms = []
    for answer in answers:
        shown = AnswerForm(instance=answer, prefix=f"a{answer.pk}")
        form = AnswerForm(
            {**form_data(shown), shown["status"].html_name: ItemStatus.DONE},
            instance=answer,
            prefix=f"a{answer.pk}",
        )
        assert form.is_valid(), form.errors
        forms.append(form)

    with (
        mock.patch.object(
            AssessmentAnswer,
            "save",
            autospec=True,
            side_effect=fail_on_call(2, AssessmentAnswer.save),
        ),
        pytest.raises(Boom),
    ):
        governance_services.save_answers(forms=forms)

    assert not AssessmentAnswer.objects.filter(status=ItemStatus.DONE).exists()


def test_a_new_meeting_is_not_saved_when_recording_who_was_present_fails(
    client_for, projectleider, region
):
    body = GovernanceBodyFactory(region=region)
    seat = SeatFactory(body=body)
    url = reverse("governance:meeting_create", args=[region.slug, body.uuid])
    data = {"date": "2026-05-01", "place": "Stadhuis", "present_seats": [seat.pk]}
    manager = Meeting.present_seats.related_manager_cls

    with mock.patch.object(manager, "set", side_effect=Boom), pytest.raises(Boom):
        client_for(projectleider).post(url, data)

    assert not Meeting.objects.exists()


def test_a_new_agenda_item_is_not_saved_when_linking_its_checklist_points_fails(
    client_for, projectleider, region, checklist
):
    meeting = MeetingFactory(body=GovernanceBodyFactory(region=region))
    item = reference_item()
    url = reverse("governance:agenda_item_create", args=[region.slug, meeting.uuid])
    data = {
        "order": 1,
        "title": "Stand van zaken",
        "ask": AgendaAsk.values[0],
        "checklist_items": [item.pk],
    }
    manager = AgendaItem.checklist_items.related_manager_cls

    with mock.patch.object(manager, "set", side_effect=Boom), pytest.raises(Boom):
        client_for(projectleider).post(url, data)

    assert not AgendaItem.objects.exists()


def test_changing_a_rounds_participants_keeps_the_old_date_when_it_fails(
    client_for, projectleider, region
):
    body = GovernanceBodyFactory(region=region)
    seat = SeatFactory(body=body)
    assessment = AssessmentFactory(region=region, body=body, date=datetime.date(2026, 3, 1))
    url = reverse("governance:assessment_edit", args=[region.slug, assessment.uuid])
    manager = Assessment.participant_seats.related_manager_cls

    client = client_for(projectleider)
    lock = page_lock(client, url)

    with mock.patch.object(manager, "set", side_effect=Boom), pytest.raises(Boom):
        client.post(
            url, {"date": "2026-04-01", "participant_seats": [seat.pk], "participants": "", **lock}
        )

    assessment.refresh_from_db()
    assert assessment.date == datetime.date(2026, 3, 1)


def reference_item():
    from governance.models import ChecklistItem

    return ChecklistItem.objects.order_by("pk").first()


# --- scan ------------------------------------------------------------------------------------


@pytest.fixture
def questionnaire(db):
    questionnaire = QuestionnaireFactory(is_published=True)
    theme = ThemeFactory(questionnaire=questionnaire, order=1, key="thema-1")
    QuestionFactory(theme=theme, key="rol", order=1)
    QuestionFactory(theme=theme, key="visie", order=2)
    return questionnaire


def test_a_new_scan_round_saves_nothing_when_copying_the_answers_fails(
    bestuurder, region, questionnaire
):
    old = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)
    for question in questionnaire.questions.all():
        AnswerFactory(response=old, question=question, scale=2)

    with (
        mock.patch.object(Answer.objects, "bulk_create", side_effect=Boom),
        pytest.raises(Boom),
    ):
        scan_services.start_new_round(previous=old)

    assert list(Response.objects.all()) == [old]
    assert Answer.objects.count() == 2


def test_saving_a_theme_page_of_the_scan_is_all_or_nothing(bestuurder, region, questionnaire):
    response = ResponseFactory(user=bestuurder, questionnaire=questionnaire, region=region)
    items = [(question, {"scale": 3}) for question in questionnaire.questions.order_by("order")]

    with (
        mock.patch.object(Answer, "save", autospec=True, side_effect=fail_on_call(2, Answer.save)),
        pytest.raises(Boom),
    ):
        scan_services.save_answers(response=response, items=items)

    assert not Answer.objects.filter(response=response).exists()


# --- accounts --------------------------------------------------------------------------------


def test_accepting_an_invitation_creates_no_account_when_granting_the_role_fails(
    projectleider, region
):
    from ghnt_portal.accounts import services as account_services
    from ghnt_portal.accounts.models import Invitation, User
    from regions.constants import RegionRole
    from regions.models import Membership

    invitation = account_services.invite_person(
        region=region,
        email="nieuw@example.org",
        role=RegionRole.STUURGROEPLID,
        invited_by=projectleider,
        absolute_url=lambda path: f"https://portaal.example.org{path}",
    )

    with (
        mock.patch.object(Membership.objects, "update_or_create", side_effect=Boom),
        pytest.raises(Boom),
    ):
        account_services.accept_invitation_as_new_user(
            invitation=invitation, full_name="Nina Nieuw", password="een-heel-lang-wachtwoord-9"
        )

    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None

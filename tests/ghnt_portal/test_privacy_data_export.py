"""AVG: a user downloads their own data (JSON) and deletes their own scan responses."""

import json

import pytest
from django.urls import reverse

from ghnt_portal.accounts.models import Invitation
from regions.constants import RegionRole
from scan.models import Answer, Response
from tests.conftest import ROLES
from tests.factories import GovernanceBodyFactory, MembershipFactory, SeatFactory
from tests.scan.factories import (
    AnswerFactory,
    ResponseFactory,
    ScanSessionFactory,
    SessionInvitationFactory,
    SharedResponseFactory,
)


@pytest.fixture
def own_and_foreign_data(region, bestuurder, projectleider):
    """The bestuurder's own seat, scan with an answer and invitation; the same of someone else."""
    body = GovernanceBodyFactory(region=region, name="Stuurgroep Testland")
    SeatFactory(body=body, user=bestuurder, person_name="Wil Eigen")
    SeatFactory(body=body, user=projectleider, person_name="Piet Ander")
    own = ResponseFactory(user=bestuurder, region=region)
    AnswerFactory(
        response=own, question__questionnaire=own.questionnaire, reflection="Mijn eigen reflectie"
    )
    foreign = ResponseFactory(user=projectleider, region=region)
    AnswerFactory(
        response=foreign,
        question__questionnaire=foreign.questionnaire,
        reflection="Reflectie van een ander",
    )
    for sender, email in ((bestuurder, "eigen@example.org"), (projectleider, "ander@example.org")):
        Invitation.objects.create(
            email=email,
            region=region,
            role=RegionRole.STUURGROEPLID,
            token_hash=Invitation.hash_token(email),
            invited_by=sender,
        )
    return own, foreign


def test_the_download_holds_the_users_own_data_and_nothing_of_others(
    client_for, bestuurder, own_and_foreign_data
):
    own, _ = own_and_foreign_data
    answer = client_for(bestuurder).get(reverse("privacy:my_data_download"))

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")
    assert "attachment" in answer["Content-Disposition"]
    data = json.loads(answer.content)
    assert data["account"]["e_mailadres"] == bestuurder.email
    assert [m["rol"] for m in data["rollen_in_regio"]] == [RegionRole.BESTUURDER]
    assert [s["naam"] for s in data["zetels"]] == ["Wil Eigen"]
    assert [s["kenmerk"] for s in data["scans"]] == [str(own.uuid)]
    assert [a["reflectie"] for a in data["scans"][0]["antwoorden"]] == ["Mijn eigen reflectie"]
    assert [i["e_mailadres"] for i in data["verstuurde_uitnodigingen"]] == ["eigen@example.org"]
    text = answer.content.decode()
    assert "Reflectie van een ander" not in text
    assert "Piet Ander" not in text
    assert "ander@example.org" not in text


@pytest.mark.parametrize("role_client", [r for r in ROLES if r != "anonymous"], indirect=True)
def test_every_logged_in_role_sees_only_their_own_email_on_the_page_and_download(
    role_client, own_and_foreign_data, projectleider
):
    _role, user, client = role_client
    page = client.get(reverse("privacy:my_data"))
    download = client.get(reverse("privacy:my_data_download"))

    assert page.status_code == 200
    assert user.email in page.content.decode()
    assert json.loads(download.content)["account"]["e_mailadres"] == user.email
    if user != projectleider:
        assert projectleider.email not in download.content.decode()


def test_anonymous_is_sent_to_login_for_my_data(client_for):
    client = client_for(None)
    for name in ("my_data", "my_data_download", "delete_my_responses"):
        answer = client.get(reverse(f"privacy:{name}"))
        assert answer.status_code == 302
        assert answer["Location"].startswith(reverse("accounts:login"))


def test_deleting_my_scans_asks_first_then_removes_all_mine_and_none_of_others(
    client_for, bestuurder, own_and_foreign_data
):
    own, foreign = own_and_foreign_data
    second_round = ResponseFactory(
        user=bestuurder, region=own.region, questionnaire=own.questionnaire, round=2, previous=own
    )
    client = client_for(bestuurder)
    url = reverse("privacy:delete_my_responses")

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Weet u zeker" in confirm.content.decode()
    assert Response.objects.filter(user=bestuurder).count() == 2

    done = client.post(url)

    assert done.status_code == 302
    assert not Response.objects.filter(user=bestuurder).exists()
    assert not Response.objects.filter(pk=second_round.pk).exists()
    assert not Answer.objects.filter(response__user=bestuurder).exists()
    assert Response.objects.filter(pk=foreign.pk).exists()
    assert Answer.objects.filter(response=foreign).count() == 1


def test_my_data_page_shows_my_name_escaped(client_for, bestuurder):
    bestuurder.full_name = "<b>Wil</b>"
    bestuurder.save()

    page = client_for(bestuurder).get(reverse("privacy:my_data")).content.decode()

    assert "&lt;b&gt;Wil&lt;/b&gt;" in page
    assert "<b>Wil</b>" not in page


def test_a_scan_whose_region_was_deleted_is_still_in_the_download(client_for, bestuurder, region):
    response = ResponseFactory(user=bestuurder, region=region)
    region.delete()
    client = client_for(bestuurder)

    page = client.get(reverse("privacy:my_data"))
    download = client.get(reverse("privacy:my_data_download"))

    assert page.status_code == 200
    scans = json.loads(download.content)["scans"]
    assert [(s["kenmerk"], s["regio"]) for s in scans] == [(str(response.uuid), None)]


def test_the_download_and_page_hold_the_invitations_addressed_to_the_user(
    client_for, region, projectleider, bestuurder
):
    def invite(email, portfolio, **extra):
        Invitation.objects.create(
            email=email,
            region=region,
            role=RegionRole.STUURGROEPLID,
            portfolio=portfolio,
            token_hash=Invitation.hash_token(portfolio),
            invited_by=projectleider,
            **extra,
        )

    invite(bestuurder.email.upper(), "Jeugd")
    invite("oud-adres@example.org", "Wmo", accepted_by=bestuurder)
    invite("iemand-anders@example.org", "Veiligheid")
    client = client_for(bestuurder)

    page = client.get(reverse("privacy:my_data")).text
    data = json.loads(client.get(reverse("privacy:my_data_download")).content)

    received = data["ontvangen_uitnodigingen"]
    assert [(i["e_mailadres"], i["portefeuille"]) for i in received] == [
        (bestuurder.email.upper(), "Jeugd"),
        ("oud-adres@example.org", "Wmo"),
    ]
    assert {i["uitgenodigd_door"] for i in received} == {projectleider.full_name}
    assert "Jeugd" in page
    assert "Wmo" in page
    assert "Veiligheid" not in json.dumps(data) + page


def test_my_data_has_one_dutch_start_crumb(client_for, bestuurder):
    page = client_for(bestuurder).get(reverse("privacy:my_data")).content.decode()

    assert page.count('class="breadcrumb-item') == 2  # Start › Mijn gegevens
    assert "Voorpagina" not in page  # Django's translation of the English "Home"


def test_the_download_holds_what_the_user_shared_in_scan_sessions_and_nothing_of_others(
    client_for, region, bestuurder, own_and_foreign_data
):
    own, _ = own_and_foreign_data
    colleague = MembershipFactory(region=region, wethouder=True).user
    session = ScanSessionFactory(region=region, title="Stuurgroep Testland mei")
    other = ScanSessionFactory(region=region, title="Sessie zonder mij")
    SessionInvitationFactory(session=session, user=bestuurder)
    SessionInvitationFactory(session=other, user=colleague)
    SharedResponseFactory(session=session, response=own, anonymous=True)
    SharedResponseFactory(session=other, response__user=colleague, anonymous=False)

    answer = client_for(bestuurder).get(reverse("privacy:my_data_download"))

    data = json.loads(answer.content)
    assert [(s["sessie"], s["scan"], s["anoniem"]) for s in data["gedeelde_scans"]] == [
        ("Stuurgroep Testland mei", str(own.uuid), True)
    ]
    assert [i["sessie"] for i in data["uitnodigingen_scansessies"]] == ["Stuurgroep Testland mei"]
    assert "Sessie zonder mij" not in answer.content.decode()

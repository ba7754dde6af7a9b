"""A project leader invites people to their own region; the invited person accepts the link."""

import re
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.http import urlencode

from ghnt_portal.accounts import services
from ghnt_portal.accounts.constants import INVITATION_RESEND_INTERVAL, INVITATION_VALID_DAYS
from ghnt_portal.accounts.models import Invitation, User
from ghnt_portal.accounts.views import OPENED_INVITATION_SESSION_KEY
from regions.constants import BestuurderFunction, RegionRole
from regions.models import Membership
from tests.factories import TEST_PASSWORD, MembershipFactory, MunicipalityFactory, UserFactory

# The invitation mail leaves when the request commits (transaction.on_commit).
pytestmark = pytest.mark.usefixtures("commit_per_request")

NEW_PASSWORD = "Paarse-olifant-2026!"


def invite_url(region):
    return reverse("accounts:invite", kwargs={"region_slug": region.slug})


def people_url(region):
    return reverse("accounts:region_people", kwargs={"region_slug": region.slug})


def link_from_mail(message) -> str:
    match = re.search(r"https?://\S+/account/uitnodiging/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


@pytest.fixture
def invited(region, projectleider, client_for):
    """A wethouder invited by the project leader; gives (invitation, link path)."""
    municipality = MunicipalityFactory(region=region, name="Testdorp")
    response = client_for(projectleider).post(
        invite_url(region),
        {
            "email": "Nieuwe.Wethouder@Example.nl",
            "role": RegionRole.BESTUURDER,
            "function": BestuurderFunction.WETHOUDER,
            "portfolio": "Jeugd en Wmo",
            "municipality": municipality.pk,
        },
    )
    assert response.status_code == 302, response.content
    assert response.url == people_url(region)
    return Invitation.objects.get(), path_of(link_from_mail(mail.outbox[-1]))


def test_project_leader_invites_a_wethouder_and_a_mail_with_the_link_is_sent(
    invited, region, projectleider
):
    invitation, _link = invited

    assert invitation.email == "nieuwe.wethouder@example.nl"
    assert invitation.region == region
    assert invitation.invited_by == projectleider
    assert invitation.function == BestuurderFunction.WETHOUDER
    assert invitation.is_usable
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuwe.wethouder@example.nl"]
    assert region.name in message.subject
    assert "wethouder" in message.body


def test_only_a_hash_of_the_token_is_stored(invited):
    invitation, link = invited
    token = link.rstrip("/").rsplit("/", 1)[-1]

    assert token not in invitation.token_hash
    assert invitation.token_hash == Invitation.hash_token(token)


def test_pending_invitation_is_listed_on_the_people_page(
    invited, region, projectleider, client_for
):
    response = client_for(projectleider).get(people_url(region))

    assert response.status_code == 200
    assert "nieuwe.wethouder@example.nl" in response.text
    assert "Openstaande uitnodigingen" in response.text


def test_the_invitation_page_is_kept_by_no_browser_or_proxy(invited, client):
    """Anonymous, yet it shows the invited address and asks for a password."""
    _, link = invited

    response = client.get(link, follow=True)

    assert response.status_code == 200
    assert "nieuwe.wethouder@example.nl" in response.text.lower()
    assert "no-store" in response["Cache-Control"]


OPENED_INVITATION_URL = reverse("accounts:accept_opened_invitation")


def test_opening_the_link_moves_the_token_out_of_the_address(invited, client):
    """As Django's password reset: the page's own address (history, Referer) has no token."""
    invitation, link = invited
    token = link.rstrip("/").rsplit("/", 1)[-1]

    response = client.get(link)

    assert response.status_code == 302
    assert response.url == OPENED_INVITATION_URL
    assert token not in response.url
    # The session keeps the hash, as the database does: its table holds no usable link.
    assert token not in str(dict(client.session))
    assert client.session[OPENED_INVITATION_SESSION_KEY] == invitation.token_hash


def test_new_person_accepts_on_the_page_without_the_token(invited, client, region):
    invitation, link = invited
    page = client.get(link, follow=True)
    assert page.redirect_chain == [(OPENED_INVITATION_URL, 302)]
    assert "Account aanmaken" in page.text

    response = client.post(
        OPENED_INVITATION_URL,
        {"full_name": "Anna de Vries", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.wethouder@example.nl")
    assert Membership.objects.filter(user=user, region=region).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert OPENED_INVITATION_SESSION_KEY not in client.session


def test_a_field_error_on_the_page_without_the_token_keeps_the_invitation(invited, client):
    _, link = invited
    client.get(link)

    response = client.post(
        OPENED_INVITATION_URL, {"full_name": "Anna", "password1": "12345", "password2": "12345"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert "nieuwe.wethouder@example.nl" in response.text.lower()


def test_the_page_without_the_token_needs_an_opened_link(client, db):
    response = client.get(OPENED_INVITATION_URL)

    assert response.status_code == 404
    assert "Open de link uit de e-mail met de uitnodiging (opnieuw)." in response.text


def test_the_page_without_the_token_says_when_the_opened_invitation_was_withdrawn(invited, client):
    invitation, link = invited
    client.get(link)
    services.withdraw_invitation(invitation=invitation)

    response = client.get(OPENED_INVITATION_URL)

    assert response.status_code == 410
    assert "ingetrokken" in response.text


def test_new_person_sets_name_and_password_and_gets_the_role(invited, client, region):
    invitation, link = invited

    page = client.get(link, follow=True)
    assert page.status_code == 200
    assert "Account aanmaken" in page.text

    response = client.post(
        link,
        {"full_name": "Anna de Vries", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    user = User.objects.get(email="nieuwe.wethouder@example.nl")
    assert user.full_name == "Anna de Vries"
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user, region=region)
    assert membership.role == RegionRole.BESTUURDER
    assert membership.function == BestuurderFunction.WETHOUDER
    assert membership.portfolio == "Jeugd en Wmo"
    assert membership.municipality.name == "Testdorp"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert invitation.accepted_by == user


def test_weak_password_gives_a_field_error_and_creates_nobody(invited, client):
    _, link = invited

    response = client.post(link, {"full_name": "Anna", "password1": "12345", "password2": "12345"})

    assert response.status_code == 200
    assert response.context["form"].errors["password1"]
    assert "<title>Fout: Uitnodiging aannemen" in response.text
    assert not User.objects.filter(email="nieuwe.wethouder@example.nl").exists()
    assert Invitation.objects.get().accepted_at is None


def test_different_passwords_give_a_dutch_error(invited, client):
    _, link = invited

    response = client.post(
        link, {"full_name": "Anna", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"}
    )

    assert "De twee wachtwoorden zijn niet gelijk." in response.text
    assert not User.objects.filter(email="nieuwe.wethouder@example.nl").exists()


def test_used_link_gives_a_clear_message(invited, client):
    _, link = invited
    client.post(link, {"full_name": "Anna", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    response = client_again = client.get(link)

    assert client_again.status_code == 410
    assert "al aangenomen" in response.text
    assert User.objects.filter(email="nieuwe.wethouder@example.nl").count() == 1


def test_expired_link_gives_a_clear_message(invited, client):
    invitation, link = invited
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    response = client.post(
        link, {"full_name": "Anna", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 410
    assert "verlopen" in response.text
    assert not User.objects.filter(email="nieuwe.wethouder@example.nl").exists()


def test_withdrawn_link_gives_a_clear_message(invited, client, client_for, projectleider, region):
    invitation, link = invited
    withdraw = reverse(
        "accounts:withdraw_invitation",
        kwargs={"region_slug": region.slug, "uuid": invitation.uuid},
    )
    assert client_for(projectleider).get(withdraw).status_code == 200
    assert client_for(projectleider).post(withdraw).status_code == 302

    response = client.get(link)

    assert response.status_code == 410
    assert "ingetrokken" in response.text
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


def test_withdrawing_an_invitation_accepted_meanwhile_gives_a_dutch_message(
    invited, client_for, projectleider, region, monkeypatch
):
    """The invitation is accepted after the page looked it up, before it is withdrawn."""
    invitation, _link = invited
    withdraw = reverse(
        "accounts:withdraw_invitation",
        kwargs={"region_slug": region.slug, "uuid": invitation.uuid},
    )
    newcomer = UserFactory(email=invitation.email)
    withdraw_unchanged = services.withdraw_invitation

    def accepted_first(*, invitation):
        services.accept_invitation_as_existing_user(invitation=invitation, user=newcomer)
        return withdraw_unchanged(invitation=invitation)

    monkeypatch.setattr(services, "withdraw_invitation", accepted_first)

    response = client_for(projectleider).post(withdraw, follow=True)

    assert response.redirect_chain == [(people_url(region), 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Deze uitnodiging kan niet meer worden ingetrokken: die is inmiddels aangenomen."
    ]
    invitation.refresh_from_db()
    assert invitation.accepted_by == newcomer
    assert invitation.withdrawn_at is None
    assert Membership.objects.filter(user=newcomer, region=region).exists()


def test_unknown_link_gives_404_with_a_dutch_message(client, db):
    response = client.get(reverse("accounts:accept_invitation", kwargs={"token": "onzin"}))

    assert response.status_code == 404
    assert "Deze link kennen we niet" in response.text


def test_existing_user_is_asked_to_log_in_first(region, projectleider, client_for, client):
    existing = UserFactory(email="stuur@example.nl")
    client_for(projectleider).post(
        invite_url(region), {"email": "stuur@example.nl", "role": RegionRole.STUURGROEPLID}
    )
    link = path_of(link_from_mail(mail.outbox[-1]))

    response = client.get(link, follow=True)

    assert response.status_code == 200
    assert reverse("accounts:login") in response.text
    assert not Membership.objects.filter(user=existing).exists()


def test_existing_user_accepts_after_logging_in_and_keeps_other_roles(
    region, other_region, projectleider, client_for
):
    existing = MembershipFactory(region=other_region, role=RegionRole.STUURGROEPLID).user
    client_for(projectleider).post(
        invite_url(region), {"email": existing.email.upper(), "role": RegionRole.STUURGROEPLID}
    )
    link = path_of(link_from_mail(mail.outbox[-1]))
    client = client_for(existing)

    assert "Uitnodiging aannemen" in client.get(link, follow=True).text
    response = client.post(link)

    assert response.status_code == 302
    assert set(existing.memberships.values_list("region__slug", flat=True)) == {
        region.slug,
        other_region.slug,
    }
    assert User.objects.filter(email__iexact=existing.email).count() == 1


def test_existing_user_logs_in_and_accepts_without_the_token_in_any_address(
    region, projectleider, client_for, client
):
    existing = UserFactory(email="stuur@example.nl")
    client_for(projectleider).post(
        invite_url(region), {"email": "stuur@example.nl", "role": RegionRole.STUURGROEPLID}
    )
    link = path_of(link_from_mail(mail.outbox[-1]))
    page = client.get(link, follow=True)
    login_url = f"{reverse('accounts:login')}?{urlencode({'next': OPENED_INVITATION_URL})}"
    assert login_url in page.text

    logged_in = client.post(
        login_url,
        {
            "login_view-current_step": "auth",
            "auth-username": existing.email,
            "auth-password": TEST_PASSWORD,
        },
        follow=True,
    )
    assert logged_in.redirect_chain[-1] == (OPENED_INVITATION_URL, 302)
    assert "Uitnodiging aannemen" in logged_in.text
    response = client.post(OPENED_INVITATION_URL)

    assert response.status_code == 302
    assert existing.memberships.get().region == region


def withdraw(invitation):
    services.withdraw_invitation(invitation=invitation)


def expire(invitation):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )


@pytest.mark.parametrize(
    ("close", "explanation"),
    [
        pytest.param(withdraw, "ingetrokken", id="withdrawn"),
        pytest.param(expire, "verlopen", id="expired"),
    ],
)
def test_existing_user_accepting_an_invitation_closed_meanwhile_gets_a_dutch_message(
    region, projectleider, client_for, monkeypatch, close, explanation
):
    """The invitation is closed after the link's page looked it up, before it is accepted."""
    existing = UserFactory(email="stuur@example.nl")
    client_for(projectleider).post(
        invite_url(region), {"email": "stuur@example.nl", "role": RegionRole.STUURGROEPLID}
    )
    link = path_of(link_from_mail(mail.outbox[-1]))
    accept_unchanged = services.accept_invitation_as_existing_user

    def closed_first(*, invitation, user):
        close(invitation)
        return accept_unchanged(invitation=invitation, user=user)

    monkeypatch.setattr(services, "accept_invitation_as_existing_user", closed_first)

    response = client_for(existing).post(link, follow=True)

    assert response.redirect_chain == [(link, 302)]
    assert response.status_code == 410
    assert [str(message) for message in response.context["messages"]] == [
        "Deze uitnodiging is niet meer te gebruiken."
    ]
    assert explanation in response.text
    assert Invitation.objects.get().accepted_at is None
    assert not Membership.objects.filter(user=existing).exists()


def test_link_for_an_existing_account_cannot_be_used_by_another_logged_in_user(
    region, projectleider, client_for, stuurgroeplid
):
    UserFactory(email="stuur@example.nl")
    client_for(projectleider).post(
        invite_url(region), {"email": "stuur@example.nl", "role": RegionRole.STUURGROEPLID}
    )
    link = path_of(link_from_mail(mail.outbox[-1]))

    response = client_for(stuurgroeplid).post(link)

    assert response.status_code == 403
    assert Invitation.objects.get().accepted_at is None


def test_bad_email_gives_a_field_error_and_saves_nothing(region, projectleider, client_for):
    response = client_for(projectleider).post(
        invite_url(region), {"email": "geen-adres", "role": RegionRole.STUURGROEPLID}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    # The title says so first, as on the other form pages.
    assert "<title>Fout: Iemand uitnodigen voor Regio Testland" in response.text
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_bestuurder_needs_a_function(region, projectleider, client_for):
    response = client_for(projectleider).post(
        invite_url(region), {"email": "b@example.nl", "role": RegionRole.BESTUURDER}
    )

    assert "Kies voor een bestuurder of het een burgemeester of wethouder is." in response.text
    assert not Invitation.objects.exists()


def test_function_is_refused_for_a_stuurgroeplid(region, projectleider, client_for):
    response = client_for(projectleider).post(
        invite_url(region),
        {"email": "b@example.nl", "role": RegionRole.STUURGROEPLID, "function": "burgemeester"},
    )

    assert response.context["form"].errors["function"]
    assert not Invitation.objects.exists()


def test_municipality_of_another_region_is_refused(region, other_region, projectleider, client_for):
    elsewhere = MunicipalityFactory(region=other_region)

    response = client_for(projectleider).post(
        invite_url(region),
        {
            "email": "b@example.nl",
            "role": RegionRole.BESTUURDER,
            "function": "wethouder",
            "municipality": elsewhere.pk,
        },
    )

    assert response.context["form"].errors["municipality"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("role", ["beheerder", "landelijk", "superuser"])
def test_a_project_leader_cannot_invite_to_a_national_role(region, projectleider, client_for, role):
    response = client_for(projectleider).post(
        invite_url(region), {"email": "b@example.nl", "role": role}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["role"]
    assert not Invitation.objects.exists()


def test_fields_outside_the_invitation_form_are_ignored(
    region, other_region, projectleider, client_for
):
    response = client_for(projectleider).post(
        invite_url(region),
        {
            "email": "b@example.nl",
            "role": RegionRole.PROJECTLEIDER,
            "region": other_region.pk,
            "invited_by": UserFactory(beheerder=True).pk,
            "is_beheerder": "on",
            "accepted_at": "2026-01-01T00:00",
            "token_hash": "0" * 64,
        },
    )

    invitation = Invitation.objects.get()
    assert response.status_code == 302
    assert (invitation.region, invitation.invited_by, invitation.accepted_at) == (
        region,
        projectleider,
        None,
    )
    assert invitation.token_hash != "0" * 64


def test_the_service_refuses_a_municipality_of_another_region(region, other_region, projectleider):
    elsewhere = MunicipalityFactory(region=other_region)

    with pytest.raises(ValidationError) as refused:
        services.invite_person(
            region=region,
            email="wethouder@example.nl",
            role=RegionRole.BESTUURDER,
            function=BestuurderFunction.WETHOUDER,
            municipality=elsewhere,
            invited_by=projectleider,
            absolute_url=lambda path: f"https://portaal.example{path}",
        )

    assert refused.value.message_dict == {"municipality": ["Kies een gemeente uit deze regio."]}
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_inviting_someone_who_already_has_the_role_is_refused(
    region, projectleider, stuurgroeplid, client_for
):
    response = client_for(projectleider).post(
        invite_url(region), {"email": stuurgroeplid.email, "role": RegionRole.STUURGROEPLID}
    )

    assert "Deze persoon heeft deze rol al in de regio." in response.text
    assert not Invitation.objects.exists()


def test_a_second_open_invitation_for_the_same_role_is_refused(
    invited, region, projectleider, client_for
):
    response = client_for(projectleider).post(
        invite_url(region),
        {
            "email": "nieuwe.wethouder@example.nl",
            "role": RegionRole.BESTUURDER,
            "function": "wethouder",
        },
    )

    assert response.context["form"].errors["email"]
    assert Invitation.objects.count() == 1


def test_beheerder_may_invite_to_any_region(region, beheerder, client_for):
    response = client_for(beheerder).post(
        invite_url(region), {"email": "pl@example.nl", "role": RegionRole.PROJECTLEIDER}
    )

    assert response.status_code == 302
    assert Invitation.objects.get().role == RegionRole.PROJECTLEIDER


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("other_projectleider", 404),
        ("stuurgroeplid", 403),
        ("bestuurder", 403),
        ("landelijk", 403),
    ],
    indirect=["role_client"],
)
def test_others_cannot_invite(role_client, expected, region):
    _, _, client = role_client

    get = client.get(invite_url(region))
    post = client.post(invite_url(region), {"email": "x@example.nl", "role": "stuurgroeplid"})

    assert get.status_code == expected
    assert post.status_code == expected
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_anonymous_is_sent_to_login(region, client):
    response = client.get(invite_url(region))

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


# --- Sending an invitation again ------------------------------------------------------------


def resend_url(invitation):
    return reverse(
        "accounts:resend_invitation",
        kwargs={"region_slug": invitation.region.slug, "uuid": invitation.uuid},
    )


def sent_a_while_ago(invitation):
    """As if the last mail went out two minutes ago: past the limit of one per minute."""
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(minutes=2)
    )


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def moment(value) -> str:
    """As the portal writes a moment: "3 maart 2026, 14:05"."""
    return dateformat.format(timezone.localtime(value), "j F Y, H:i")


def test_resending_mails_a_new_link_and_the_old_link_stops_working(
    invited, client, client_for, projectleider, region
):
    invitation, old_link = invited
    sent_a_while_ago(invitation)

    response = client_for(projectleider).post(resend_url(invitation), follow=True)

    assert response.redirect_chain == [(people_url(region), 302)]
    invitation.refresh_from_db()
    assert messages_of(response) == [
        "De uitnodiging is opnieuw verstuurd naar nieuwe.wethouder@example.nl. De nieuwe link "
        f"werkt tot {moment(invitation.expires_at)} uur; de vorige link werkt niet meer."
    ]
    assert len(mail.outbox) == 2
    new_link = path_of(link_from_mail(mail.outbox[-1]))
    assert new_link != old_link
    assert client.get(old_link).status_code == 404
    assert "Account aanmaken" in client.get(new_link, follow=True).text
    assert invitation.token_hash == Invitation.hash_token(new_link.rstrip("/").rsplit("/", 1)[-1])


def test_an_expired_invitation_is_listed_and_resending_it_counts_the_expiry_from_now(
    invited, client, client_for, projectleider, region
):
    invitation, _old_link = invited
    expire(invitation)
    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - timedelta(days=INVITATION_VALID_DAYS)
    )
    client_pl = client_for(projectleider)
    page = client_pl.get(people_url(region)).text
    assert "nieuwe.wethouder@example.nl" in page
    assert "verlopen" in page
    assert resend_url(invitation) in page

    before = timezone.now()
    client_pl.post(resend_url(invitation))

    invitation.refresh_from_db()
    assert invitation.is_usable
    assert before <= invitation.sent_at <= timezone.now()
    assert invitation.expires_at == invitation.sent_at + timedelta(days=INVITATION_VALID_DAYS)
    body = " ".join(mail.outbox[-1].body.split())
    assert f"De link werkt tot {moment(invitation.expires_at)} uur" in body
    new_link = path_of(link_from_mail(mail.outbox[-1]))
    response = client.post(
        new_link, {"full_name": "Anna", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email=invitation.email, region=region).exists()


def test_the_resent_mail_is_the_invitation_mail_with_replies_to_whoever_resent_it(
    invited, client_for, beheerder
):
    invitation, _link = invited
    sent_a_while_ago(invitation)
    first = mail.outbox[0]

    client_for(beheerder).post(resend_url(invitation))

    again = mail.outbox[-1]
    assert again.to == first.to == ["nieuwe.wethouder@example.nl"]
    assert again.subject == first.subject
    assert again.from_email == first.from_email
    assert again.reply_to == [beheerder.email]
    assert "wethouder" in again.body and "Jeugd en Wmo" in again.body


def test_the_people_page_says_when_an_invitation_was_last_sent_and_until_when_it_works(
    invited, client_for, projectleider, region
):
    invitation, _link = invited
    sent = timezone.now() - timedelta(days=3)
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=sent)

    page = client_for(projectleider).get(people_url(region)).text

    assert "Laatst verstuurd" in page
    assert moment(sent) in page
    assert moment(invitation.expires_at) in page
    assert f'<form method="post" action="{resend_url(invitation)}"' in page


def test_a_get_of_the_resend_address_sends_nothing(invited, client_for, projectleider):
    invitation, _link = invited
    sent_a_while_ago(invitation)

    response = client_for(projectleider).get(resend_url(invitation))

    assert response.status_code == 405
    assert len(mail.outbox) == 1
    assert Invitation.objects.get().token_hash == invitation.token_hash


def accept(invitation):
    services.accept_invitation_as_existing_user(
        invitation=invitation, user=UserFactory(email=invitation.email)
    )


@pytest.mark.parametrize(
    ("close", "status"),
    [
        pytest.param(accept, "aangenomen", id="accepted"),
        pytest.param(withdraw, "ingetrokken", id="withdrawn"),
    ],
)
def test_an_accepted_or_withdrawn_invitation_cannot_be_resent(
    invited, client_for, projectleider, region, close, status
):
    invitation, _link = invited
    sent_a_while_ago(invitation)
    close(invitation)
    closed = Invitation.objects.get()

    response = client_for(projectleider).post(resend_url(invitation), follow=True)

    assert response.redirect_chain == [(people_url(region), 302)]
    assert messages_of(response) == [
        f"Deze uitnodiging kan niet opnieuw worden verstuurd: die is inmiddels {status}."
    ]
    assert len(mail.outbox) == 1
    unchanged = Invitation.objects.get()
    assert (unchanged.token_hash, unchanged.expires_at, unchanged.sent_at) == (
        closed.token_hash,
        closed.expires_at,
        closed.sent_at,
    )


def test_resending_within_a_minute_of_the_last_mail_is_refused(
    invited, client_for, projectleider, region
):
    invitation, _link = invited
    client = client_for(projectleider)

    response = client.post(resend_url(invitation), follow=True)

    assert messages_of(response) == [
        "Deze uitnodiging is minder dan een minuut geleden verstuurd. Wacht even en probeer het "
        "dan opnieuw."
    ]
    assert len(mail.outbox) == 1
    assert Invitation.objects.get().token_hash == invitation.token_hash

    Invitation.objects.filter(pk=invitation.pk).update(
        sent_at=timezone.now() - INVITATION_RESEND_INTERVAL - timedelta(seconds=1)
    )
    client.post(resend_url(invitation))
    assert len(mail.outbox) == 2
    assert client.post(resend_url(invitation)).status_code == 302
    assert len(mail.outbox) == 2


def test_an_expired_invitation_is_not_resent_next_to_a_newer_open_one(
    invited, client_for, projectleider, region
):
    invitation, _link = invited
    expire(invitation)
    sent_a_while_ago(invitation)
    client_for(projectleider).post(
        invite_url(region),
        {
            "email": invitation.email,
            "role": RegionRole.BESTUURDER,
            "function": BestuurderFunction.WETHOUDER,
        },
    )
    assert len(mail.outbox) == 2

    response = client_for(projectleider).post(resend_url(invitation), follow=True)

    assert messages_of(response) == [str(services.ERROR_ALREADY_INVITED)]
    assert len(mail.outbox) == 2
    assert not Invitation.objects.get(pk=invitation.pk).is_usable


def test_resending_is_recorded_in_the_audit_trail_without_the_token(
    invited, client_for, projectleider, region
):
    invitation, _link = invited
    sent_a_while_ago(invitation)

    client_for(projectleider).post(resend_url(invitation))

    entry = LogEntry.objects.get_for_object(invitation).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == projectleider
    assert set(entry.changes_dict) == {"sent_at", "expires_at"}
    assert entry.additional_data == {"region_id": region.pk}


def test_an_invitation_of_another_region_cannot_be_resent_through_this_region(
    region, other_region, projectleider, other_projectleider, client_for
):
    client_for(other_projectleider).post(
        invite_url(other_region), {"email": "elders@example.nl", "role": RegionRole.STUURGROEPLID}
    )
    elsewhere = Invitation.objects.get()
    sent_a_while_ago(elsewhere)
    url = reverse(
        "accounts:resend_invitation", kwargs={"region_slug": region.slug, "uuid": elsewhere.uuid}
    )

    assert client_for(projectleider).post(url).status_code == 404
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("anonymous", 302),
        ("bestuurder", 403),
        ("stuurgroeplid", 403),
        ("landelijk", 403),
        ("other_projectleider", 404),
    ],
    indirect=["role_client"],
)
def test_others_cannot_resend_an_invitation(invited, role_client, expected):
    invitation, _link = invited
    sent_a_while_ago(invitation)
    _, _, client = role_client

    response = client.post(resend_url(invitation))

    assert response.status_code == expected
    if expected == 302:
        assert response.url.startswith(reverse("accounts:login"))
    assert len(mail.outbox) == 1
    assert Invitation.objects.get().token_hash == invitation.token_hash


def test_a_beheerder_may_resend_an_invitation_in_any_region(invited, client_for, beheerder):
    invitation, _link = invited
    sent_a_while_ago(invitation)

    response = client_for(beheerder).post(resend_url(invitation))

    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert Invitation.objects.get().token_hash != invitation.token_hash


def test_an_expired_invitation_can_be_withdrawn_so_it_leaves_the_people_page(
    invited, client_for, projectleider, region
):
    invitation, _link = invited
    expire(invitation)
    client = client_for(projectleider)
    withdraw = reverse(
        "accounts:withdraw_invitation",
        kwargs={"region_slug": region.slug, "uuid": invitation.uuid},
    )

    response = client.post(withdraw, follow=True)

    assert "is ingetrokken" in response.text
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert invitation.email not in client.get(people_url(region)).text

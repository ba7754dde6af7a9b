"""The beheerder resets someone's second factor and lifts a login lock from the person's admin
page, in Dutch; the admin has no pages of devices that could show a key or backup code."""

from base64 import b32encode
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD

from .test_security_lockout import LOCKED_TEXT, attempt, fail
from .test_security_two_factor import password_only_client


def reset_url(person) -> str:
    return reverse("admin:accounts_user_reset_two_factor", args=[person.pk])


def lift_url(person) -> str:
    return reverse("admin:accounts_user_lift_login_lock", args=[person.pk])


def change_url(person) -> str:
    return reverse("admin:accounts_user_change", args=[person.pk])


@pytest.fixture
def devices(projectleider):
    app = TOTPDevice.objects.create(user=projectleider, name="default", confirmed=True)
    backup = StaticDevice.objects.create(user=projectleider, name="backup", confirmed=True)
    backup.token_set.create(token="geheimcode1")
    backup.token_set.create(token="geheimcode2")
    return app, backup


def lock(person, *, minutes_ago: int = 0) -> None:
    locked = AccessAttempt.objects.create(
        username=person.email,
        ip_address="10.0.0.9",
        user_agent="browser",
        failures_since_start=settings.AXES_FAILURE_LIMIT,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/account/inloggen/",
    )
    # attempt_time is set on create (auto_now_add).
    moment = timezone.now() - timedelta(minutes=minutes_ago)
    AccessAttempt.objects.filter(pk=locked.pk).update(attempt_time=moment)


def test_the_admin_has_no_pages_of_second_factor_devices_or_groups(client_for, beheerder, devices):
    client = client_for(beheerder)

    index = client.get(reverse("admin:index")).text
    lists = [
        "/beheer/otp_totp/totpdevice/",
        "/beheer/otp_static/staticdevice/",
        "/beheer/auth/group/",
    ]

    assert [client.get(url).status_code for url in lists] == [404, 404, 404]
    for name in ["TOTP", "Static devices", "Groepen"]:
        assert name not in index


def test_the_persons_page_says_how_they_sign_in_without_showing_a_secret(
    client_for, beheerder, projectleider, devices
):
    app, _backup = devices

    page = client_for(beheerder).get(change_url(projectleider)).text

    assert "ingesteld met een authenticator-app; 2 back-upcodes over" in page
    assert 'href="' + reset_url(projectleider) + '"' in page
    for secret in [app.key, b32encode(app.bin_key).decode(), "geheimcode1"]:
        assert secret not in page
    # Not locked: no button to lift a lock.
    assert lift_url(projectleider) not in page


def test_a_person_without_a_second_factor_has_no_reset_button(client_for, beheerder, projectleider):
    page = client_for(beheerder).get(change_url(projectleider)).text

    assert "niet ingesteld" in page
    assert reset_url(projectleider) not in page


def test_the_reset_asks_first_and_then_removes_app_and_backup_codes(
    client_for, beheerder, projectleider, devices
):
    client = client_for(beheerder)

    confirm = client.get(reset_url(projectleider))
    assert TOTPDevice.objects.filter(user=projectleider).exists()
    response = client.post(reset_url(projectleider), follow=True)

    assert "Bij de volgende keer inloggen stelt die de tweestapsverificatie opnieuw in" in (
        confirm.text
    )
    assert response.redirect_chain[-1][0] == change_url(projectleider)
    assert "is gereset" in response.text
    assert not TOTPDevice.objects.filter(user=projectleider).exists()
    assert not StaticDevice.objects.filter(user=projectleider).exists()
    history = LogEntry.objects.get(object_id=str(projectleider.pk), user=beheerder)
    assert "gereset" in history.get_change_message()
    home = password_only_client(projectleider).get(reverse("home"))
    assert home.url == reverse("two_factor:setup")


def test_resetting_someone_without_a_second_factor_says_so_and_logs_nothing(
    client_for, beheerder, projectleider
):
    response = client_for(beheerder).post(reset_url(projectleider), follow=True)

    assert "heeft geen tweestapsverificatie ingesteld" in response.text
    assert not LogEntry.objects.filter(object_id=str(projectleider.pk)).exists()


def test_a_beheerder_cannot_reset_their_own_second_factor_here(client_for, beheerder):
    client = client_for(beheerder)

    page = client.get(change_url(beheerder)).text
    response = client.post(reset_url(beheerder))

    assert reset_url(beheerder) not in page
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=beheerder).exists()


@pytest.mark.parametrize("role", [None, "bestuurder", "stuurgroeplid", "projectleider"])
def test_only_a_beheerder_resets_or_lifts(client_for, request, projectleider, devices, role):
    other = request.getfixturevalue(role) if role else None
    lock(projectleider)
    client = client_for(other)

    responses = [client.post(reset_url(projectleider)), client.post(lift_url(projectleider))]

    for response in responses:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    assert TOTPDevice.objects.filter(user=projectleider).exists()
    assert AccessAttempt.objects.filter(username=projectleider.email).exists()


def test_an_unknown_person_goes_back_to_the_list_with_a_message(client_for, beheerder):
    response = client_for(beheerder).post(
        reverse("admin:accounts_user_reset_two_factor", args=[999999]), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:index")
    assert "999999" in response.text


def test_a_locked_person_is_shown_locked_until_the_cool_off_ends(
    client_for, beheerder, projectleider
):
    lock(projectleider, minutes_ago=10)
    ends = timezone.localtime(
        AccessAttempt.objects.get().attempt_time + timedelta(hours=settings.AXES_COOLOFF_TIME)
    )

    page = client_for(beheerder).get(change_url(projectleider)).text

    assert f"tot {ends.day} " in page
    assert f"{ends:%H:%M}" in page
    assert 'href="' + lift_url(projectleider) + '"' in page


def test_a_lock_older_than_the_cool_off_is_not_shown(client_for, beheerder, projectleider):
    lock(projectleider, minutes_ago=round(settings.AXES_COOLOFF_TIME * 60) + 1)

    page = client_for(beheerder).get(change_url(projectleider)).text

    assert lift_url(projectleider) not in page
    assert "geblokkeerd na te veel" not in page


def test_lifting_the_lock_lets_the_person_log_in_at_once(client_for, beheerder, bestuurder):
    person_client = Client()
    fail(person_client, bestuurder.email, settings.AXES_FAILURE_LIMIT)
    assert LOCKED_TEXT in attempt(person_client, bestuurder.email, TEST_PASSWORD).text
    admin_client = client_for(beheerder)

    confirm = admin_client.get(lift_url(bestuurder))
    response = admin_client.post(lift_url(bestuurder), follow=True)

    assert "vanaf elk IP-adres" in confirm.text
    assert "is opgeheven" in response.text
    assert not AccessAttempt.objects.filter(username=bestuurder.email).exists()
    login = attempt(person_client, bestuurder.email, TEST_PASSWORD)
    assert login.status_code == 302
    assert person_client.session["_auth_user_id"] == str(bestuurder.pk)


def test_the_beheer_names_login_security_in_dutch(client_for, beheerder, projectleider):
    lock(projectleider)
    client = client_for(beheerder)

    index = client.get(reverse("admin:index")).text
    attempts = client.get(reverse("admin:axes_accessattempt_changelist")).text

    assert "Inlogbeveiliging" in index
    assert "Gebruikers en uitnodigingen" in index
    for english in ["Axes", "Access attempts", "Access logs", "Access failures", "Audit log"]:
        assert english not in index
    assert "Inlogpogingen" in index and "Inlogmomenten" in index
    assert "Mislukte pogingen" in attempts and "IP-adres" in attempts
    assert "Failed Logins" not in attempts


def test_the_persons_page_reads_the_sign_in_state_once(client_for, beheerder, projectleider):
    client = client_for(beheerder)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(change_url(projectleider))

    assert page.status_code == 200
    assert len([q for q in queries if '"axes_accessattempt"' in q["sql"]]) == 1
    person_devices = f'"otp_totp_totpdevice"."user_id" = {projectleider.pk}'
    assert len([q for q in queries if person_devices in q["sql"]]) == 1

"""Standing fixtures: one user per role, around one region and a second ("other") region."""

import uuid

import pytest
from django.conf import settings
from django.test import Client, TestCase
from django.test.client import MULTIPART_CONTENT
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from ghnt_portal.settings import base as base_settings
from ghnt_portal.submissions.forms import SUBMIT_FIELD
from regions.constants import RegionRole
from tests.factories import MembershipFactory, RegionFactory, UserFactory


class FormClient(Client):
    """A test client that posts like a browser filling in a freshly opened page: a create form's
    one-time token (``ghnt_portal.submissions``) goes along, a new one each post, unless the
    test sends one itself (the same one twice: a double click) or sets
    ``sends_submit_token = False`` (a hand-made request without one)."""

    sends_submit_token = True

    def post(self, path, data=None, content_type=MULTIPART_CONTENT, **extra):
        if (
            self.sends_submit_token
            and content_type == MULTIPART_CONTENT
            and isinstance(data, dict | None)
            and SUBMIT_FIELD not in (data or {})
        ):
            data = data.copy() if data else {}
            data[SUBMIT_FIELD] = str(uuid.uuid4())
        return super().post(path, data, content_type, **extra)


def postgresql_only(reason: str):
    """Skip on SQLite (a newcomer's `make test` without DATABASE_URL); CI runs on PostgreSQL."""
    return pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql", reason=reason
    )


@pytest.fixture(scope="session", autouse=True)
def portal_email_backend(django_test_environment):
    """Django's test set-up swaps EMAIL_BACKEND for its in-memory backend; put the portal's own
    back (it delivers to that same outbox here), so tests see every mail as production sends it."""
    settings.EMAIL_BACKEND = base_settings.EMAIL_BACKEND


@pytest.fixture
def commit_per_request(monkeypatch):
    """Run what each test-client request leaves to ``transaction.on_commit`` (an invitation
    mail) as the request ends, as its commit does in production.

    A test runs in a transaction that never commits, so those callbacks would never run; one
    that a rolled-back savepoint registered is dropped, as Django drops it. In production the
    view commits, so a callback that raises (a failing mail server) is the view's to handle: test
    that with ``django_db(transaction=True)``, whose requests really commit."""
    request = Client.request

    def request_and_commit(self, **kwargs):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", request_and_commit)


ROLES = (
    "anonymous",
    "bestuurder",
    "stuurgroeplid",
    "projectleider",
    "other_projectleider",
    "beheerder",
    "landelijk",
)


@pytest.fixture
def client() -> Client:
    """pytest-django's ``client``, posting create forms with their token (``FormClient``)."""
    return FormClient()


@pytest.fixture
def region(db):
    return RegionFactory(name="Regio Testland", slug="regio-testland")


@pytest.fixture
def other_region(db):
    return RegionFactory(name="Regio Elders", slug="regio-elders")


@pytest.fixture
def bestuurder(region):
    return MembershipFactory(region=region, wethouder=True).user


@pytest.fixture
def burgemeester(region):
    return MembershipFactory(region=region, burgemeester=True).user


@pytest.fixture
def stuurgroeplid(region):
    return MembershipFactory(region=region, role=RegionRole.STUURGROEPLID).user


@pytest.fixture
def projectleider(region):
    return MembershipFactory(region=region, role=RegionRole.PROJECTLEIDER).user


@pytest.fixture
def other_projectleider(other_region):
    return MembershipFactory(region=other_region, role=RegionRole.PROJECTLEIDER).user


@pytest.fixture
def beheerder(db):
    return UserFactory(beheerder=True)


@pytest.fixture
def landelijk(db):
    return UserFactory(landelijk=True)


@pytest.fixture
def anonymous(db):
    return None


def verify_second_factor(client: Client, user) -> None:
    """Mark the client's session as passed the second factor, as django-otp does at login."""
    # "default" is the name django-two-factor-auth gives the device set up in its wizard.
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="default", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def client_for(db):
    """``client_for(user)``: a test client logged in (password and second factor) as ``user``.

    Anonymous for None. Tests log in only through this fixture or ``role_client``.
    """

    def make(user) -> Client:
        client = FormClient()
        if user is not None:
            client.force_login(user)
            verify_second_factor(client, user)
        return client

    return make


@pytest.fixture
def role_client(request, client_for):
    """Parametrise with ``indirect=True`` over ROLES: gives (role, user, client)."""
    role = request.param
    user = request.getfixturevalue(role)
    return role, user, client_for(user)

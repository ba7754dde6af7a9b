"""Query counts of the admin (/beheer/) stay flat as data grows, like the portal's own pages
(tests/ghnt_portal/test_query_budgets.py).

For every model on the admin site the beheerder reaches, the changelist and the change form of
one object are counted with a few rows (and a few inline rows on that object), and again with ten
times as many. The count must be equal. Both lists fit on one page (100 rows), so the second one
really shows ten times as many rows.
"""

import datetime
import itertools

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.constants import VersionStatus
from regions.constants import NationalFigureKind
from regions.models import BodyForm, NationalFigure, OrganisationType
from tests.factories import (
    DomainFactory,
    GovernanceBodyFactory,
    InvitationFactory,
    MembershipFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    RegionalFigureFactory,
    RegionFactory,
    SeatFactory,
    UserFactory,
)
from tests.governance.factories import (
    ChecklistItemFactory,
    ChecklistSectionFactory,
    ChecklistVersionFactory,
)
from tests.scan.factories import QuestionFactory, QuestionnaireFactory, ThemeFactory

SMALL, LARGE = 5, 50
numbers = itertools.count(1)


def _with_children(rows, into, make_child):
    """The object for the change form (``into``, else the first new row) with one child per row
    (its inline rows), so that the change form grows along with the list."""
    into = into or rows[0]
    for _ in rows:
        make_child(into)
    return into


def _users(n, into):
    return _with_children(
        UserFactory.create_batch(n), into, lambda user: MembershipFactory(user=user)
    )


def _memberships(n, into):
    for _ in range(n):
        region = RegionFactory()
        membership = MembershipFactory(
            region=region, wethouder=True, municipality=MunicipalityFactory(region=region)
        )
    return into or membership


def _invitations(n, into):
    rows = [InvitationFactory(invited_by=UserFactory()) for _ in range(n)]
    return into or rows[0]


def _regions(n, into):
    return _with_children(
        RegionFactory.create_batch(n), into, lambda region: MunicipalityFactory(region=region)
    )


def _bodies(n, into):
    return _with_children(
        GovernanceBodyFactory.create_batch(n),
        into,
        lambda body: SeatFactory(body=body, domain=DomainFactory()),
    )


def _reference_items(model):
    def make(n, into):
        rows = [
            model.objects.create(slug=f"soort-{number}", name=f"Soort {number}")
            for number in itertools.islice(numbers, n)
        ]
        return into or rows[0]

    return make


def _national_figures(n, into):
    rows = [
        NationalFigure.objects.create(
            kind=NationalFigureKind.VT_REPORTS, year=1900 + number, value=10, source="Bron"
        )
        for number in itertools.islice(numbers, n)
    ]
    return into or rows[0]


def _questionnaires(n, into):
    return _with_children(
        QuestionnaireFactory.create_batch(n, is_published=False, published_at=None),
        into,
        lambda questionnaire: ThemeFactory(questionnaire=questionnaire),
    )


def _themes(n, into):
    return _with_children(
        ThemeFactory.create_batch(n), into, lambda theme: QuestionFactory(theme=theme)
    )


def _checklists(n, into):
    return _with_children(
        ChecklistVersionFactory.create_batch(n, status=VersionStatus.DRAFT),
        into,
        lambda version: ChecklistSectionFactory(version=version),
    )


def _sections(n, into):
    return _with_children(
        ChecklistSectionFactory.create_batch(n),
        into,
        lambda section: ChecklistItemFactory(section=section),
    )


def _log_entries(n, into):
    """Entries by one person about one region (creating them logs only two more entries)."""
    actor, region = UserFactory(), RegionFactory()
    rows = []
    for _ in range(n):
        rows.append(
            LogEntry.objects.create(
                content_type=ContentType.objects.get_for_model(region),
                object_pk=str(region.pk),
                object_id=region.pk,
                object_repr=str(region),
                action=LogEntry.Action.UPDATE,
                changes={"name": ["Oud", region.name]},
                actor=actor,
            )
        )
    return into or rows[0]


def _axes(model, **fields):
    def make(n, into):
        rows = [
            model.objects.create(
                username=f"persoon{number}@example.nl",
                ip_address="192.0.2.1",
                user_agent="Firefox",
                path_info="/account/inloggen/",
                **fields,
            )
            for number in itertools.islice(numbers, n)
        ]
        return into or rows[0]

    return make


def _batch(factory, **fields):
    def make(n, into):
        rows = factory.create_batch(n, **fields)
        return into or rows[0]

    return make


# Per model: ``make(n, into)`` adds n rows to its changelist and returns the object whose change
# form is counted (``into`` when given), with n more inline rows where the form has inlines.
BUILDERS = {
    "auditlog.LogEntry": _log_entries,
    "axes.AccessAttempt": _axes(AccessAttempt, failures_since_start=3),
    "axes.AccessLog": _axes(AccessLog),
    "axes.AccessFailureLog": _axes(AccessFailureLog),
    "accounts.User": _users,
    "accounts.Invitation": _invitations,
    "regions.Domain": _batch(DomainFactory),
    "regions.OrganisationType": _reference_items(OrganisationType),
    "regions.BodyForm": _reference_items(BodyForm),
    "regions.Region": _regions,
    "regions.Municipality": _batch(MunicipalityFactory),
    "regions.Membership": _memberships,
    "regions.PartnerOrganisation": _batch(PartnerOrganisationFactory),
    "regions.GovernanceBody": _bodies,
    "regions.RegionalFigure": _batch(RegionalFigureFactory, year=datetime.date.today().year),
    "regions.NationalFigure": _national_figures,
    "scan.Questionnaire": _questionnaires,
    "scan.Theme": _themes,
    "scan.Question": _batch(QuestionFactory),
    "governance.ChecklistVersion": _checklists,
    "governance.ChecklistSection": _sections,
    "governance.ChecklistItem": _batch(ChecklistItemFactory),
}


def test_every_admin_is_counted():
    """A model added to the admin gets a builder here, so that its pages are counted too."""
    assert set(BUILDERS) == {model._meta.label for model in admin.site._registry}


def _url(label: str, view: str, *args) -> str:
    app_label, model_name = label.lower().split(".")
    return reverse(f"admin:{app_label}_{model_name}_{view}", args=args)


def _count(client, url) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.fixture
def admin_client(client_for, beheerder):
    return client_for(beheerder)


@pytest.mark.parametrize("label", BUILDERS)
def test_changelist_queries_do_not_grow_with_rows(admin_client, label):
    make = BUILDERS[label]
    url = _url(label, "changelist")
    obj = make(SMALL, None)
    admin_client.get(url)  # warm up per-process caches (content types, translations)

    small, small_count = _count(admin_client, url)
    make(LARGE - SMALL, obj)
    large, large_count = _count(admin_client, url)

    shown = [len(page.context["cl"].result_list) for page in (small, large)]
    assert shown[1] - shown[0] >= LARGE - SMALL
    assert shown[1] == large.context["cl"].result_count <= large.context["cl"].list_per_page
    assert large_count == small_count, f"{shown[0]} rows: {small_count}, {shown[1]}: {large_count}"


@pytest.mark.parametrize("label", BUILDERS)
def test_change_form_queries_do_not_grow_with_data(admin_client, label):
    make = BUILDERS[label]
    obj = make(SMALL, None)
    url = _url(label, "change", obj.pk)
    admin_client.get(url)  # warm up per-process caches

    _small, small_count = _count(admin_client, url)
    make(LARGE - SMALL, obj)
    _large, large_count = _count(admin_client, url)

    assert large_count == small_count, f"{small_count} queries, then {large_count}"

"""The audit trail: every change to the registry, assessments and roles is recorded with who,
when and what; project leaders read their region's history, beheerders every region's; scan
answers never appear."""

import datetime

import pytest
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.html import escape

from ghnt_portal.audit.registry import NEVER_LOGGED, REGION_PATHS
from regions.constants import BodyKind, SeatMembership
from regions.models import GovernanceBody, Region, Seat
from tests.factories import (
    BodyFormFactory,
    DomainFactory,
    GovernanceBodyFactory,
    MembershipFactory,
    SeatFactory,
)
from tests.locking import page_lock
from tests.scan.factories import AnswerFactory, QuestionFactory, ResponseFactory


def history_url(region):
    return reverse("region_history", args=[region.slug])


def body_update_url(body):
    return reverse("regions:body_update", args=[body.region.slug, body.uuid])


def body_data(body, **overrides):
    data = {
        "name": body.name,
        "form": body.form_id,
        "kind": body.kind,
        "meetings_per_year": body.meetings_per_year or "",
        "purpose": body.purpose,
        "domains": [],
        "reports_to": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("role_client", "expected"),
    [
        ("anonymous", 302),
        ("bestuurder", 403),
        ("burgemeester", 403),
        ("stuurgroeplid", 403),
        ("landelijk", 403),
        ("other_projectleider", 404),
        ("projectleider", 200),
        ("beheerder", 200),
    ],
    indirect=["role_client"],
)
def test_only_the_regions_project_leader_and_beheerders_see_its_history(
    role_client, expected, region
):
    _role, _user, client = role_client

    response = client.get(history_url(region))

    assert response.status_code == expected
    if expected == 302:
        assert reverse("accounts:login") in response["Location"]


def test_a_body_edited_through_the_form_is_recorded_with_actor_and_changes(
    client_for, projectleider, region
):
    body = GovernanceBodyFactory(region=region, name="Oude naam", form=BodyFormFactory())
    client = client_for(projectleider)

    url = body_update_url(body)

    response = client.post(url, {**body_data(body, name="Nieuwe naam"), **page_lock(client, url)})

    assert response.status_code == 302
    entry = LogEntry.objects.get_for_object(body).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == projectleider
    assert entry.changes_dict["name"] == ["Oude naam", "Nieuwe naam"]
    assert entry.additional_data == {"region_id": region.pk}
    assert entry.remote_addr is None  # the trail stores no IP addresses


def test_the_history_page_shows_who_changed_what_in_this_region_only(
    client_for, projectleider, region, other_region
):
    body = GovernanceBodyFactory(region=region, name="Regionaal overleg", form=BodyFormFactory())
    GovernanceBodyFactory(region=other_region, name="Overleg van elders")
    client = client_for(projectleider)
    url = body_update_url(body)
    client.post(url, {**body_data(body, name="Regionaal overleg jeugd"), **page_lock(client, url)})

    page = client.get(history_url(region)).content.decode()

    assert "Regionaal overleg jeugd" in page
    assert escape(projectleider.full_name) in page  # Faker makes names such as "d' Heripon"
    assert "Overleg van elders" not in page


def test_a_beheerder_sees_the_history_of_any_region(client_for, beheerder, other_region):
    GovernanceBodyFactory(region=other_region, name="Overleg van elders")

    page = client_for(beheerder).get(history_url(other_region)).content.decode()

    assert "Overleg van elders" in page


def test_seats_and_memberships_are_recorded_under_their_region(region):
    body = GovernanceBodyFactory(region=region)
    seat = SeatFactory(body=body, person_name="A. Jansen")
    membership = MembershipFactory(region=region)

    for obj in (seat, membership):
        entry = LogEntry.objects.get_for_object(obj).get()
        assert entry.action == LogEntry.Action.CREATE
        assert entry.additional_data == {"region_id": region.pk}


def test_deleting_a_body_records_the_deletion_of_its_seats_too(region):
    body = GovernanceBodyFactory(region=region, name="Op te heffen overleg")
    seat = SeatFactory(body=body)
    seat_pk, body_pk = seat.pk, body.pk

    body.delete()

    deletions = LogEntry.objects.filter(action=LogEntry.Action.DELETE)
    assert deletions.filter(
        content_type=ContentType.objects.get_for_model(Seat), object_id=seat_pk
    ).exists()
    assert deletions.get(
        content_type=ContentType.objects.get_for_model(GovernanceBody), object_id=body_pk
    ).additional_data == {"region_id": region.pk}


def test_scan_answers_are_never_recorded(bestuurder, region):
    response = ResponseFactory(user=bestuurder)
    answer = AnswerFactory(response=response, question=QuestionFactory())
    answer.scale = 3
    answer.save()

    for label in NEVER_LOGGED:
        model = apps.get_model(label)
        assert not auditlog.contains(model)
        assert not LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model)
        ).exists()


def test_every_audited_model_is_registered(db):
    for label in REGION_PATHS:
        assert auditlog.contains(apps.get_model(label)), label


def test_passwords_and_login_times_of_users_are_not_recorded(beheerder):
    beheerder.set_password("een-ander-lang-wachtwoord")
    beheerder.save()

    for entry in LogEntry.objects.get_for_object(beheerder):
        assert "password" not in entry.changes_dict
        assert "last_login" not in entry.changes_dict


def test_the_history_query_count_stays_flat(
    client_for, projectleider, region, django_assert_max_num_queries
):
    client = client_for(projectleider)
    for _i in range(30):
        SeatFactory(body=GovernanceBodyFactory(region=region, kind=BodyKind.ADVISORY))
        MembershipFactory(region=region)
    client.get(history_url(region))

    with django_assert_max_num_queries(12):
        response = client.get(history_url(region))

    assert response.status_code == 200


def test_a_beheerder_reads_the_whole_audit_trail_in_the_admin(client_for, beheerder, region):
    GovernanceBodyFactory(region=region, name="Overleg in het beheer")

    page = client_for(beheerder).get(reverse("admin:auditlog_logentry_changelist"))

    assert page.status_code == 200
    assert "Overleg in het beheer" in page.content.decode()


@pytest.mark.parametrize("kind", ["abc", "1x", "-1"])
def test_a_kind_that_is_no_number_is_an_invalid_filter_not_an_error(client_for, beheerder, kind):
    url = reverse("admin:auditlog_logentry_changelist")

    response = client_for(beheerder).get(f"{url}?resource_type={kind}")

    # The admin's answer to an invalid filter: the list again, flagged with ?e=1.
    assert response.status_code == 302
    assert response.url == f"{url}?e=1"


def test_the_admin_audit_trail_says_in_dutch_what_changed_and_who(client_for, beheerder, region):
    body = GovernanceBodyFactory(region=region, name="Overleg in het beheer")
    body.name = "Overleg met een nieuwe naam"
    body.save()
    client = client_for(beheerder)

    page = client.get(reverse("admin:auditlog_logentry_changelist")).text
    kind = ContentType.objects.get_for_model(GovernanceBody)
    only_bodies = client.get(
        reverse("admin:auditlog_logentry_changelist") + f"?resource_type={kind.pk}"
    ).text

    # The rename: one field, by its label in the forms; made outside a request, so by no one.
    assert "1 wijziging: naam</td>" in page
    assert "systeem" in page
    assert ">Overleg</a>" in page  # the filter by kind, by the model's Dutch name
    for english in [">governancebody<", " change: ", " changes: ", ">system<"]:
        assert english not in page
    # Only the body's two entries (created, renamed), not the region's.
    assert "2 logboekvermeldingen" in only_bodies


def test_an_admin_audit_entry_shows_its_changes_in_dutch(client_for, beheerder, region):
    region.name, region.is_active = "Nieuwe naam", False
    old_name = Region.objects.get(pk=region.pk).name
    region.save()
    entry = LogEntry.objects.get_for_object(region).get(action=LogEntry.Action.UPDATE)

    page = (
        client_for(beheerder).get(reverse("admin:auditlog_logentry_change", args=[entry.pk])).text
    )

    assert f"<td>naam</td><td>{escape(old_name)}</td><td>Nieuwe naam</td>" in page
    assert "<td>ja</td><td>nee</td>" in page
    assert "False" not in page and "None" not in page


def test_a_project_leader_cannot_open_the_audit_trail_in_the_admin(client_for, projectleider):
    page = client_for(projectleider).get(reverse("admin:auditlog_logentry_changelist"))

    assert page.status_code == 302
    assert "/beheer/login/" in page["Location"]


def test_the_domains_added_to_a_body_are_recorded(region):
    body = GovernanceBodyFactory(region=region)
    jeugd = DomainFactory(slug="jeugd", name="Jeugd")

    body.domains.add(jeugd)

    entry = LogEntry.objects.get_for_object(body).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.changes_dict["domains"]["objects"] == [str(jeugd)]
    assert entry.additional_data == {"region_id": region.pk}


def test_the_history_names_fields_values_and_actions_in_dutch(client_for, projectleider, region):
    body = GovernanceBodyFactory(region=region, name="Regionaal overleg")
    SeatFactory(body=body, membership=SeatMembership.ON_REQUEST, is_expert_by_experience=False)

    page = client_for(projectleider).get(history_url(region)).content.decode()

    assert "aangemaakt" in page
    assert "<strong>Naam</strong>: Regionaal overleg" in page
    assert "<strong>Lidmaatschap</strong>: op uitnodiging</li>" in page
    assert "<strong>Ervaringsdeskundige</strong>: nee</li>" in page
    for english in ("create", "None", "False", "purpose", ".Seat."):
        assert english not in page


def test_the_history_names_related_objects_and_leaves_out_technical_fields(
    client_for, projectleider, region
):
    body = GovernanceBodyFactory(region=region, name="Regionaal overleg")
    SeatFactory(body=body, person_name="Anna de Vries")
    gone = GovernanceBodyFactory(region=region, name="Opgeheven overleg")
    SeatFactory(body=gone)
    gone_pk = gone.pk
    gone.delete()

    page = client_for(projectleider).get(history_url(region)).content.decode()

    assert "<strong>Overleg</strong>: Regionaal overleg</li>" in page
    assert f"<strong>Overleg</strong>: {gone_pk} (verwijderd)</li>" in page
    assert "<strong>ID</strong>" not in page and "<strong>Uuid</strong>" not in page


def test_the_history_writes_dates_and_moments_as_people_do(client_for, projectleider, region):
    from tests.governance.factories import FollowUpActionFactory

    FollowUpActionFactory(
        region=region,
        due_date=datetime.date(2027, 1, 6),
        is_closed=True,
        closed_at=datetime.datetime(2026, 12, 7, 9, 55, 22, 136625, tzinfo=datetime.UTC),
    )

    page = client_for(projectleider).get(history_url(region)).content.decode()

    assert "<strong>Uiterlijk klaar op</strong>: 6 januari 2027</li>" in page
    assert "<strong>Afgerond op</strong>: 7 december 2026 10:55</li>" in page  # Amsterdam time
    assert "136625" not in page

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from governance import selectors
from governance.constants import CommunicationMoment
from governance.models import CommunicationEntry
from tests.locking import page_lock

from .factories import CommunicationEntryFactory

VALID = {
    "audience": "Gemeenteraden",
    "moment": CommunicationMoment.AFTER_MEETING,
    "date": "",
    "subject": "Advies over de visie",
    "channel": "Raadsinformatiebrief",
    "responsible": "Portefeuillehouder Jeugd",
}


def test_projectleider_adds_an_entry(region, body, projectleider, client_for):
    response = client_for(projectleider).post(
        reverse("governance:communication_create", args=[region.slug, body.uuid]), VALID
    )

    entry = CommunicationEntry.objects.get()
    assert response.status_code == 302
    assert (entry.body, entry.audience, entry.channel) == (
        body,
        "Gemeenteraden",
        "Raadsinformatiebrief",
    )


def test_on_a_date_needs_a_date(region, body, projectleider, client_for):
    data = {**VALID, "moment": CommunicationMoment.ON_DATE, "date": ""}

    response = client_for(projectleider).post(
        reverse("governance:communication_create", args=[region.slug, body.uuid]), data
    )

    assert response.status_code == 200
    assert "Vul een datum in" in response.context["form"].errors["date"][0]
    assert not CommunicationEntry.objects.exists()


@pytest.mark.parametrize(
    "moment", [CommunicationMoment.BEFORE_MEETING, CommunicationMoment.AFTER_MEETING]
)
def test_a_date_with_before_or_after_the_meeting_is_refused_at_the_date(
    moment, region, body, projectleider, client_for
):
    """The date is only shown for 'op een datum'; saved with another moment it would be hidden
    in the plan and come back when the line is edited."""
    data = {**VALID, "moment": moment, "date": datetime.date.today().isoformat()}

    response = client_for(projectleider).post(
        reverse("governance:communication_create", args=[region.slug, body.uuid]), data
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "date": [
            "Een datum hoort alleen bij ‘op een datum’. Maak de datum leeg, of kies ‘op een datum’."
        ]
    }
    assert not CommunicationEntry.objects.exists()


@pytest.mark.parametrize(
    ("moment", "date"),
    [
        (CommunicationMoment.ON_DATE, None),
        (CommunicationMoment.AFTER_MEETING, datetime.date(2027, 3, 1)),
        (CommunicationMoment.BEFORE_MEETING, datetime.date(2027, 3, 1)),
    ],
)
def test_the_database_keeps_a_date_with_on_a_date_only(body, moment, date):
    entry = CommunicationEntryFactory(
        body=body, moment=CommunicationMoment.ON_DATE, date=datetime.date(2027, 1, 1)
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        CommunicationEntry.objects.filter(pk=entry.pk).update(moment=moment, date=date)


def test_an_edit_that_leaves_on_a_date_must_clear_the_date(region, body, projectleider, client_for):
    day = datetime.date.today()
    entry = CommunicationEntryFactory(body=body, moment=CommunicationMoment.ON_DATE, date=day)
    url = reverse("governance:communication_edit", args=[region.slug, body.uuid, entry.uuid])
    client = client_for(projectleider)
    lock = page_lock(client, url)

    refused = client.post(url, {**VALID, "date": day.isoformat(), **lock})
    entry.refresh_from_db()
    assert refused.status_code == 200
    assert "Een datum hoort alleen bij" in refused.context["form"].errors["date"][0]
    assert (entry.moment, entry.date) == (CommunicationMoment.ON_DATE, day)

    saved = client.post(url, {**VALID, "date": "", **lock})
    entry.refresh_from_db()
    assert saved.status_code == 302
    assert (entry.moment, entry.date) == (CommunicationMoment.AFTER_MEETING, None)


def test_projectleider_edits_an_entry(region, body, projectleider, client_for):
    entry = CommunicationEntryFactory(body=body)
    url = reverse("governance:communication_edit", args=[region.slug, body.uuid, entry.uuid])
    client = client_for(projectleider)
    data = {**VALID, "moment": CommunicationMoment.ON_DATE, "date": "2026-05-01"}

    response = client.post(url, {**data, **page_lock(client, url)})

    entry.refresh_from_db()
    assert response.status_code == 302
    assert entry.date == datetime.date(2026, 5, 1)
    assert entry.when_label == "1 mei 2026"


def test_projectleider_deletes_an_entry_after_confirming(region, body, projectleider, client_for):
    entry = CommunicationEntryFactory(body=body)
    url = reverse("governance:communication_delete", args=[region.slug, body.uuid, entry.uuid])
    client = client_for(projectleider)

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert CommunicationEntry.objects.exists()

    client.post(url)
    assert not CommunicationEntry.objects.exists()


def test_an_entry_of_another_body_gives_404(region, body, projectleider, client_for):
    from tests.factories import GovernanceBodyFactory

    elsewhere = CommunicationEntryFactory(body=GovernanceBodyFactory(region=region))

    response = client_for(projectleider).get(
        reverse("governance:communication_edit", args=[region.slug, body.uuid, elsewhere.uuid])
    )

    assert response.status_code == 404


def test_the_plan_is_listed_on_the_body_page(region, body, stuurgroeplid, client_for):
    CommunicationEntryFactory(body=body, audience="Ketenpartners", channel="Nieuwsbrief")

    page = (
        client_for(stuurgroeplid)
        .get(reverse("governance:body_detail", args=[region.slug, body.uuid]))
        .content.decode()
    )

    assert "Ketenpartners" in page and "Nieuwsbrief" in page
    assert "Regel toevoegen" not in page


def test_the_plan_lists_before_the_meeting_then_after_it_then_by_date(
    region, body, stuurgroeplid, client_for
):
    """In the order of the choices, not of their stored codes ("datum" < "na" < "voor"): on
    the body page and in the report (both read communication_plan)."""
    on_date = CommunicationMoment.ON_DATE
    CommunicationEntryFactory(
        body=body, audience="Later-publiek", moment=on_date, date=datetime.date(2026, 5, 1)
    )
    CommunicationEntryFactory(body=body, audience="Achteraf-publiek", moment="na")
    CommunicationEntryFactory(
        body=body, audience="Eerder-publiek", moment=on_date, date=datetime.date(2026, 4, 1)
    )
    CommunicationEntryFactory(body=body, audience="Vooraf-publiek", moment="voor")
    expected = ["Vooraf-publiek", "Achteraf-publiek", "Eerder-publiek", "Later-publiek"]

    page = (
        client_for(stuurgroeplid)
        .get(reverse("governance:body_detail", args=[region.slug, body.uuid]))
        .content.decode()
    )

    assert sorted(expected, key=page.index) == expected
    assert [e.audience for e in selectors.communication_plan(body)] == expected
    assert [e.audience for e in CommunicationEntry.objects.all()] == expected

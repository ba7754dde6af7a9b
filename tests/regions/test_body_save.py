"""``body_save`` checks the reporting line as it is when it saves, not as the form read it: an
edit or a deletion saved in between (another tab, another person) cannot leave a cycle behind or
end in a server error."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from regions import services
from regions.constants import REPORTS_TO_GONE
from regions.models import GovernanceBody
from tests.concurrency import twice_at_once
from tests.conftest import postgresql_only
from tests.factories import GovernanceBodyFactory
from tests.locking import page_lock

CYCLE = "Deze keuze maakt een kring: het overleg rapporteert dan (via via) aan zichzelf."


def test_a_line_saved_meanwhile_that_makes_a_cycle_is_refused(region):
    first = GovernanceBodyFactory(region=region, name="Regiegroep")
    second = GovernanceBodyFactory(region=region, name="Stuurgroep")
    as_the_form_read_it = GovernanceBody.objects.get(pk=second.pk)
    GovernanceBody.objects.filter(pk=second.pk).update(reports_to=first)  # saved meanwhile
    first.reports_to = as_the_form_read_it

    with pytest.raises(ValidationError) as refused:
        services.body_save(body=first, domains=[])

    assert refused.value.message_dict == {"reports_to": [CYCLE]}
    first.refresh_from_db()
    assert first.reports_to is None


def test_a_line_to_a_body_deleted_meanwhile_is_refused_at_the_field(region):
    body = GovernanceBodyFactory(region=region, name="Regiegroep")
    target = GovernanceBodyFactory(region=region, name="Stuurgroep")
    GovernanceBody.objects.filter(pk=target.pk).delete()  # deleted meanwhile
    body.reports_to = target

    with pytest.raises(ValidationError) as refused:
        services.body_save(body=body, domains=[])

    assert refused.value.message_dict == {"reports_to": [str(REPORTS_TO_GONE)]}


@postgresql_only("two transactions meeting at a row lock: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_two_lines_saved_at_once_that_together_make_a_cycle_save_one(
    client_for, projectleider, region, monkeypatch
):
    first = GovernanceBodyFactory(region=region, name="Regiegroep")
    second = GovernanceBodyFactory(region=region, name="Stuurgroep")
    results = iter([(first, second), (second, first)])

    def post():
        body, target = next(results)
        client = client_for(projectleider)
        client.raise_request_exception = False
        url = reverse("regions:body_update", args=[region.slug, body.uuid])
        data = {
            **page_lock(client, url),
            "name": body.name,
            "form": body.form_id,
            "kind": body.kind,
            "meetings_per_year": body.meetings_per_year,
            "purpose": "",
            "reports_to": target.pk,
        }
        return client.post(url, data).status_code

    statuses = twice_at_once(monkeypatch, services, "body_save", post)

    assert sorted(statuses) == [200, 302]
    lines = list(GovernanceBody.objects.exclude(reports_to=None).values_list("name", flat=True))
    assert len(lines) == 1  # one line saved; the other was refused as a cycle

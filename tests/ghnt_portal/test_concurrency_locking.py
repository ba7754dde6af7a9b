"""No lost updates: two people open the same edit page, the first saves, the second gets a
Dutch conflict message with the newer values, keeps their own input, and the first's value stays."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.constants import ItemStatus
from governance.models import AssessmentAnswer, NietVergetenLijst
from regions.models import GovernanceBody, Seat
from tests.factories import BodyFormFactory, GovernanceBodyFactory, MembershipFactory, SeatFactory
from tests.governance.factories import (
    AssessmentAnswerFactory,
    AssessmentFactory,
    ChecklistItemFactory,
    NietVergetenLijstFactory,
)

CONFLICT = "Iemand anders heeft dit intussen gewijzigd en opgeslagen"


def form_data(form) -> dict:
    """What the browser would send back for an untouched form on the page."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


@pytest.fixture
def two_editors(client_for, projectleider, region):
    second = MembershipFactory(region=region, role="projectleider").user
    return client_for(projectleider), client_for(second)


@pytest.fixture
def body(region):
    return GovernanceBodyFactory(region=region, name="Stuurgroep", form=BodyFormFactory())


def test_the_second_save_of_a_body_is_refused_and_keeps_the_first(two_editors, body):
    first, second = two_editors
    url = reverse("regions:body_update", args=[body.region.slug, body.uuid])
    data_first = form_data(first.get(url).context["form"])
    data_second = form_data(second.get(url).context["form"])

    saved = first.post(url, {**data_first, "purpose": "Versie van de eerste"})
    refused = second.post(url, {**data_second, "purpose": "Versie van de tweede"})

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = refused.content.decode()
    assert CONFLICT in page
    assert "Versie van de eerste" in page  # the newer value is shown
    assert "Versie van de tweede" in page  # and the user's own input is kept in the form
    body.refresh_from_db()
    assert body.purpose == "Versie van de eerste"


def test_after_a_conflict_saving_again_is_a_deliberate_overwrite(two_editors, body):
    first, second = two_editors
    url = reverse("regions:body_update", args=[body.region.slug, body.uuid])
    data_first = form_data(first.get(url).context["form"])
    data_second = form_data(second.get(url).context["form"])
    first.post(url, {**data_first, "purpose": "Versie van de eerste"})
    refused = second.post(url, {**data_second, "purpose": "Versie van de tweede"})

    again = second.post(url, form_data(refused.context["form"]))

    assert again.status_code == 302
    body.refresh_from_db()
    assert body.purpose == "Versie van de tweede"


def test_the_second_save_of_a_seat_is_refused_and_keeps_the_first(two_editors, body):
    seat = SeatFactory(body=body, person_name="A. de Vries", person_function="Wethouder")
    first, second = two_editors
    url = reverse("regions:seat_update", args=[body.region.slug, seat.uuid])
    data_first = form_data(first.get(url).context["form"])
    data_second = form_data(second.get(url).context["form"])

    first.post(url, {**data_first, "person_function": "Burgemeester"})
    refused = second.post(url, {**data_second, "person_function": "Gedeputeerde"})

    assert refused.status_code == 200
    assert CONFLICT in refused.content.decode()
    assert "Burgemeester" in refused.content.decode()
    seat.refresh_from_db()
    assert seat.person_function == "Burgemeester"


def test_the_second_save_of_a_niet_vergeten_lijst_is_refused_and_keeps_the_first(two_editors, body):
    NietVergetenLijstFactory(body=body)
    first, second = two_editors
    url = reverse("governance:nvl_edit", args=[body.region.slug, body.uuid])
    data_first = form_data(first.get(url).context["form"])
    data_second = form_data(second.get(url).context["form"])

    first.post(url, {**data_first, "problem": "Probleem volgens de eerste"})
    refused = second.post(url, {**data_second, "problem": "Probleem volgens de tweede"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert CONFLICT in page
    assert "Probleem volgens de eerste" in page
    assert "Probleem volgens de tweede" in page
    assert NietVergetenLijst.objects.get(body=body).problem == "Probleem volgens de eerste"


def _answer_forms(response):
    return [form for _section, forms in response.context["sections"] for form in forms]


def test_the_second_save_of_an_assessment_item_is_refused_and_keeps_the_first(two_editors, region):
    assessment = AssessmentFactory(region=region)
    answer = AssessmentAnswerFactory(
        assessment=assessment, item=ChecklistItemFactory(section__version=assessment.version)
    )
    first, second = two_editors
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    (form_first,) = _answer_forms(first.get(url))
    (form_second,) = _answer_forms(second.get(url))
    explanation = form_first.add_prefix("explanation")

    first.post(url, {**form_data(form_first), explanation: "Toelichting van de eerste"})
    refused = second.post(url, {**form_data(form_second), explanation: "Toelichting van de tweede"})

    assert refused.status_code == 200
    page = refused.content.decode()
    assert CONFLICT in page
    assert "Toelichting van de eerste" in page
    assert "Toelichting van de tweede" in page
    answer.refresh_from_db()
    assert answer.explanation == "Toelichting van de eerste"


def test_two_people_filling_different_items_of_one_round_both_keep_their_answers(
    two_editors, region
):
    assessment = AssessmentFactory(region=region)
    item_a = ChecklistItemFactory(section__version=assessment.version)
    item_b = ChecklistItemFactory(section=item_a.section)
    answer_a = AssessmentAnswerFactory(assessment=assessment, item=item_a)
    answer_b = AssessmentAnswerFactory(assessment=assessment, item=item_b)
    first, second = two_editors
    url = reverse("governance:assessment_fill", args=[region.slug, assessment.uuid])
    forms_first = _answer_forms(first.get(url))
    forms_second = _answer_forms(second.get(url))
    data_first = {k: v for form in forms_first for k, v in form_data(form).items()}
    data_second = {k: v for form in forms_second for k, v in form_data(form).items()}
    status_a = next(f for f in forms_first if f.instance == answer_a).add_prefix("status")
    status_b = next(f for f in forms_second if f.instance == answer_b).add_prefix("status")

    first.post(url, {**data_first, status_a: ItemStatus.DONE})
    saved = second.post(url, {**data_second, status_b: ItemStatus.DONE})

    assert saved.status_code == 302
    assert set(AssessmentAnswer.objects.values_list("status", flat=True)) == {ItemStatus.DONE}


def test_a_save_racing_past_the_form_check_is_refused_by_the_database(body):
    stale = GovernanceBody.objects.get(pk=body.pk)
    GovernanceBody.objects.get(pk=body.pk).save()  # someone else saved in between
    stale._expected_lock_version = stale.lock_version
    stale.purpose = "Verouderd"

    with pytest.raises(ValidationError):
        stale.save()

    body.refresh_from_db()
    assert body.purpose != "Verouderd"


def test_every_save_counts_the_version_up(body):
    seat = SeatFactory(body=body)
    assert seat.lock_version == 1

    seat.person_name = "Nieuwe naam"
    seat.save()
    seat.save()

    assert Seat.objects.get(pk=seat.pk).lock_version == 3
    assert seat.lock_version == 3

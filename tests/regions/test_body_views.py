"""Creating, editing and deleting governance bodies: valid input saves, bad input gives a Dutch
error at the field and saves nothing."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from regions.constants import BodyKind
from regions.forms import DUPLICATE_BODY_NAME
from regions.models import GovernanceBody, Seat
from tests.factories import BodyFormFactory, DomainFactory, GovernanceBodyFactory, SeatFactory
from tests.governance.factories import CommunicationEntryFactory, MeetingFactory
from tests.locking import page_lock
from tests.scan.factories import ScanSessionFactory


@pytest.fixture
def editor(client_for, projectleider):
    return client_for(projectleider)


@pytest.fixture
def body_form(db):
    return BodyFormFactory()


def create_url(region):
    return reverse("regions:body_create", args=[region.slug])


def update_url(body):
    return reverse("regions:body_update", args=[body.region.slug, body.uuid])


def delete_url(body):
    return reverse("regions:body_delete", args=[body.region.slug, body.uuid])


def valid_data(body_form, **overrides):
    data = {
        "name": "Stuurgroep Zorg en Veiligheid Testland",
        "form": body_form.pk,
        "kind": BodyKind.ADVISORY,
        "meetings_per_year": 6,
        "purpose": "Samen sturen op de aanpak.",
        "domains": [],
        "reports_to": "",
    }
    data.update(overrides)
    return data


def test_projectleider_creates_a_body_with_domains_and_a_reporting_line(editor, region, body_form):
    jeugd, veiligheid = DomainFactory(slug="jeugd"), DomainFactory(slug="veiligheid")
    parent = GovernanceBodyFactory(region=region, name="Regiobijeenkomst")

    response = editor.post(
        create_url(region),
        valid_data(body_form, domains=[jeugd.pk, veiligheid.pk], reports_to=parent.pk),
        follow=True,
    )

    body = GovernanceBody.objects.get(name="Stuurgroep Zorg en Veiligheid Testland")
    assert body.region == region
    assert body.reports_to == parent
    assert set(body.domains.all()) == {jeugd, veiligheid}
    assert response.redirect_chain[-1][0] == reverse(
        "regions:body_detail", args=[region.slug, body.uuid]
    )
    assert "Overleg ‘Stuurgroep Zorg en Veiligheid Testland’ is toegevoegd." in response.text


def test_the_form_shows_domains_as_checkboxes_and_only_other_bodies_of_the_region(
    editor, region, other_region, body_form
):
    DomainFactory(slug="jeugd")
    own = GovernanceBodyFactory(region=region, name="Eigen overleg")
    GovernanceBodyFactory(region=other_region, name="Overleg elders")

    response = editor.get(update_url(own))

    assert 'name="domains"' in response.text
    assert 'type="checkbox"' in response.text
    choices = list(response.context["form"].fields["reports_to"].queryset)
    assert choices == []  # not itself, and not the other region's body
    assert "Overleg elders" not in response.text


def test_projectleider_edits_a_body(editor, region, body_form):
    body = GovernanceBodyFactory(region=region, name="Oud", form=body_form)

    response = editor.post(
        update_url(body),
        {
            **valid_data(body_form, name="Nieuw", kind=BodyKind.DECISION_MAKING),
            **page_lock(editor, update_url(body)),
        },
    )

    body.refresh_from_db()
    assert response.status_code == 302
    assert body.name == "Nieuw"
    assert body.kind == BodyKind.DECISION_MAKING


def test_beheerder_can_create_a_body_in_any_region(client_for, beheerder, region, body_form):
    response = client_for(beheerder).post(create_url(region), valid_data(body_form))

    assert response.status_code == 302
    assert GovernanceBody.objects.filter(region=region).count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Dit veld is verplicht."),
        ("name", "x" * 201, "Zorg dat deze waarde niet meer dan 200 tekens bevat"),
        ("meetings_per_year", 99, "Zorg ervoor dat deze waarde hoogstens 52 is."),
        ("meetings_per_year", -1, "Zorg ervoor dat deze waarde minstens 0 is."),
        ("meetings_per_year", "vaak", "Voer een geheel getal in."),
        ("purpose", "x" * 4001, "Zorg dat deze waarde niet meer dan 4000 tekens bevat"),
        ("kind", "soms", "Selecteer een geldige keuze."),
        ("form", 999999, "Selecteer een geldige keuze."),
        ("domains", [999999], "Selecteer een geldige keuze."),
        ("reports_to", 999999, "Selecteer een geldige keuze."),
    ],
)
def test_invalid_input_gives_a_dutch_error_at_the_field_and_saves_nothing(
    editor, region, body_form, field, value, message
):
    response = editor.post(create_url(region), valid_data(body_form, **{field: value}))

    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert message in response.text
    assert not GovernanceBody.objects.exists()


def test_reports_to_a_body_of_another_region_is_refused(editor, region, other_region, body_form):
    foreign = GovernanceBodyFactory(region=other_region)

    response = editor.post(create_url(region), valid_data(body_form, reports_to=foreign.pk))

    assert response.status_code == 200
    assert "Selecteer een geldige keuze." in response.context["form"].errors["reports_to"][0]
    assert not GovernanceBody.objects.filter(region=region).exists()


def test_a_reporting_cycle_is_refused_at_the_field(editor, region, body_form):
    top = GovernanceBodyFactory(region=region, name="Boven")
    middle = GovernanceBodyFactory(region=region, name="Midden", reports_to=top)
    bottom = GovernanceBodyFactory(region=region, name="Onder", reports_to=middle)

    response = editor.post(
        update_url(top), valid_data(body_form, name="Boven", reports_to=bottom.pk)
    )

    assert response.status_code == 200
    assert "kring" in response.context["form"].errors["reports_to"][0]
    top.refresh_from_db()
    assert top.reports_to is None


def test_a_duplicate_name_in_the_region_is_refused(editor, region, other_region, body_form):
    GovernanceBodyFactory(region=region, name="Stuurgroep")
    GovernanceBodyFactory(region=other_region, name="Andere naam elders")

    response = editor.post(create_url(region), valid_data(body_form, name="stuurgroep"))

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [str(DUPLICATE_BODY_NAME)]
    assert GovernanceBody.objects.filter(region=region).count() == 1


def test_the_same_name_in_another_region_is_fine(editor, region, other_region, body_form):
    GovernanceBodyFactory(region=other_region, name="Stuurgroep")

    response = editor.post(create_url(region), valid_data(body_form, name="Stuurgroep"))

    assert response.status_code == 302
    assert GovernanceBody.objects.filter(name="Stuurgroep").count() == 2


def test_an_error_page_has_an_error_summary_and_a_distinct_title(editor, region, body_form):
    response = editor.post(create_url(region), valid_data(body_form, name=""))

    assert 'id="error-summary"' in response.text
    assert "<title>Fout: Nieuw overleg" in response.text


def test_deleting_a_body_shows_what_goes_with_it(editor, region):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep")
    SeatFactory(body=body, person_name="Tineke Tafel", person_function="wethouder")
    GovernanceBodyFactory(region=region, name="Regiegroep", reports_to=body)

    response = editor.get(delete_url(body))

    assert response.status_code == 200
    assert "Tineke Tafel (wethouder)" in response.text
    assert "Deze zetels worden ook verwijderd" in response.text
    assert "Regiegroep" in response.text
    assert "verliezen die lijn" in response.text
    assert "Ja, verwijderen" in response.text


def test_deleting_a_body_also_lists_its_meetings_and_plans_from_other_apps(editor, region):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep")
    MeetingFactory.create_batch(2, body=body)
    CommunicationEntryFactory(body=body)

    response = editor.get(delete_url(body))

    assert "Ook dit wordt verwijderd" in response.text
    assert "2 × vergaderingen" in response.text
    assert "1 × communicatieplan" in response.text


def test_deleting_a_body_names_what_stays_without_it(editor, region):
    """On delete, a scan session's body is set to empty: the page said nothing of it."""
    body = GovernanceBodyFactory(region=region, name="Stuurgroep")
    ScanSessionFactory(region=region, body=body)

    response = editor.get(delete_url(body))

    assert "Dit blijft bestaan, maar verliest de koppeling" in response.text
    assert "1 × scansessies" in response.text
    assert "Er gaat niets anders mee verloren" not in response.text


def test_confirming_deletes_the_body_and_its_seats_and_cuts_the_lines(editor, region):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep")
    SeatFactory.create_batch(2, body=body)
    child = GovernanceBodyFactory(region=region, name="Regiegroep", reports_to=body)

    response = editor.post(delete_url(body), follow=True)

    assert not GovernanceBody.objects.filter(pk=body.pk).exists()
    assert not Seat.objects.filter(body_id=body.pk).exists()
    child.refresh_from_db()
    assert child.reports_to is None
    # The region's history shows the body below losing its reporting line.
    change = LogEntry.objects.get_for_object(child).get(action=LogEntry.Action.UPDATE)
    assert change.changes_dict["reports_to"][1] == "None"
    assert response.redirect_chain[-1][0] == reverse("regions:region_detail", args=[region.slug])
    assert "Overleg ‘Stuurgroep’ is verwijderd, met zijn 2 zetels." in response.text


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        (0, "Overleg ‘Stuurgroep’ is verwijderd; het had geen zetels."),
        (1, "Overleg ‘Stuurgroep’ is verwijderd, met zijn 1 zetel."),
    ],
)
def test_the_deletion_message_counts_the_seats_in_words(editor, region, seats, message):
    body = GovernanceBodyFactory(region=region, name="Stuurgroep")
    SeatFactory.create_batch(seats, body=body)

    response = editor.post(delete_url(body), follow=True)

    assert message in response.text


def test_a_rule_failing_inside_the_save_is_shown_on_the_form(
    editor, region, body_form, monkeypatch
):
    """E.g. a concurrent edit made a cycle between validation and saving: no 500."""
    from django.core.exceptions import ValidationError

    from regions import services

    def refuse(**kwargs):
        raise ValidationError("Deze keuze maakt een kring.")

    monkeypatch.setattr(services, "body_save", refuse)

    response = editor.post(create_url(region), valid_data(body_form))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Deze keuze maakt een kring."]
    assert not GovernanceBody.objects.exists()


def test_the_body_page_links_to_its_agreements_and_meetings(client_for, stuurgroeplid, region):
    body = GovernanceBodyFactory(region=region)

    response = client_for(stuurgroeplid).get(
        reverse("regions:body_detail", args=[region.slug, body.uuid])
    )

    assert reverse("governance:body_detail", args=[region.slug, body.uuid]) in response.text


def test_seats_with_the_same_name_and_role_stay_in_the_order_they_were_added(editor, region):
    """The body page sorts on role and name; two seats alike in both keep the order in which
    they were made, whatever order the database returns them in."""
    body = GovernanceBodyFactory(region=region)
    first = SeatFactory(body=body, person_name="Lotte Veenstra", person_function="Wethouder")
    second = SeatFactory(body=body, person_name="Lotte Veenstra", person_function="Directeur")
    SeatFactory(body=body, person_name="Anne de Vries")

    response = editor.get(reverse("regions:body_detail", args=[region.slug, body.uuid]))

    text = response.text
    assert response.status_code == 200
    assert text.index("Anne de Vries") < text.index(str(first.uuid)) < text.index(str(second.uuid))

"""Bodies and partner organisations share one rule: a name is unique within the region, ignoring
case, accents and spaces (runs of spaces inside a name become one); renaming an object to (a
variant of) its own name is fine."""

import uuid

import pytest
from django.core.exceptions import ValidationError

from regions import services
from regions.forms import (
    DUPLICATE_BODY_NAME,
    DUPLICATE_PARTNER_NAME,
    GovernanceBodyForm,
    PartnerOrganisationForm,
)
from tests.factories import GovernanceBodyFactory, PartnerOrganisationFactory

CASES = [
    (GovernanceBodyForm, GovernanceBodyFactory, DUPLICATE_BODY_NAME),
    (PartnerOrganisationForm, PartnerOrganisationFactory, DUPLICATE_PARTNER_NAME),
]


def name_errors(form_class, region, name, instance=None):
    form = form_class(data={"name": name}, region=region, instance=instance)
    form.is_valid()
    return form.errors.get("name"), form.cleaned_data.get("name")


@pytest.mark.parametrize(("form_class", "factory", "message"), CASES)
def test_a_name_taken_in_the_region_is_refused(region, form_class, factory, message):
    factory(region=region, name="Stuurgroep")

    assert name_errors(form_class, region, "  STUURGROEP ")[0] == [str(message)]


@pytest.mark.parametrize(("form_class", "factory", "message"), CASES)
@pytest.mark.parametrize(
    "name", ["Stuurgroep  Zorg en Veiligheid", "stuurgroep zorg en véiligheid", "ÉÉN Overleg"]
)
def test_a_name_differing_only_in_spaces_or_accents_is_refused(
    region, form_class, factory, message, name
):
    factory(region=region, name="Stuurgroep Zorg en Veiligheid")
    factory(region=region, name="één overleg")

    assert name_errors(form_class, region, name)[0] == [str(message)]


@pytest.mark.parametrize(("form_class", "factory", "message"), CASES)
def test_runs_of_spaces_inside_a_name_become_one(region, form_class, factory, message):
    assert name_errors(form_class, region, " Zorg  en   Veiligheid ") == (
        None,
        "Zorg en Veiligheid",
    )


@pytest.mark.parametrize(("form_class", "factory", "message"), CASES)
def test_an_object_keeps_its_own_name_and_may_share_one_with_another_region(
    region, other_region, form_class, factory, message
):
    own = factory(region=region, name="Stuurgroep")
    factory(region=other_region, name="Regiegroep")

    assert name_errors(form_class, region, "stuurgroep ", instance=own) == (None, "stuurgroep")
    assert name_errors(form_class, region, " Regiegroep") == (None, "Regiegroep")


def _second_of(first, name):
    """An unsaved object of the same kind, region and type as ``first``, named ``name``."""
    copy = type(first).objects.get(pk=first.pk)
    copy.pk = copy.id = None
    copy.uuid = uuid.uuid4()
    copy.lock_version = 1
    copy.name = name
    return copy


# The save service of each kind, its factory and the error its form and service give.
SERVICES_WITH_MESSAGE = [
    (
        lambda obj: services.body_save(body=obj, domains=[]),
        GovernanceBodyFactory,
        DUPLICATE_BODY_NAME,
    ),
    (
        lambda obj: services.partner_save(partner=obj),
        PartnerOrganisationFactory,
        DUPLICATE_PARTNER_NAME,
    ),
]


@pytest.mark.parametrize(
    ("save", "factory", "message"),
    SERVICES_WITH_MESSAGE,
)
def test_the_service_refuses_a_name_saved_meanwhile_with_the_forms_message(
    region, save, factory, message
):
    """A double click: the second request passed the form before the first was saved."""
    second = _second_of(factory(region=region, name="Stuurgroep"), "stuurgroep")

    with pytest.raises(ValidationError) as refused:
        save(second)

    assert refused.value.message_dict == {"name": [str(message)]}
    assert factory._meta.model.objects.count() == 1


@pytest.mark.parametrize(
    ("save", "factory", "message"),
    SERVICES_WITH_MESSAGE,
)
def test_the_service_refuses_a_name_differing_only_in_accents(region, save, factory, message):
    second = _second_of(factory(region=region, name="Veiligheidshuis"), "Véiligheidshuis")

    with pytest.raises(ValidationError) as refused:
        save(second)

    assert refused.value.message_dict == {"name": [str(message)]}

"""Factories shared by all apps: people, regions and the registry. App-specific ones live in
``tests/<app>/factories.py``."""

import factory
from django.conf import settings

from ghnt_portal.accounts.constants import NationalRole
from ghnt_portal.accounts.models import Invitation
from regions.constants import BestuurderFunction, BodyKind, FigureKind, RegionRole
from regions.models import (
    BodyForm,
    Domain,
    GovernanceBody,
    Membership,
    Municipality,
    OrganisationType,
    PartnerOrganisation,
    Region,
    RegionalFigure,
    Seat,
)

TEST_PASSWORD = "test-wachtwoord-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = settings.AUTH_USER_MODEL
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    full_name = factory.Faker("name", locale="nl_NL")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    class Params:
        beheerder = factory.Trait(national_role=NationalRole.BEHEERDER)
        landelijk = factory.Trait(national_role=NationalRole.LANDELIJK)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    centrumgemeente = "Centrumstad"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    # GM2000-GM6999: codes no test writes out itself (they use GM0001, GM0153, GM9001...), so
    # a factory municipality never takes the code a test is about to create or import.
    cbs_code = factory.Sequence(lambda n: f"GM{2000 + n % 5000:04d}")
    inhabitants = 25_000
    region = factory.SubFactory(RegionFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = RegionRole.STUURGROEPLID

    class Params:
        burgemeester = factory.Trait(
            role=RegionRole.BESTUURDER,
            function=BestuurderFunction.BURGEMEESTER,
            portfolio="Openbare orde en veiligheid",
        )
        wethouder = factory.Trait(
            role=RegionRole.BESTUURDER, function=BestuurderFunction.WETHOUDER, portfolio="Jeugd"
        )
        projectleider = factory.Trait(role=RegionRole.PROJECTLEIDER)


class InvitationFactory(factory.django.DjangoModelFactory):
    """A pending invitation (only the hash of a link's token is stored)."""

    class Meta:
        model = Invitation

    email = factory.Sequence(lambda n: f"uitgenodigd{n}@example.nl")
    region = factory.SubFactory(RegionFactory)
    role = RegionRole.STUURGROEPLID
    token_hash = factory.Sequence(lambda n: Invitation.hash_token(f"token-{n}"))

    class Params:
        wethouder = factory.Trait(
            role=RegionRole.BESTUURDER, function=BestuurderFunction.WETHOUDER, portfolio="Jeugd"
        )


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"domein-{n}")
    name = factory.LazyAttribute(lambda o: o.slug.replace("-", " ").capitalize())


class OrganisationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationType
        django_get_or_create = ["slug"]

    slug = "veilig-thuis"
    name = "Veilig Thuis"


class BodyFormFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyForm
        django_get_or_create = ["slug"]

    slug = "stuurgroep-zorg-en-veiligheid"
    name = "Stuurgroep Zorg en Veiligheid"


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganisation

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")
    organisation_type = factory.SubFactory(OrganisationTypeFactory)


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Overleg {n}")
    form = factory.SubFactory(BodyFormFactory)
    kind = BodyKind.ADVISORY
    meetings_per_year = 4
    purpose = "Samen sturen op een sluitende aanpak van huiselijk geweld."

    @factory.post_generation
    def domains(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.domains.set(extracted)


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    body = factory.SubFactory(GovernanceBodyFactory)
    person_name = factory.Faker("name", locale="nl_NL")
    person_function = "Wethouder"


class RegionalFigureFactory(factory.django.DjangoModelFactory):
    """A figure of a region that the project leader entered (fictitious source)."""

    class Meta:
        model = RegionalFigure

    region = factory.SubFactory(RegionFactory)
    kind = FigureKind.VT_REPORTS
    year = 2021
    value = 4321
    source = "Fictieve testbron"

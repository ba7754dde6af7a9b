"""Helpers that build a region's registry for the regions tests."""

from types import SimpleNamespace

from regions.constants import DomainGroup
from tests.factories import (
    DomainFactory,
    GovernanceBodyFactory,
    MunicipalityFactory,
    PartnerOrganisationFactory,
    SeatFactory,
)


def core_domains() -> SimpleNamespace:
    """The three core domains and one adjacent domain, as in the reference list."""
    return SimpleNamespace(
        jeugd=DomainFactory(
            slug="jeugd", name="Jeugd", group=DomainGroup.CARE, is_core=True, order=10
        ),
        wmo=DomainFactory(
            slug="wmo-sociaal-domein",
            name="Wmo / sociaal domein",
            group=DomainGroup.CARE,
            is_core=True,
            order=20,
        ),
        veiligheid=DomainFactory(
            slug="veiligheid", name="Veiligheid", group=DomainGroup.SAFETY, is_core=True, order=30
        ),
        onderwijs=DomainFactory(
            slug="onderwijs", name="Onderwijs", group=DomainGroup.ADJACENT, order=50
        ),
    )


def fill_registry(region, *, bodies: int, seats_per_body: int, domains=()) -> list:
    """``bodies`` bodies in a reporting chain, each with seats, partners and municipalities."""
    municipality = MunicipalityFactory(region=region)
    made = []
    for i in range(bodies):
        partner = PartnerOrganisationFactory(region=region)
        body = GovernanceBodyFactory(
            region=region, reports_to=made[-1] if made else None, domains=list(domains)
        )
        for j in range(seats_per_body):
            SeatFactory(
                body=body,
                represents_partner=partner if j % 2 else None,
                represents_municipality=None if j % 2 else municipality,
                domain=domains[j % len(domains)] if domains else None,
            )
        made.append(body)
        if i % 3 == 0:
            MunicipalityFactory(region=region)
    return made

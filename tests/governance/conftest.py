"""Fixtures of the governance tests: the shipped checklist and a body of the standing region."""

import pytest

from governance import reference
from governance.models import ChecklistVersion
from tests.factories import GovernanceBodyFactory, SeatFactory


@pytest.fixture
def checklist(db):
    """The shipped checklist (version 1, published), loaded as in production."""
    reference.load_checklist(reference.read_checklist())
    return ChecklistVersion.objects.get(number=1)


@pytest.fixture
def body(region):
    return GovernanceBodyFactory(region=region, name="Stuurgroep Zorg en Veiligheid Testland")


@pytest.fixture
def seats(body):
    return [
        SeatFactory(body=body, person_name="Wim Wethouder", mandate=""),
        SeatFactory(body=body, person_name="Bram Burgemeester", mandate=""),
    ]


@pytest.fixture
def other_body(other_region):
    return GovernanceBodyFactory(region=other_region, name="Stuurgroep Elders")

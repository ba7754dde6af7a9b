"""Fixtures of the scan tests: a small published questionnaire (3 themes) and a second
bestuurder in the same region."""

import pytest

from scan.constants import Audience
from tests.factories import MembershipFactory, MunicipalityFactory

from .factories import QuestionFactory, QuestionnaireFactory, ThemeFactory


@pytest.fixture
def questionnaire(db):
    """3 themes; theme 1 has a question for both, one for burgemeesters, one for wethouders."""
    q = QuestionnaireFactory(version=1)
    themes = [ThemeFactory(questionnaire=q, order=i, key=f"thema-{i}") for i in range(1, 4)]
    QuestionFactory(theme=themes[0], key="rol", text="Ken ik mijn eigen rol?", order=1)
    QuestionFactory(
        theme=themes[0],
        key="huisverbod",
        text="Weet ik hoe vaak er een huisverbod is?",
        audience=Audience.BURGEMEESTER,
        order=2,
    )
    QuestionFactory(
        theme=themes[0],
        key="opdrachtgever",
        text="Passen onze opdrachten bij wat gezinnen nodig hebben?",
        audience=Audience.WETHOUDER,
        order=3,
    )
    QuestionFactory(theme=themes[1], key="visie", text="Delen we een visie?", order=1)
    QuestionFactory(theme=themes[1], key="cijfers", text="Ken ik de cijfers?", order=2)
    QuestionFactory(theme=themes[2], key="raad", text="Informeer ik de raad?", order=1)
    return q


@pytest.fixture
def bestuurder2(region):
    """A second wethouder in the same region."""
    return MembershipFactory(region=region, wethouder=True).user


@pytest.fixture
def municipality(region, bestuurder):
    municipality = MunicipalityFactory(region=region, name="Oeverwijk")
    bestuurder.memberships.update(municipality=municipality)
    return municipality

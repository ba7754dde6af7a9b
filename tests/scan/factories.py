import factory
from django.utils import timezone

from scan.constants import Audience
from scan.models import (
    Answer,
    Question,
    Questionnaire,
    Response,
    ScanSession,
    SessionInvitation,
    SharedResponse,
    Theme,
)
from tests.factories import RegionFactory, UserFactory


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    version = factory.Sequence(lambda n: n + 1)
    title = "B&W-scan HGKM"
    is_published = True
    published_at = factory.LazyFunction(timezone.now)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    key = factory.Sequence(lambda n: f"thema-{n}")
    title = factory.Sequence(lambda n: f"Thema {n}")
    introduction = "Inleiding van het thema."
    order = factory.Sequence(lambda n: n)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    theme = factory.SubFactory(ThemeFactory)
    questionnaire = factory.SelfAttribute("theme.questionnaire")
    key = factory.Sequence(lambda n: f"vraag-{n}")
    text = factory.Sequence(lambda n: f"Reflectievraag nummer {n}?")
    why = "Daarom."
    deepening = "Eerste verdieping?\nTweede verdieping?"
    tips = "Een tip."
    source = "Integrale sturing, GHNT 2020, §3D"
    audience = Audience.BOTH
    order = factory.Sequence(lambda n: n)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    user = factory.SubFactory(UserFactory)
    questionnaire = factory.SubFactory(QuestionnaireFactory)
    region = factory.SubFactory(RegionFactory)
    function = "wethouder"
    round = 1


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)
    scale = 2


class ScanSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScanSession

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Stuurgroep zorg en veiligheid {n}")
    questionnaire = factory.SubFactory(QuestionnaireFactory)


class SessionInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionInvitation

    session = factory.SubFactory(ScanSessionFactory)
    user = factory.SubFactory(UserFactory)


class SharedResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SharedResponse

    session = factory.SubFactory(ScanSessionFactory)
    response = factory.SubFactory(ResponseFactory)
    user = factory.SelfAttribute("response.user")
    anonymous = True

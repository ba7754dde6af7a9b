"""Factories of the governance tests."""

import datetime

import factory

from governance.constants import AgendaAsk, CommunicationMoment, ItemStatus, VersionStatus
from governance.models import (
    AgendaItem,
    Assessment,
    AssessmentAnswer,
    ChecklistItem,
    ChecklistSection,
    ChecklistVersion,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)
from tests.factories import GovernanceBodyFactory, RegionFactory


class ChecklistVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistVersion

    number = factory.Sequence(lambda n: n + 1)
    title = "Checklist integrale sturing"
    status = VersionStatus.PUBLISHED


class ChecklistSectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistSection

    version = factory.SubFactory(ChecklistVersionFactory)
    code = factory.Sequence(lambda n: f"S{n}")
    title = factory.Sequence(lambda n: f"Onderdeel {n}")
    order = factory.Sequence(lambda n: n)


class ChecklistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    section = factory.SubFactory(ChecklistSectionFactory)
    code = factory.Sequence(lambda n: f"P{n}")
    title = factory.Sequence(lambda n: f"Punt {n}")
    explanation = "Korte uitleg."
    done_looks_like = "Zo ziet geregeld eruit."
    source = "Integrale sturing, GHNT 2020, §3D"
    order = factory.Sequence(lambda n: n)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    region = factory.SubFactory(RegionFactory)
    version = factory.SubFactory(ChecklistVersionFactory)
    date = datetime.date(2026, 3, 1)


class AssessmentAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssessmentAnswer

    assessment = factory.SubFactory(AssessmentFactory)
    item = factory.SubFactory(ChecklistItemFactory)
    status = ItemStatus.NOT_STARTED


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUpAction
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    description = factory.Sequence(lambda n: f"Actie {n}")
    owner_name = "Pim Projectleider"
    due_date = datetime.date(2026, 6, 1)

    @factory.post_generation
    def created_at(obj, create, extracted, **kwargs):
        """``created_at`` is set on the first save (auto_now_add): a given one is written after."""
        if create and extracted is not None:
            FollowUpAction.objects.filter(pk=obj.pk).update(created_at=extracted)
            obj.created_at = extracted


class NietVergetenLijstFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NietVergetenLijst

    body = factory.SubFactory(GovernanceBodyFactory)
    problem = "Het geweld gaat door na een melding."
    purpose_and_role = "Richting geven en adviseren."
    themes = "Gefaseerde ketenzorg."
    preparation = "Ambtelijk vooroverleg met ketenpartners."
    communication = "Stukken een week vooraf, verslag binnen twee weken."
    information_flow = "Via de portefeuillehouders naar de colleges."


class CommunicationEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommunicationEntry

    body = factory.SubFactory(GovernanceBodyFactory)
    audience = "Colleges"
    moment = CommunicationMoment.AFTER_MEETING
    subject = "Advies van het overleg"
    channel = "Collegenota"
    responsible = "Projectleider"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(GovernanceBodyFactory)
    date = datetime.date(2026, 4, 1)
    place = "Stadhuis"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Agendapunt {n}")
    ask = AgendaAsk.DISCUSS

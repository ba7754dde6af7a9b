"""Demo data of the governance app, loaded by manage.py load_demo_data after the regions demo.

For the demo region's stuurgroep: two checklist rounds (history), a partly filled
Niet-Vergeten-Lijst, a communication plan, a past meeting with outcomes and an upcoming one with
an agenda. Idempotent: nothing is added when the stuurgroep already has checklist rounds.
"""

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from regions.constants import BodyKind
from regions.demo import DEMO_REGION_SLUG
from regions.models import BodyForm, GovernanceBody, Region

from . import reference, services
from .constants import AgendaAsk, CommunicationMoment, ItemStatus
from .models import (
    AgendaItem,
    ChecklistItem,
    ChecklistVersion,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)

STUURGROEP_NAME = "Stuurgroep Zorg en Veiligheid Demoland"

FIRST_ROUND = {
    "2A-1": (ItemStatus.IN_PROGRESS, "Visie in concept; Veiligheid heeft nog niet ingestemd."),
    "2A-2": (ItemStatus.NOT_STARTED, ""),
    "2B-1": (ItemStatus.IN_PROGRESS, "Cijfers van Veilig Thuis verzameld, kosten nog niet."),
    "2C-1": (ItemStatus.DONE, "De wethouder van Oeverwijk treedt op als ambassadeur."),
    "2D-1": (ItemStatus.DONE, "Gekozen voor verbreding van de stuurgroep van het ZVH."),
    "2D-2": (ItemStatus.IN_PROGRESS, "Mandaat van partners nog niet overal helder."),
    "3B-1": (ItemStatus.IN_PROGRESS, "CBS-cijfers per gemeente opgevraagd."),
    "3C-2": (ItemStatus.NOT_STARTED, ""),
    "3D-2": (ItemStatus.NOT_STARTED, ""),
    "3D-3": (ItemStatus.NOT_STARTED, ""),
    "T3-2": (ItemStatus.NOT_APPLICABLE, "Loopt via de Veiligheidsregio zelf."),
}
SECOND_ROUND = {
    "2A-1": (ItemStatus.DONE, "Visie vastgesteld in alle colleges."),
    "2B-1": (ItemStatus.DONE, "Overzicht van omvang en kosten besproken in de stuurgroep."),
    "2C-1": (ItemStatus.IN_PROGRESS, "Ambassadeur vertrokken; opvolger wordt gezocht."),
    "3B-1": (ItemStatus.DONE, "Jaarlijks cijferoverzicht afgesproken."),
    "3D-2": (ItemStatus.IN_PROGRESS, "Niet-Vergeten-Lijst voor de stuurgroep half ingevuld."),
}


def _stuurgroep(region: Region) -> GovernanceBody:
    body = GovernanceBody.objects.filter(region=region, name=STUURGROEP_NAME).first()
    if body is not None:
        return body
    form, _created = BodyForm.objects.get_or_create(
        slug="stuurgroep-zorg-en-veiligheid", defaults={"name": "Stuurgroep Zorg en Veiligheid"}
    )
    body, _created = GovernanceBody.objects.get_or_create(
        region=region,
        name=STUURGROEP_NAME,
        defaults={"form": form, "kind": BodyKind.ADVISORY, "meetings_per_year": 6},
    )
    return body


def _apply(assessment, answers: dict) -> None:
    for answer in assessment.answers.select_related("item"):
        if answer.item.code in answers:
            answer.status, answer.explanation = answers[answer.item.code]
            answer.save(update_fields=["status", "explanation"])


def _noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)), timezone.get_default_timezone())


def _backdate(action: FollowUpAction, *, made_on: date, closed_on: date | None = None) -> None:
    """An action made in its round, not when the demo was loaded: a report on a past date lists
    the actions that were open then (FollowUpAction.objects.open_on)."""
    changes = {"created_at": _noon(made_on)}
    if closed_on is not None:
        changes["closed_at"] = _noon(closed_on)
    FollowUpAction.objects.filter(pk=action.pk).update(**changes)


def load() -> Iterator[str]:
    region = Region.objects.filter(slug=DEMO_REGION_SLUG).first()
    if region is None:
        yield "integrale sturing: geen demoregio gevonden, niets geladen"
        return
    if ChecklistVersion.objects.current() is None:
        reference.load_checklist(reference.read_checklist())
    body = _stuurgroep(region)
    if body.assessments.exists():
        yield "integrale sturing: demodata bestond al"
        return
    today = timezone.localdate()
    seats = list(body.seats.all())

    first = services.start_assessment(
        region=region,
        body=body,
        on=today - timedelta(days=182),
        participants="",
        participant_seats=seats,
    )
    _apply(first, FIRST_ROUND)
    answers = {a.item.code: a for a in first.answers.select_related("item")}
    mandate = services.create_action(
        region=region,
        answer=answers["2D-2"],
        description="Mandaat van elke partner aan tafel navragen en vastleggen",
        owner_name="Pim Projectleider",
        due_date=today + timedelta(days=10),
    )
    _backdate(mandate, made_on=first.date)
    old = services.create_action(
        region=region,
        answer=answers["2A-1"],
        description="Visie voorleggen aan de colleges",
        owner_name="Wim Wethouder",
        due_date=today - timedelta(days=60),
    )
    services.set_action_closed(action=old, closed=True)
    _backdate(old, made_on=first.date, closed_on=old.due_date)

    second = services.start_assessment(
        region=region,
        body=body,
        on=today - timedelta(days=14),
        participants="Ervaringsdeskundige (op uitnodiging)",
        participant_seats=seats,
        stuurgroep_may_edit=True,
    )
    _apply(second, SECOND_ROUND)
    answers = {a.item.code: a for a in second.answers.select_related("item")}
    ambassador = services.create_action(
        region=region,
        answer=answers["2C-1"],
        description="Nieuwe bestuurlijke ambassadeur uit het veiligheidsdomein zoeken",
        owner_name="Bram Burgemeester",
        due_date=today + timedelta(days=45),
    )
    plan = services.create_action(
        region=region,
        answer=answers["3D-3"],
        description="Communicatieplan van de stuurgroep afmaken",
        owner_name="Pim Projectleider",
        due_date=today + timedelta(days=21),
    )
    for action in (ambassador, plan):
        _backdate(action, made_on=second.date)

    NietVergetenLijst.objects.update_or_create(
        body=body,
        defaults={
            "problem": (
                "In Demoland blijft het geweld in veel gezinnen doorgaan na een melding bij "
                "Veilig Thuis. Zorg en veiligheid stemmen hun aanpak nog per geval af."
            ),
            "purpose_and_role": (
                "De stuurgroep geeft inhoudelijk richting en adviseert de Regiobijeenkomst "
                "Zorg en Veiligheid. Zij besluit zelf niet."
            ),
            "themes": "Gefaseerde ketenzorg; cijfers van de regio; knelpunten tussen domeinen.",
        },
    )
    CommunicationEntry.objects.create(
        body=body,
        audience="Colleges van de vier gemeenten",
        moment=CommunicationMoment.AFTER_MEETING,
        subject="Advies van de stuurgroep en wat het vraagt van de colleges",
        channel="Collegenota via de portefeuillehouders",
        responsible="Pim Projectleider",
    )
    CommunicationEntry.objects.create(
        body=body,
        audience="Ketenpartners",
        moment=CommunicationMoment.BEFORE_MEETING,
        subject="Agenda en stukken",
        channel="E-mail, een week vooraf",
        responsible="Secretaris van de stuurgroep",
    )

    past = Meeting.objects.create(
        body=body, date=today - timedelta(days=14), place="Stadhuis Demostad"
    )
    past.present_seats.set(seats)
    item = AgendaItem.objects.create(
        meeting=past,
        order=1,
        title="Tweede ronde checklist integrale sturing",
        ask=AgendaAsk.DISCUSS,
        introduced_by="Pim Projectleider",
        outcome="Checklist doorgelopen; ambassadeur veiligheid wordt gezocht.",
    )
    item.checklist_items.set(
        ChecklistItem.objects.filter(section__version=second.version, code__in=["2C-1", "3D-2"])
    )
    upcoming = Meeting.objects.create(
        body=body, date=today + timedelta(days=30), place="Zorg- en Veiligheidshuis Demoland"
    )
    agenda = [
        ("Cijfers huiselijk geweld Demoland", AgendaAsk.INFORM, "Pim Projectleider", ["3B-1"]),
        ("Niet-Vergeten-Lijst van de stuurgroep", AgendaAsk.DECIDE, "Voorzitter", ["3D-2"]),
        ("Communicatieplan", AgendaAsk.ADVISE, "Pim Projectleider", ["3D-3"]),
    ]
    for order, (title, ask, by, codes) in enumerate(agenda, start=1):
        item = AgendaItem.objects.create(
            meeting=upcoming, order=order, title=title, ask=ask, introduced_by=by
        )
        item.checklist_items.set(
            ChecklistItem.objects.filter(section__version=second.version, code__in=codes)
        )
    yield (
        f"integrale sturing {region}: 2 checklistrondes, 4 acties, Niet-Vergeten-Lijst, "
        "communicatieplan en 2 vergaderingen"
    )

"""A realistic, clearly fictional national dataset for the benchmark (``make bench``).

At ``--scale 1``: 28 regions (the shipped reference regions plus generated "Fictieve regio NN"
for the rest), 342 municipalities, 10 bodies and 120 seats per region, 2,000 users with
memberships, 1,500 scan responses with answers, 10 checklist assessments per region with answers
and follow-up actions, a Niet-Vergeten-Lijst, communication plan and one meeting per body.

Fictional municipalities use the CBS codes GM8000-GM8999: CBS does not use them, and the demo
data uses GM99xx. Users get e-mail addresses under ``bench.ghnt.invalid`` and no usable
password (the benchmark logs them in through sessions it creates itself).

The command refuses to run twice (the dataset is recognised by its municipality codes);
``--skip-if-present`` turns that refusal into a quiet success, which ``bench/run.py`` uses.
Everything is written with ``bulk_create`` inside one transaction; on PostgreSQL the tables'
statistics are gathered right after (``ANALYZE``), as after any bulk load: without them the
planner guesses, and the first minutes of a benchmark measured bad plans.
"""

import datetime
import random
from itertools import cycle

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from governance.constants import AgendaAsk, CommunicationMoment, ItemStatus
from governance.models import (
    AgendaItem,
    Assessment,
    AssessmentAnswer,
    ChecklistItem,
    ChecklistVersion,
    CommunicationEntry,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)
from regions.constants import (
    AmbassadorType,
    BestuurderFunction,
    BodyKind,
    RegionRole,
    SeatMembership,
    SeatRole,
)
from regions.models import (
    BodyForm,
    Domain,
    GovernanceBody,
    Membership,
    Municipality,
    OrganisationType,
    PartnerOrganisation,
    Region,
    Seat,
)
from regions.reference import _read as read_reference
from scan.constants import ResponseStatus
from scan.models import Answer, Questionnaire, Response

CODE_FIRST = 8000
CODE_LAST = 8999
EMAIL_DOMAIN = "bench.ghnt.invalid"
FICTIONAL_PREFIX = "Fictieve regio"

# Full-scale numbers from issue 7.
REGIONS = 28
MUNICIPALITIES = 342
BODIES_PER_REGION = 10
SEATS_PER_REGION = 120
USERS = 2000
RESPONSES = 1500
ASSESSMENTS_PER_REGION = 10
PARTNERS_PER_REGION = 8

SYLLABLES = ["veen", "dam", "wijk", "hoven", "zijl", "broek", "horst", "lo", "rade", "stein"]
STEMS = ["Noord", "Zuid", "Oost", "West", "Hoog", "Laag", "Groen", "Klein", "Groot", "Nieuw",
         "Oud", "Berg", "Dijk", "Mole", "Zand", "Linde", "Esch", "Bree", "Vliet"]  # fmt: skip
FIRST_NAMES = ["Anouk", "Bram", "Citlali", "Daan", "Esra", "Femke", "Gijs", "Hanna", "Imre",
               "Joris", "Kim", "Lotte", "Mehmet", "Noor", "Olaf", "Priya", "Quinten", "Roos",
               "Sven", "Tessa", "Umut", "Vera", "Wout", "Yara", "Zeynep"]  # fmt: skip
LAST_NAMES = ["Bakker", "de Boer", "Çelik", "Dekker", "van Dijk", "El Amrani", "de Graaf",
              "Hendriks", "Jansen", "Kok", "van Leeuwen", "Meijer", "Mulder", "Peters",
              "Smit", "Veenstra", "Visser", "de Vries", "Willems", "Yilmaz"]  # fmt: skip
BODY_NAMES = ["Regiobijeenkomst Zorg en Veiligheid", "Stuurgroep Zorg en Veiligheid",
              "Ambtelijke regiegroep", "Commissie Zorg & Veiligheid", "Voorbereidend overleg",
              "Kerngroep Veilig Thuis", "Overleg jeugd en veiligheid", "Netwerk ketenpartners",
              "Werkgroep preventie", "Klankbordgroep ervaringsdeskundigen"]  # fmt: skip


def scaled(number: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(number * scale))


def dataset_present() -> bool:
    return Municipality.objects.filter(cbs_code=f"GM{CODE_FIRST}").exists()


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


class Builder:
    def __init__(self, *, regions: int, scale: float, seed: int = 2026):
        self.region_count = regions
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311 - fictional data, not security
        self.today = timezone.localdate()
        self.counts: dict[str, int] = {}

    def _count(self, name: str, objects: list) -> list:
        self.counts[name] = self.counts.get(name, 0) + len(objects)
        return objects

    # --- registry ---------------------------------------------------------------------------

    def regions(self) -> list[Region]:
        reference = [row["slug"] for row in read_reference("regions.json")]
        existing = {r.slug: r for r in Region.objects.filter(slug__in=reference)}
        regions = [existing[slug] for slug in reference if slug in existing][: self.region_count]
        new = []
        for number in range(len(regions) + 1, self.region_count + 1):
            name = f"{FICTIONAL_PREFIX} {number:02d}"
            new.append(
                Region(
                    name=name,
                    slug=slugify(name),
                    description="Fictieve regio voor de benchmark; geen echte gegevens.",
                )
            )
        Region.objects.bulk_create(new, ignore_conflicts=True)
        slugs = [slugify(r.name) for r in new]
        regions += list(Region.objects.filter(slug__in=slugs).order_by("name"))
        self.counts["regio's (fictief aangemaakt)"] = len(new)
        return regions

    def municipalities(self, regions: list[Region]) -> dict[int, list[Municipality]]:
        total = max(len(regions), scaled(MUNICIPALITIES, self.scale))
        if total > CODE_LAST - CODE_FIRST + 1:
            raise CommandError("Te veel gemeenten voor de codes GM8000-GM8999.")
        objects = []
        for index in range(total):
            stem = STEMS[index % len(STEMS)]
            syllable = SYLLABLES[(index // len(STEMS)) % len(SYLLABLES)]
            objects.append(
                Municipality(
                    name=f"{stem}{syllable} {index + 1:03d}",
                    cbs_code=f"GM{CODE_FIRST + index}",
                    inhabitants=self.rng.randint(6_000, 250_000),
                    region=regions[index % len(regions)],
                )
            )
        Municipality.objects.bulk_create(self._count("gemeenten", objects))
        by_region: dict[int, list[Municipality]] = {r.pk: [] for r in regions}
        for municipality in objects:
            by_region[municipality.region_id].append(municipality)
        return by_region

    def partners(self, regions: list[Region]) -> dict[int, list[PartnerOrganisation]]:
        types = list(OrganisationType.objects.all())
        domains = list(Domain.objects.all())
        objects = []
        for region in regions:
            for index in range(scaled(PARTNERS_PER_REGION, self.scale)):
                kind = types[index % len(types)]
                objects.append(
                    PartnerOrganisation(
                        region=region,
                        name=f"{kind.name} {region.name} {index + 1}",
                        organisation_type=kind,
                        main_domain=domains[index % len(domains)],
                    )
                )
        PartnerOrganisation.objects.bulk_create(self._count("partnerorganisaties", objects))
        by_region: dict[int, list[PartnerOrganisation]] = {r.pk: [] for r in regions}
        for partner in objects:
            by_region[partner.region_id].append(partner)
        return by_region

    def bodies(self, regions: list[Region]) -> dict[int, list[GovernanceBody]]:
        forms = list(BodyForm.objects.all())
        domains = list(Domain.objects.all())
        per_region = scaled(BODIES_PER_REGION, self.scale)
        objects = []
        for region in regions:
            for index in range(per_region):
                objects.append(
                    GovernanceBody(
                        region=region,
                        name=BODY_NAMES[index % len(BODY_NAMES)]
                        + ("" if index < len(BODY_NAMES) else f" {index + 1}"),
                        form=forms[index % len(forms)],
                        kind=BodyKind.DECISION_MAKING if index == 0 else BodyKind.ADVISORY,
                        meetings_per_year=self.rng.choice([4, 6, 10, 12]),
                        purpose="Samen sturen op de aanpak van huiselijk geweld en "
                        "kindermishandeling in de regio (fictief).",
                    )
                )
        GovernanceBody.objects.bulk_create(self._count("overleggen", objects))
        # Reporting lines: every body reports to the region's first (decision-making) body.
        by_region: dict[int, list[GovernanceBody]] = {r.pk: [] for r in regions}
        for body in objects:
            by_region[body.region_id].append(body)
        reporting = []
        through = []
        for bodies in by_region.values():
            top = bodies[0]
            for body in bodies[1:]:
                body.reports_to = top
                reporting.append(body)
            for index, body in enumerate(bodies):
                # Leave one domain uncovered so the structure picture has white spots to show.
                for domain in domains[index % 3 : index % 3 + 3]:
                    through.append(
                        GovernanceBody.domains.through(governancebody=body, domain=domain)
                    )
        GovernanceBody.objects.bulk_update(reporting, ["reports_to"])
        GovernanceBody.domains.through.objects.bulk_create(through)
        return by_region

    def seats(self, bodies, municipalities, partners, domains) -> list[Seat]:
        objects = []
        per_region = scaled(SEATS_PER_REGION, self.scale)
        ambassadors = cycle([t for t in AmbassadorType.values if t] + ["", "", ""])
        for region_id, region_bodies in bodies.items():
            region_municipalities = municipalities[region_id]
            region_partners = partners[region_id]
            for index in range(per_region):
                body = region_bodies[index % len(region_bodies)]
                by_municipality = index % 2 == 0 or not region_partners
                objects.append(
                    Seat(
                        body=body,
                        person_name=person(self.rng),
                        person_function="wethouder" if by_municipality else "directeur",
                        represents_municipality=region_municipalities[
                            index % len(region_municipalities)
                        ]
                        if by_municipality
                        else None,
                        represents_partner=None
                        if by_municipality
                        else region_partners[index % len(region_partners)],
                        domain=domains[index % len(domains)],
                        mandate="Mag besluiten binnen de eigen portefeuille.",
                        membership=SeatMembership.FIXED if index % 5 else SeatMembership.ON_REQUEST,
                        seat_role=SeatRole.CHAIR if index < len(region_bodies) else SeatRole.MEMBER,
                        ambassador_type=next(ambassadors),
                        is_expert_by_experience=index % 17 == 3,
                    )
                )
        return Seat.objects.bulk_create(self._count("zetels", objects))

    # --- people -----------------------------------------------------------------------------

    def users(self, regions, municipalities):
        User = get_user_model()
        total = max(len(regions) * 3, scaled(USERS, self.scale))
        users = []
        for index in range(total):
            user = User(
                email=f"gebruiker{index:05d}@{EMAIL_DOMAIN}",
                full_name=person(self.rng),
            )
            user.set_unusable_password()
            users.append(user)
        User.objects.bulk_create(self._count("gebruikers", users))
        users = list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("email"))
        memberships = []
        bestuurders = []
        # Per region: one project leader, four stuurgroepleden, the rest bestuurders.
        for index, user in enumerate(users):
            region = regions[index % len(regions)]
            nth_in_region = index // len(regions)
            if nth_in_region == 0:
                role, function = RegionRole.PROJECTLEIDER, ""
            elif nth_in_region <= 4 and total >= len(regions) * 6:
                role, function = RegionRole.STUURGROEPLID, ""
            else:
                role = RegionRole.BESTUURDER
                function = (
                    BestuurderFunction.BURGEMEESTER
                    if nth_in_region % 4 == 0
                    else BestuurderFunction.WETHOUDER
                )
            region_municipalities = municipalities[region.pk]
            membership = Membership(
                user=user,
                region=region,
                role=role,
                function=function,
                portfolio="Zorg en veiligheid" if function else "",
                municipality=region_municipalities[nth_in_region % len(region_municipalities)]
                if function
                else None,
            )
            memberships.append(membership)
            if role == RegionRole.BESTUURDER:
                bestuurders.append(membership)
        Membership.objects.bulk_create(self._count("rollen", memberships))
        return bestuurders

    def scan(self, bestuurders: list[Membership]) -> None:
        questionnaire = Questionnaire.objects.current()
        if questionnaire is None:
            raise CommandError("Geen gepubliceerde B&W-scan: draai eerst load_reference_content.")
        questions = list(questionnaire.questions.select_related("theme"))
        themes = list(questionnaire.themes.order_by("order"))
        total = min(len(bestuurders), scaled(RESPONSES, self.scale))
        responses = []
        for index, membership in enumerate(bestuurders[:total]):
            completed = index % 3 == 0
            responses.append(
                Response(
                    user_id=membership.user_id,
                    questionnaire=questionnaire,
                    region_id=membership.region_id,
                    municipality_id=membership.municipality_id,
                    function=membership.function,
                    status=ResponseStatus.COMPLETED if completed else ResponseStatus.IN_PROGRESS,
                    last_theme=themes[index % len(themes)],
                    completed_at=timezone.now() if completed else None,
                )
            )
        Response.objects.bulk_create(self._count("ingevulde scans", responses))
        answers = []
        for response in responses:
            # In-progress scans have answered about a third of the questions.
            answered = questions if response.status == ResponseStatus.COMPLETED else questions[::3]
            ranks = iter([1, 2, 3])
            for number, question in enumerate(answered):
                priority = response.status == ResponseStatus.COMPLETED and number % 11 == 0
                rank = next(ranks, None) if priority else None
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        scale=self.rng.randint(0, 4),
                        reflection="Hier wil ik met het college over doorpraten."
                        if number % 4 == 0
                        else "",
                        is_priority=rank is not None,
                        priority_rank=rank,
                        action_question="Wat is ervoor nodig?" if number % 7 == 0 else "",
                        action_whom="de projectleider" if number % 7 == 0 else "",
                        action_due=self.today + datetime.timedelta(days=30 + number)
                        if number % 7 == 0
                        else None,
                    )
                )
        Answer.objects.bulk_create(self._count("scanantwoorden", answers), batch_size=5000)

    # --- governance -------------------------------------------------------------------------

    def governance(self, regions, bodies, seats) -> None:
        version = ChecklistVersion.objects.current()
        if version is None:
            raise CommandError("Geen gepubliceerde checklist: draai eerst load_reference_content.")
        items = list(ChecklistItem.objects.filter(section__version=version))
        statuses = [ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS, ItemStatus.DONE]
        per_region = scaled(ASSESSMENTS_PER_REGION, self.scale)
        assessments = []
        for region in regions:
            region_bodies = bodies[region.pk]
            for index in range(per_region):
                assessments.append(
                    Assessment(
                        region=region,
                        body=None if index % 2 == 0 else region_bodies[index % len(region_bodies)],
                        version=version,
                        date=self.today - datetime.timedelta(days=90 * (per_region - index)),
                        participants="Fictieve deelnemers",
                    )
                )
        Assessment.objects.bulk_create(self._count("checklistrondes", assessments))
        answers = []
        for number, assessment in enumerate(assessments):
            for item_number, item in enumerate(items):
                answers.append(
                    AssessmentAnswer(
                        assessment=assessment,
                        item=item,
                        status=statuses[(number + item_number) % 3],
                        explanation="Besproken in de stuurgroep." if item_number % 3 == 0 else "",
                    )
                )
        AssessmentAnswer.objects.bulk_create(
            self._count("checklistantwoorden", answers), batch_size=5000
        )
        actions = []
        for index, answer in enumerate(answers):
            if answer.status != ItemStatus.DONE and index % 4 == 0:
                closed = index % 3 == 0
                actions.append(
                    FollowUpAction(
                        region_id=answer.assessment.region_id,
                        answer=answer,
                        description="Afspraak maken over de volgende stap (fictief).",
                        owner_name=person(self.rng),
                        due_date=self.today + datetime.timedelta(days=index % 120 - 30),
                        is_closed=closed,
                        closed_at=timezone.now() if closed else None,
                    )
                )
        FollowUpAction.objects.bulk_create(self._count("vervolgacties", actions), batch_size=5000)

        all_bodies = [body for region_bodies in bodies.values() for body in region_bodies]
        lists, entries, meetings = [], [], []
        for index, body in enumerate(all_bodies):
            if index % 3:
                lists.append(
                    NietVergetenLijst(
                        body=body,
                        problem="Fictieve probleemschets met cijfers uit de regio.",
                        purpose_and_role="Adviseren aan de stuurgroep.",
                        themes="Aanpak huiselijk geweld, jeugd, veiligheid.",
                        preparation="" if index % 2 else "Ambtelijk vooroverleg.",
                    )
                )
            for moment in (CommunicationMoment.BEFORE_MEETING, CommunicationMoment.AFTER_MEETING):
                entries.append(
                    CommunicationEntry(
                        body=body,
                        audience="Colleges van B&W",
                        moment=moment,
                        subject="Agenda en besluiten",
                        channel="collegenota",
                        responsible=person(self.rng),
                    )
                )
            meetings.append(
                Meeting(
                    body=body,
                    date=self.today + datetime.timedelta(days=14),
                    place="Stadhuis (fictief)",
                )
            )
        NietVergetenLijst.objects.bulk_create(self._count("Niet-Vergeten-Lijsten", lists))
        CommunicationEntry.objects.bulk_create(self._count("communicatieregels", entries))
        Meeting.objects.bulk_create(self._count("vergaderingen", meetings))
        asks = cycle(AgendaAsk.values)
        agenda = [
            AgendaItem(
                meeting=meeting,
                order=order,
                title=f"Agendapunt {order}",
                ask=next(asks),
                introduced_by="de voorzitter",
            )
            for meeting in meetings
            for order in range(1, 6)
        ]
        AgendaItem.objects.bulk_create(self._count("agendapunten", agenda))
        seats_by_body: dict[int, list[Seat]] = {}
        for seat in seats:
            seats_by_body.setdefault(seat.body_id, []).append(seat)
        present = [
            Meeting.present_seats.through(meeting=meeting, seat=seat)
            for meeting in meetings
            for seat in seats_by_body.get(meeting.body_id, [])[::2]
        ]
        Meeting.present_seats.through.objects.bulk_create(present)

    def build(self) -> dict[str, int]:
        domains = list(Domain.objects.all())
        if not domains:
            raise CommandError("Geen referentielijsten: draai eerst load_reference_content.")
        regions = self.regions()
        municipalities = self.municipalities(regions)
        partners = self.partners(regions)
        bodies = self.bodies(regions)
        seats = self.seats(bodies, municipalities, partners, domains)
        bestuurders = self.users(regions, municipalities)
        self.scan(bestuurders)
        self.governance(regions, bodies, seats)
        return self.counts


class Command(BaseCommand):
    help = (
        "Bouwt een fictieve landelijke dataset voor de benchmark (gemeentecodes GM8000-GM8999). "
        "Weigert als de dataset er al staat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=REGIONS)
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Factor op alle aantallen (0.01 voor een kleine proef).",
        )
        parser.add_argument(
            "--skip-if-present",
            action="store_true",
            help="Niets doen (en niet falen) als de dataset er al staat.",
        )

    def handle(self, *args, regions: int, scale: float, skip_if_present: bool, **options):
        if regions < 1 or not 0 < scale <= 10:
            raise CommandError("Kies --regions 1 of meer en --scale tussen 0 en 10.")
        if dataset_present():
            if skip_if_present:
                self.stdout.write("De landelijke dataset staat er al; niets gedaan.")
                return
            raise CommandError(
                "De landelijke dataset staat er al (gemeenten GM8000 en verder). "
                "Gebruik een lege database, of --skip-if-present."
            )
        started = timezone.now()
        with transaction.atomic():
            counts = Builder(regions=regions, scale=scale).build()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        seconds = (timezone.now() - started).total_seconds()
        for name, number in counts.items():
            self.stdout.write(f"{name}: {number}")
        self.stdout.write(self.style.SUCCESS(f"Landelijke dataset gebouwd in {seconds:.1f} s."))

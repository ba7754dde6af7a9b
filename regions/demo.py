"""A clearly fictional demo region ("Regio Demoland") and a second region, with the demo logins.

Only run through ``manage.py load_demo_data``, which refuses unless DEBUG is on. Idempotent.
"""

from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model

from ghnt_portal.accounts.constants import NationalRole

from .constants import (
    AmbassadorType,
    BestuurderFunction,
    BodyKind,
    FigureKind,
    RegionRole,
    SeatMembership,
    SeatRole,
)
from .models import (
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

DEMO_REGION_SLUG = "demo-regio-demoland"
OTHER_REGION_SLUG = "demo-regio-voorbeeldstreek"

DEMO_LOGINS = [
    ("beheerder@demo.ghnt.nl", "beheerder (landelijk inhoudelijk beheer)"),
    ("landelijk@demo.ghnt.nl", "landelijk programmateam (landelijk overzicht, alleen lezen)"),
    ("projectleider@demo.ghnt.nl", "projectleider van Demo-regio Demoland"),
    ("stuurgroep@demo.ghnt.nl", "stuurgroeplid van Demo-regio Demoland"),
    ("wethouder@demo.ghnt.nl", "bestuurder (wethouder) in Demo-regio Demoland"),
    ("burgemeester@demo.ghnt.nl", "bestuurder (burgemeester) in Demo-regio Demoland"),
    ("projectleider-andere-regio@demo.ghnt.nl", "projectleider van Demo-regio Voorbeeldstreek"),
]

# Fictional municipalities: the codes GM9xxx are not used by CBS.
DEMO_MUNICIPALITIES = [
    ("GM9901", "Demostad", 152_000),
    ("GM9902", "Oeverwijk", 41_500),
    ("GM9903", "Heidedorp", 23_800),
    ("GM9904", "Brugveen", 17_200),
]
OTHER_MUNICIPALITIES = [("GM9911", "Voorbeeldhaven", 88_000), ("GM9912", "Kleinkerk", 12_400)]


def _user(email: str, full_name: str, national_role: str = NationalRole.NONE):
    user, created = get_user_model().objects.get_or_create(
        email=email, defaults={"full_name": full_name, "national_role": national_role}
    )
    if created:
        user.set_password(settings.DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _region(slug: str, name: str, centrum: str, description: str, municipalities) -> Region:
    region, _ = Region.objects.get_or_create(
        slug=slug, defaults={"name": name, "centrumgemeente": centrum, "description": description}
    )
    for code, mname, inhabitants in municipalities:
        Municipality.objects.get_or_create(
            cbs_code=code, defaults={"name": mname, "inhabitants": inhabitants, "region": region}
        )
    return region


def load() -> Iterator[str]:
    demo = _region(
        DEMO_REGION_SLUG,
        "Demo-regio Demoland",
        "Demostad",
        "Fictieve regio voor demonstratie en training. Gemeenten en personen zijn verzonnen.",
        DEMO_MUNICIPALITIES,
    )
    other = _region(
        OTHER_REGION_SLUG,
        "Demo-regio Voorbeeldstreek",
        "Voorbeeldhaven",
        "Tweede fictieve regio, om te laten zien dat regio's elkaars gegevens niet zien.",
        OTHER_MUNICIPALITIES,
    )
    demostad = Municipality.objects.get(cbs_code="GM9901")
    oeverwijk = Municipality.objects.get(cbs_code="GM9902")
    _user("beheerder@demo.ghnt.nl", "Bea Beheer", NationalRole.BEHEERDER)
    _user("landelijk@demo.ghnt.nl", "Lotte Landelijk", NationalRole.LANDELIJK)
    roles = [
        ("projectleider@demo.ghnt.nl", "Pim Projectleider", demo, RegionRole.PROJECTLEIDER, {}),
        ("stuurgroep@demo.ghnt.nl", "Sanne Stuurgroep", demo, RegionRole.STUURGROEPLID, {}),
        (
            "wethouder@demo.ghnt.nl",
            "Wim Wethouder",
            demo,
            RegionRole.BESTUURDER,
            {
                "function": BestuurderFunction.WETHOUDER,
                "portfolio": "Jeugd en Wmo",
                "municipality": oeverwijk,
            },
        ),
        (
            "burgemeester@demo.ghnt.nl",
            "Bram Burgemeester",
            demo,
            RegionRole.BESTUURDER,
            {
                "function": BestuurderFunction.BURGEMEESTER,
                "portfolio": "Openbare orde en veiligheid",
                "municipality": demostad,
            },
        ),
        (
            "projectleider-andere-regio@demo.ghnt.nl",
            "Anna Andere",
            other,
            RegionRole.PROJECTLEIDER,
            {},
        ),
    ]
    for email, name, region, role, extra in roles:
        user = _user(email, name)
        Membership.objects.get_or_create(user=user, region=region, role=role, defaults=extra)
    yield f"demo: regio's {demo} en {other}, {len(DEMO_LOGINS)} demo-accounts"
    yield _structure(demo, DEMO_PARTNERS, DEMO_BODIES)
    yield _structure(other, OTHER_PARTNERS, OTHER_BODIES)
    yield _figures(demo, other)


# Made-up figures for the figures page; the source says so. (kind, label, year, value)
DEMO_FIGURES_SOURCE = "Fictief demogegeven (geen CBS-cijfer)"
DEMO_FIGURES = [
    (FigureKind.VT_ADVICE, "", 2020, 1_590),
    (FigureKind.VT_ADVICE, "", 2021, 1_760),
    (FigureKind.VT_REPORTS, "", 2020, 1_720),
    (FigureKind.VT_REPORTS, "", 2021, 1_610),
    (FigureKind.OTHER, "Adressen met meer dan drie meldingen", 2021, 37),
]
OTHER_FIGURES = [(FigureKind.VT_ADVICE, "", 2021, 610), (FigureKind.VT_REPORTS, "", 2021, 540)]


def _figures(demo: Region, other: Region) -> str:
    created = 0
    for region, rows in ((demo, DEMO_FIGURES), (other, OTHER_FIGURES)):
        for kind, label, year, value in rows:
            _figure, new = RegionalFigure.objects.get_or_create(
                region=region,
                kind=kind,
                label=label,
                year=year,
                defaults={"value": value, "source": DEMO_FIGURES_SOURCE},
            )
            created += new
    return f"demo-cijfers: {created} nieuw"


# The steering structure of the demo regions. All names of people and organisations are made up.
# Demoland is fairly complete but keeps three realistic white spots: no expert by experience at any
# table, no ambassador for Veiligheid, and two partners (jeugdteam, vrouwenopvang) at no table.
# Voorbeeldstreek is small and has several gaps.
# Partners: (name, organisation type slug, main domain slug or None)
DEMO_PARTNERS = [
    ("Veilig Thuis Demoland", "veilig-thuis", "wmo-sociaal-domein"),
    ("Zorg- en Veiligheidshuis Demoland", "zorg-en-veiligheidshuis", "veiligheid"),
    ("Politie basisteam Demostad-Oeverwijk", "politie", "veiligheid"),
    ("Openbaar Ministerie, parket Demoland", "openbaar-ministerie", "veiligheid"),
    ("Wijkteams Demostad", "wijkteam", "wmo-sociaal-domein"),
    ("Jeugdteam Oeverwijk-Heidedorp", "wijkteam", "jeugd"),
    ("Vrouwenopvang De Demohaven", "vrouwenopvang", "wmo-sociaal-domein"),
    ("GGZ Demoland", "ggz", "zorg-ggz-verslaving"),
    (
        "Raad voor de Kinderbescherming, vestiging Demoland",
        "raad-voor-de-kinderbescherming",
        "jeugd",
    ),
    ("Woonstichting Demoland", "woningcorporatie", "huisvesting"),
    ("Welzijn Heidedorp", "anders", "welzijn"),
]
OTHER_PARTNERS = [
    ("Veilig Thuis Voorbeeldstreek", "veilig-thuis", "wmo-sociaal-domein"),
    ("Politie basisteam Voorbeeldhaven", "politie", "veiligheid"),
]

# Bodies, parents first: name, form slug, kind, meetings per year, purpose, domain slugs,
# reports to (name or None), seats.
# Seats: (name, function, represents (municipality code or partner name), domain slug,
# seat role, membership, ambassador type, mandate, demo login e-mail or None)
_VOORZITTER, _SECRETARIS, _LID = SeatRole.CHAIR, SeatRole.SECRETARY, SeatRole.MEMBER
_VAST, _OP_UITNODIGING = SeatMembership.FIXED, SeatMembership.ON_REQUEST
DEMO_BODIES = [
    {
        "name": "Bestuurlijk Overleg Sociaal Domein Demoland",
        "form": "anders",
        "kind": BodyKind.DECISION_MAKING,
        "meetings_per_year": 6,
        "purpose": (
            "De wethouders sociaal domein besluiten over de regionale taken van de "
            "centrumgemeente: Veilig Thuis, vrouwenopvang en de regionale inzet op jeugd. "
            "Adviezen van de Regiobijeenkomst Zorg en Veiligheid komen hier op de agenda."
        ),
        "domains": ["jeugd", "wmo-sociaal-domein", "werk-inkomen"],
        "reports_to": None,
        "seats": [
            (
                "Karim El Amrani",
                "wethouder Zorg en Wmo",
                "GM9901",
                "wmo-sociaal-domein",
                _VOORZITTER,
                _VAST,
                AmbassadorType.CRITICUS,
                "Besluit namens de centrumgemeente over de regionale middelen.",
                None,
            ),
            (
                "Wim Wethouder",
                "wethouder Jeugd en Wmo",
                "GM9902",
                "jeugd",
                _LID,
                _VAST,
                "",
                "Besluit namens Oeverwijk binnen de vastgestelde begroting.",
                "wethouder@demo.ghnt.nl",
            ),
            (
                "Sandra Kuipers",
                "wethouder Werk, inkomen en schuldhulp",
                "GM9903",
                "werk-inkomen",
                _LID,
                _VAST,
                "",
                "Besluit namens Heidedorp.",
                None,
            ),
            (
                "Ruud Verbeek",
                "wethouder Sociaal domein",
                "GM9904",
                "jeugd",
                _LID,
                _VAST,
                "",
                "Besluit namens Brugveen.",
                None,
            ),
            (
                "Mirjam Dekker",
                "ambtelijk secretaris",
                "GM9901",
                None,
                _SECRETARIS,
                _VAST,
                "",
                "",
                None,
            ),
        ],
    },
    {
        "name": "Regiobijeenkomst Zorg en Veiligheid Demoland",
        "form": "regiobijeenkomst-zorg-en-veiligheid",
        "kind": BodyKind.ADVISORY,
        "meetings_per_year": 3,
        "purpose": (
            "Burgemeesters en wethouders sociaal domein stemmen af waar zorg en veiligheid "
            "elkaar raken, zoals het tijdelijk huisverbod en de opvolging door de wijkteams. "
            "Besluiten blijven bij de colleges en het Bestuurlijk Overleg Sociaal Domein."
        ),
        "domains": ["jeugd", "wmo-sociaal-domein", "veiligheid"],
        "reports_to": "Bestuurlijk Overleg Sociaal Domein Demoland",
        "seats": [
            (
                "Bram Burgemeester",
                "burgemeester",
                "GM9901",
                "veiligheid",
                _VOORZITTER,
                _VAST,
                "",
                "Spreekt namens de burgemeesters over openbare orde en het huisverbod.",
                "burgemeester@demo.ghnt.nl",
            ),
            ("Ilse Hendriksen", "burgemeester", "GM9903", "veiligheid", _LID, _VAST, "", "", None),
            (
                "Karim El Amrani",
                "wethouder Zorg en Wmo",
                "GM9901",
                "wmo-sociaal-domein",
                _LID,
                _VAST,
                AmbassadorType.CRITICUS,
                "",
                None,
            ),
            (
                "Wim Wethouder",
                "wethouder Jeugd en Wmo",
                "GM9902",
                "jeugd",
                _LID,
                _VAST,
                AmbassadorType.HARTWERKER,
                "",
                "wethouder@demo.ghnt.nl",
            ),
            (
                "Ruud Verbeek",
                "wethouder Sociaal domein",
                "GM9904",
                "jeugd",
                _LID,
                _OP_UITNODIGING,
                "",
                "",
                None,
            ),
            (
                "Pim Projectleider",
                "regionaal projectleider GHNT",
                "GM9901",
                None,
                _SECRETARIS,
                _VAST,
                "",
                "",
                "projectleider@demo.ghnt.nl",
            ),
        ],
    },
    {
        "name": "Stuurgroep Zorg en Veiligheid Demoland",
        "form": "stuurgroep-zorg-en-veiligheid",
        "kind": BodyKind.ADVISORY,
        "meetings_per_year": 6,
        "purpose": (
            "Gemeenten en ketenpartners geven samen inhoudelijk richting aan de aanpak van "
            "huiselijk geweld en kindermishandeling, en brengen hun advies naar de "
            "Regiobijeenkomst. Ontstaan door de stuurgroep van het Zorg- en Veiligheidshuis te "
            "verbreden."
        ),
        "domains": ["jeugd", "wmo-sociaal-domein", "veiligheid", "zorg-ggz-verslaving"],
        "reports_to": "Regiobijeenkomst Zorg en Veiligheid Demoland",
        "seats": [
            (
                "Wim Wethouder",
                "wethouder Jeugd en Wmo",
                "GM9902",
                "jeugd",
                _VOORZITTER,
                _VAST,
                AmbassadorType.HARTWERKER,
                "Brengt het advies in bij de Regiobijeenkomst.",
                "wethouder@demo.ghnt.nl",
            ),
            (
                "Pim Projectleider",
                "regionaal projectleider GHNT",
                "GM9901",
                None,
                _SECRETARIS,
                _VAST,
                "",
                "",
                "projectleider@demo.ghnt.nl",
            ),
            (
                "Sanne Stuurgroep",
                "directeur",
                "Veilig Thuis Demoland",
                "wmo-sociaal-domein",
                _LID,
                _VAST,
                AmbassadorType.VOORLOPER,
                "Mag afspraken maken over de werkwijze van Veilig Thuis.",
                "stuurgroep@demo.ghnt.nl",
            ),
            (
                "Marloes de Wit",
                "teamchef",
                "Politie basisteam Demostad-Oeverwijk",
                "veiligheid",
                _LID,
                _VAST,
                "",
                "Mag afspraken maken over de inzet van het basisteam.",
                None,
            ),
            (
                "Fatma Yilmaz",
                "manager",
                "Zorg- en Veiligheidshuis Demoland",
                "veiligheid",
                _LID,
                _VAST,
                "",
                "",
                None,
            ),
            (
                "Joost Bakker",
                "officier van justitie",
                "Openbaar Ministerie, parket Demoland",
                "veiligheid",
                _LID,
                _OP_UITNODIGING,
                "",
                "",
                None,
            ),
            (
                "Henk Jansen",
                "lid raad van bestuur",
                "GGZ Demoland",
                "zorg-ggz-verslaving",
                _LID,
                _OP_UITNODIGING,
                "",
                "",
                None,
            ),
            (
                "Lotte Vermeer",
                "regiomanager",
                "Raad voor de Kinderbescherming, vestiging Demoland",
                "jeugd",
                _LID,
                _VAST,
                "",
                "",
                None,
            ),
        ],
    },
    {
        "name": "Ambtelijke regiegroep HGKM Demoland",
        "form": "intelligente-agendering",
        "kind": BodyKind.ADVISORY,
        "meetings_per_year": 10,
        "purpose": (
            "Beleidsadviseurs van de domeinen stemmen de agenda's van de bestaande overleggen "
            "op elkaar af en bereiden de Stuurgroep voor."
        ),
        "domains": [
            "jeugd",
            "wmo-sociaal-domein",
            "veiligheid",
            "onderwijs",
            "huisvesting",
            "welzijn",
        ],
        "reports_to": "Stuurgroep Zorg en Veiligheid Demoland",
        "seats": [
            (
                "Pim Projectleider",
                "regionaal projectleider GHNT",
                "GM9901",
                None,
                _VOORZITTER,
                _VAST,
                "",
                "",
                "projectleider@demo.ghnt.nl",
            ),
            ("Noor Visser", "beleidsadviseur Jeugd", "GM9901", "jeugd", _LID, _VAST, "", "", None),
            (
                "Thomas de Graaf",
                "beleidsadviseur openbare orde en veiligheid",
                "GM9901",
                "veiligheid",
                _LID,
                _VAST,
                "",
                "",
                None,
            ),
            (
                "Esther Mulder",
                "coördinator wijkteams",
                "Wijkteams Demostad",
                "wmo-sociaal-domein",
                _LID,
                _VAST,
                "",
                "",
                None,
            ),
            (
                "Daan Smit",
                "beleidsmedewerker onderwijs",
                "GM9902",
                "onderwijs",
                _LID,
                _OP_UITNODIGING,
                "",
                "",
                None,
            ),
            (
                "Gerrit Bos",
                "manager wonen",
                "Woonstichting Demoland",
                "huisvesting",
                _LID,
                _OP_UITNODIGING,
                "",
                "",
                None,
            ),
            (
                "Yvonne Kramer",
                "opbouwwerker",
                "Welzijn Heidedorp",
                "welzijn",
                _LID,
                _OP_UITNODIGING,
                "",
                "",
                None,
            ),
        ],
    },
]
OTHER_BODIES = [
    {
        "name": "Stuurgroep Zorg en Veiligheid Voorbeeldstreek",
        "form": "stuurgroep-zorg-en-veiligheid",
        "kind": BodyKind.ADVISORY,
        "meetings_per_year": 4,
        "purpose": "Gemeenten en ketenpartners stemmen de aanpak van huiselijk geweld af.",
        "domains": ["wmo-sociaal-domein", "veiligheid"],
        "reports_to": None,
        "seats": [
            (
                "Jan de Boer",
                "wethouder Zorg",
                "GM9911",
                "wmo-sociaal-domein",
                _VOORZITTER,
                _VAST,
                "",
                "",
                None,
            ),
            (
                "Anna Andere",
                "regionaal projectleider GHNT",
                "GM9911",
                None,
                _SECRETARIS,
                _VAST,
                "",
                "",
                "projectleider-andere-regio@demo.ghnt.nl",
            ),
            (
                "Petra Hoekstra",
                "teamchef",
                "Politie basisteam Voorbeeldhaven",
                "veiligheid",
                _LID,
                _VAST,
                "",
                "",
                None,
            ),
            (
                "Mehmet Kaya",
                "manager",
                "Veilig Thuis Voorbeeldstreek",
                "wmo-sociaal-domein",
                _LID,
                _VAST,
                "",
                "",
                None,
            ),
        ],
    },
]


def _structure(region: Region, partners: list, bodies: list) -> str:
    """Partners, bodies and seats of a demo region; only creates what is missing."""
    if not Domain.objects.exists():
        raise RuntimeError("Laad eerst de referentie-inhoud: manage.py load_reference_content.")
    domains = {d.slug: d for d in Domain.objects.all()}
    types = {t.slug: t for t in OrganisationType.objects.all()}
    forms = {f.slug: f for f in BodyForm.objects.all()}
    municipalities = {m.cbs_code: m for m in region.municipalities.all()}
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@demo.ghnt.nl")}
    created = {"partners": 0, "bodies": 0, "seats": 0}

    by_name: dict[str, PartnerOrganisation] = {}
    for name, type_slug, domain_slug in partners:
        partner, new = PartnerOrganisation.objects.get_or_create(
            region=region,
            name=name,
            defaults={
                "organisation_type": types[type_slug],
                "main_domain": domains.get(domain_slug) if domain_slug else None,
            },
        )
        by_name[name] = partner
        created["partners"] += new

    made: dict[str, GovernanceBody] = {}
    for spec in bodies:
        body, new = GovernanceBody.objects.get_or_create(
            region=region,
            name=spec["name"],
            defaults={
                "form": forms[spec["form"]],
                "kind": spec["kind"],
                "meetings_per_year": spec["meetings_per_year"],
                "purpose": spec["purpose"],
                "reports_to": made.get(spec["reports_to"]) if spec["reports_to"] else None,
            },
        )
        if new:
            body.domains.set([domains[slug] for slug in spec["domains"]])
        made[spec["name"]] = body
        created["bodies"] += new
        for (
            name,
            function,
            represents,
            domain,
            role,
            membership,
            ambassador,
            mandate,
            email,
        ) in spec["seats"]:
            _seat, new = Seat.objects.get_or_create(
                body=body,
                person_name=name,
                defaults={
                    "person_function": function,
                    "represents_municipality": municipalities.get(represents),
                    "represents_partner": by_name.get(represents),
                    "domain": domains.get(domain) if domain else None,
                    "seat_role": role,
                    "membership": membership,
                    "ambassador_type": ambassador,
                    "mandate": mandate,
                    "user": users.get(email) if email else None,
                },
            )
            created["seats"] += new
    return (
        f"demo-structuur {region}: {created['partners']} partners, {created['bodies']} "
        f"overleggen, {created['seats']} zetels nieuw"
    )

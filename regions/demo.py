"""A clearly fictional demo region ("Regio Demoland") and a second region, with the demo logins.

Only run through ``manage.py load_demo_data``, which refuses unless DEBUG is on. Idempotent.
"""

from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model

from ghnt_portal.accounts.constants import NationalRole

from .constants import BestuurderFunction, RegionRole
from .models import Membership, Municipality, Region

DEMO_REGION_SLUG = "demo-regio-demoland"
OTHER_REGION_SLUG = "demo-regio-voorbeeldstreek"

DEMO_LOGINS = [
    ("beheerder@demo.ghnt.nl", "beheerder (landelijk inhoudelijk beheer)"),
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

"""Demo data of the scan app, loaded by manage.py load_demo_data after the regions demo.

The demo wethouder has a half-finished scan; the demo burgemeester has none yet. Idempotent.
"""

import datetime
from collections.abc import Iterator

from django.contrib.auth import get_user_model

from . import reference, services
from .constants import Scale
from .models import Questionnaire, Response

DEMO_WETHOUDER = "wethouder@demo.ghnt.nl"

# (question key, scale, reflection, priority, action) for the first themes only: half finished.
DEMO_ANSWERS = [
    (
        "eigen-rol-helder",
        Scale.A_LITTLE,
        "Mijn rol als wethouder Jeugd is helder, de raakvlakken met de burgemeester minder.",
        True,
        ("Hoe kunnen we onze rollen bij een huisverbod beter op elkaar afstemmen?", "burgemeester"),
    ),
    (
        "college-gezamenlijk",
        Scale.NOT_YET,
        "Het onderwerp staat zelden op de collegeagenda.",
        True,
        None,
    ),
    ("wethouder-opdrachtgever", Scale.MOSTLY, "", False, None),
    ("visie-gefaseerde-ketenzorg", Scale.A_LITTLE, "", False, None),
    ("visie-gedeeld-domeinen", Scale.DONT_KNOW, "", False, None),
    (
        "structuur-overzicht",
        Scale.A_LITTLE,
        "Ik ken de stuurgroep, maar niet de overleggen aan de veiligheidskant.",
        True,
        ("Kun je een plaat maken van alle overleggen over zorg en veiligheid?", "projectleider"),
    ),
]


def load() -> Iterator[str]:
    user = get_user_model().objects.filter(email=DEMO_WETHOUDER).first()
    if user is None:
        yield "scan demo: geen demo-wethouder gevonden, overgeslagen"
        return
    if Questionnaire.objects.current() is None:
        for _line in reference.load():
            pass
    if Response.objects.filter(user=user).exists():
        yield "scan demo: halfvolle scan van de demo-wethouder bestaat al"
        return
    response = services.start_response(user=user)
    questions = {q.key: q for q in response.questionnaire.questions.select_related("theme")}
    items = []
    for key, scale, reflection, priority, action in DEMO_ANSWERS:
        if key not in questions:
            continue
        data = {"scale": scale.value, "reflection": reflection, "is_priority": priority}
        if action:
            data.update(
                action_question=action[0],
                action_whom=action[1],
                action_due=datetime.date.today() + datetime.timedelta(days=60),
            )
        items.append((questions[key], data))
    services.save_answers(response=response, items=items, theme=items[-1][0].theme)
    yield f"scan demo: halfvolle scan voor de demo-wethouder ({len(items)} antwoorden)"

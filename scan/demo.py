"""Demo data of the scan app, loaded by manage.py load_demo_data after the regions demo.

The demo wethouder has a half-finished scan; the demo burgemeester has none yet. The demo
projectleider has opened a session for the stuurgroep, to which both are invited and in which the
wethouder shares her scan by name. Idempotent.
"""

import datetime
from collections.abc import Iterator

from django.contrib.auth import get_user_model

from regions.demo import DEMO_REGION_SLUG
from regions.models import GovernanceBody, Region

from . import reference, services
from .constants import Scale
from .models import Questionnaire, Response, ScanSession

DEMO_WETHOUDER = "wethouder@demo.ghnt.nl"
DEMO_BURGEMEESTER = "burgemeester@demo.ghnt.nl"
DEMO_PROJECTLEIDER = "projectleider@demo.ghnt.nl"
DEMO_SESSION_TITLE = "Gesprek over de B&W-scan in de stuurgroep"
DEMO_SESSION_BODY = "Stuurgroep Zorg en Veiligheid Demoland"

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
    response = Response.objects.filter(user=user).first()
    if response is None:
        response = _half_finished_scan(user)
        answers = response.answers.count()
        yield f"scan demo: halfvolle scan voor de demo-wethouder ({answers} antwoorden)"
    else:
        yield "scan demo: halfvolle scan van de demo-wethouder bestaat al"
    yield _session(response)


def _half_finished_scan(user) -> Response:
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
    return response


def _session(response: Response) -> str:
    region = Region.objects.get(slug=DEMO_REGION_SLUG)
    if ScanSession.objects.filter(region=region, title=DEMO_SESSION_TITLE).exists():
        return "scan demo: scansessie in de stuurgroep bestaat al"
    people = get_user_model().objects.filter(
        email__in=[DEMO_WETHOUDER, DEMO_BURGEMEESTER, DEMO_PROJECTLEIDER]
    )
    by_email = {person.email: person for person in people}
    session = services.create_session(
        region=region,
        created_by=by_email[DEMO_PROJECTLEIDER],
        title=DEMO_SESSION_TITLE,
        meeting_date=datetime.date.today() + datetime.timedelta(days=14),
        body=GovernanceBody.objects.get(region=region, name=DEMO_SESSION_BODY),
        invitees=[by_email[DEMO_WETHOUDER], by_email[DEMO_BURGEMEESTER]],
    )
    services.share_response(response=response, session=session, anonymous=False)
    return "scan demo: scansessie in de stuurgroep, de wethouder deelt haar scan op naam"

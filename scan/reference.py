"""Reference content of the scan app, loaded by manage.py load_reference_content.

The questionnaire ships as ``scan/data/questionnaire.json`` with a ``shipped_version`` number.
A shipped version is created (and published) once; later runs update it only while nobody has
answered it. A frozen version is never modified: to change shipped content, raise
``shipped_version`` in the data file, which creates and publishes a new version.
"""

import json
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ghnt_portal.reference import save_changed, sync_rows

from .models import Question, Questionnaire, Theme

DATA_FILE = Path(__file__).resolve().parent / "data" / "questionnaire.json"


def read_data(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def load_questionnaire(data: dict) -> dict[str, list[int]]:
    counts = {"versions": [0, 0], "themes": [0, 0], "questions": [0, 0]}
    questionnaire = Questionnaire.objects.filter(shipped_version=data["shipped_version"]).first()
    if questionnaire is None:
        questionnaire = Questionnaire.objects.create(
            shipped_version=data["shipped_version"],
            version=Questionnaire.next_number(),
            title=data["title"],
            introduction=data["introduction"],
            is_published=True,
            published_at=timezone.now(),
        )
        counts["versions"][0] += 1
    elif questionnaire.is_frozen:
        # Somebody answered this version: its questions must stay as they were.
        return counts
    elif save_changed(
        questionnaire, {"title": data["title"], "introduction": data["introduction"]}
    ):
        counts["versions"][1] += 1

    theme_rows = [
        {
            "key": theme_data["key"],
            "title": theme_data["title"],
            "introduction": theme_data.get("introduction", ""),
            "order": order,
        }
        for order, theme_data in enumerate(data["themes"], start=1)
    ]
    themes = sync_rows(
        Theme,
        theme_rows,
        key="key",
        parent={"questionnaire": questionnaire},
        counts=counts["themes"],
    )
    # Question keys are unique in the whole version: a question may move to another theme.
    question_rows = [
        {
            "key": item["key"],
            "theme": theme,
            "text": item["text"],
            "why": item.get("why", ""),
            "deepening": "\n".join(item.get("deepening", [])),
            "tips": item.get("tips", ""),
            "source": item["source"],
            "audience": item.get("audience", "beide"),
            "order": order,
        }
        for theme, theme_data in zip(themes, data["themes"], strict=True)
        for order, item in enumerate(theme_data["questions"], start=1)
    ]
    sync_rows(
        Question,
        question_rows,
        key="key",
        parent={"questionnaire": questionnaire},
        counts=counts["questions"],
    )
    return counts


def load() -> Iterator[str]:
    """Create or update the shipped content; yields one line of summary per list."""
    counts = load_questionnaire(read_data())
    labels = {
        "versions": "B&W-scan versies",
        "themes": "B&W-scan thema's",
        "questions": "B&W-scan vragen",
    }
    for key, label in labels.items():
        new, updated = counts[key]
        yield f"{label}: {new} nieuw, {updated} bijgewerkt"

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
from django.db.models import Max
from django.utils import timezone

from .models import Question, Questionnaire, Theme

DATA_FILE = Path(__file__).resolve().parent / "data" / "questionnaire.json"

THEME_FIELDS = ("title", "introduction", "order")
QUESTION_FIELDS = ("theme", "text", "why", "deepening", "tips", "source", "audience", "order")


def read_data(path: Path = DATA_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _upsert(model, lookup: dict, values: dict) -> tuple[object, bool, bool]:
    """Create or update one row; returns (obj, created, updated)."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj.full_clean()
        obj.save()
        return obj, True, False
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.full_clean()
        obj.save()
    return obj, False, bool(changed)


@transaction.atomic
def load_questionnaire(data: dict) -> dict[str, list[int]]:
    counts = {"versions": [0, 0], "themes": [0, 0], "questions": [0, 0]}
    questionnaire = Questionnaire.objects.filter(shipped_version=data["shipped_version"]).first()
    if questionnaire is None:
        next_version = (Questionnaire.objects.aggregate(top=Max("version"))["top"] or 0) + 1
        questionnaire = Questionnaire.objects.create(
            shipped_version=data["shipped_version"],
            version=next_version,
            title=data["title"],
            introduction=data["introduction"],
            is_published=True,
            published_at=timezone.now(),
        )
        counts["versions"][0] += 1
    elif questionnaire.is_frozen:
        # Somebody answered this version: its questions must stay as they were.
        return counts
    else:
        _, _, updated = _upsert(
            Questionnaire,
            {"pk": questionnaire.pk},
            {"title": data["title"], "introduction": data["introduction"]},
        )
        counts["versions"][1] += int(updated)

    for theme_order, theme_data in enumerate(data["themes"], start=1):
        theme, created, updated = _upsert(
            Theme,
            {"questionnaire": questionnaire, "key": theme_data["key"]},
            {
                "title": theme_data["title"],
                "introduction": theme_data.get("introduction", ""),
                "order": theme_order,
            },
        )
        counts["themes"][0 if created else 1] += int(created or updated)
        for order, item in enumerate(theme_data["questions"], start=1):
            _, created, updated = _upsert(
                Question,
                {"questionnaire": questionnaire, "key": item["key"]},
                {
                    "theme": theme,
                    "text": item["text"],
                    "why": item.get("why", ""),
                    "deepening": "\n".join(item.get("deepening", [])),
                    "tips": item.get("tips", ""),
                    "source": item["source"],
                    "audience": item.get("audience", "beide"),
                    "order": order,
                },
            )
            counts["questions"][0 if created else 1] += int(created or updated)
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

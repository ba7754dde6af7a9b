"""Reference content of the scan app, loaded by manage.py load_reference_content.

The questionnaire ships as ``scan/data/questionnaire.json`` with a ``shipped_version`` number.
A shipped version is created (and published) once; later runs bring it in line with the file
only while nobody has answered it: themes and questions are matched on their key (a question's
key within the whole version, so a moved question keeps its row), and shipped ones the file no
longer has are removed (see ``ghnt_portal.reference``). A frozen version is never modified; when
the file differs from it, the loader says so. To change shipped content, raise
``shipped_version`` in the data file, which creates and publishes a new version.
"""

import json
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from ghnt_portal.reference import (
    Tally,
    load_content,
    remove_stale,
    shown,
    sync_rows,
)

from .models import Question, Questionnaire, Theme

DATA_FILE = Path(__file__).resolve().parent / "data" / "questionnaire.json"

NOT_LOADED = (
    "B&W-scan versie {number} (versie {shipped} in {file}) is al ingevuld en blijft zoals hij "
    "is: de wijzigingen in het bestand zijn niet geladen. Verhoog shipped_version in het "
    "bestand om ze als nieuwe versie te laden."
)


def read_data() -> dict:
    return json.loads(DATA_FILE.read_text(encoding="utf-8"))


@transaction.atomic
def load_questionnaire(data: dict) -> dict[str, Tally]:
    """Create the shipped version, or bring it in line with ``data``; what it did, per list."""
    tallies = {
        "versions": Tally("B&W-scan versies"),
        "themes": Tally("B&W-scan thema's"),
        "questions": Tally("B&W-scan vragen"),
    }
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
        tallies["versions"].new += 1

    load_content(
        questionnaire,
        {"title": data["title"], "introduction": data["introduction"]},
        partial(_sync_themes, questionnaire, data["themes"]),
        tallies,
        not_loaded=NOT_LOADED.format(
            number=questionnaire.version, shipped=data["shipped_version"], file=shown(DATA_FILE)
        ),
    )
    return tallies


def _sync_themes(
    questionnaire: Questionnaire, themes_data: list[dict], tallies: dict[str, Tally], *, dry_run
) -> None:
    scope = {"questionnaire": questionnaire}
    themes = sync_rows(
        Theme,
        [
            {
                "questionnaire_id": questionnaire.pk,
                "key": theme_data["key"],
                "title": theme_data["title"],
                "introduction": theme_data.get("introduction", ""),
                "order": order,
            }
            for order, theme_data in enumerate(themes_data, start=1)
        ],
        key="key",
        scope=scope,
        tally=tallies["themes"],
        dry_run=dry_run,
    )
    # Question keys are unique in the whole version: a question may move to another theme.
    question_rows = [
        {
            "questionnaire_id": questionnaire.pk,
            "theme_id": theme.pk,
            "key": item["key"],
            "text": item["text"],
            "why": item.get("why", ""),
            "deepening": "\n".join(item.get("deepening", [])),
            "tips": item.get("tips", ""),
            "source": item["source"],
            "audience": item.get("audience", "beide"),
            "order": order,
        }
        for theme, theme_data in zip(themes, themes_data, strict=True)
        for order, item in enumerate(theme_data["questions"], start=1)
    ]
    sync_rows(
        Question, question_rows, key="key", scope=scope, tally=tallies["questions"], dry_run=dry_run
    )
    # Questions first: a theme that still holds a question is in use.
    keys = [row["key"] for row in question_rows]
    remove_stale(
        Question, keys, key="key", scope=scope, tally=tallies["questions"], dry_run=dry_run
    )
    keys = [row["key"] for row in themes_data]
    remove_stale(Theme, keys, key="key", scope=scope, tally=tallies["themes"], dry_run=dry_run)


def load() -> Iterator[str]:
    """Create or update the shipped content; yields the summary of each list."""
    for tally in load_questionnaire(read_data()).values():
        yield from tally.lines()

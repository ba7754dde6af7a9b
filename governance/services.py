"""Writes of the governance app that touch several rows or models."""

import logging
import re
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ghnt_portal import versioning
from ghnt_portal.audit.locking import RACE_MESSAGE, EditConflict
from regions.models import GovernanceBody, Region, Seat

from .constants import ACTION_ORIGIN_GONE, ItemStatus, VersionStatus
from .models import (
    AgendaItem,
    Assessment,
    AssessmentAnswer,
    ChecklistItem,
    ChecklistVersion,
    FollowUpAction,
    Meeting,
    NietVergetenLijst,
)
from .selectors import get_nvl, latest_assessment

logger = logging.getLogger(__name__)

ERROR_PUBLISH_OLDER = (
    "Versie %(number)s is niet gepubliceerd: versie %(newer)s is al eerder gepubliceerd, en een "
    "nieuwe checklistronde gaat niet terug naar een lagere versie. Maak een conceptkopie van de "
    "gepubliceerde versie en publiceer die."
)
NO_PUBLISHED_VERSION = (
    "Er is nog geen gepubliceerde checklist. Vraag de beheerder om er een te publiceren."
)


# --- Checklist versions -------------------------------------------------------------------


def copy_version_as_draft(*, version: ChecklistVersion) -> ChecklistVersion:
    """A new draft with a copy of the sections and items, for the beheerder to edit."""
    return versioning.copy_as_draft(
        version, title=version.title, source=version.source, based_on=version
    )


@transaction.atomic
def publish_version(*, version: ChecklistVersion) -> ChecklistVersion:
    """Publish ``version``: new assessments use it. Older published versions are archived.

    Refused for a version numbered below one published before (now published or archived): it
    would archive that one, and new rounds would go back to a lower version.
    """
    _lock_versions()  # before the check: a version published at the same moment counts too
    newer = (
        ChecklistVersion.objects.exclude(status=VersionStatus.DRAFT)
        .filter(number__gt=version.number)
        .order_by("-number")
        .first()
    )
    if newer is not None:
        raise ValidationError(
            _(ERROR_PUBLISH_OLDER) % {"number": version.number, "newer": newer.number}
        )
    versioning.publish(
        version,
        empty_error=_("Een versie zonder checklistpunten kan niet gepubliceerd worden."),
        status=VersionStatus.PUBLISHED,
    )
    ChecklistVersion.objects.published().exclude(pk=version.pk).update(
        status=VersionStatus.ARCHIVED
    )
    return version


def _lock_versions() -> None:
    """Wait for a beheerder publishing another version at the same moment, so that one of the two
    archives the other instead of both staying published."""
    versioning.lock_versions(ChecklistVersion)  # in the order copying a version locks them


# --- Forms -------------------------------------------------------------------------------


def save_form(*, form):
    """Save a model form's object together with its many-to-many choices (a meeting and who
    was present, a round and its participants): all or nothing.

    The form checked the unique constraints before saving, so one that fails while saving was
    broken by a simultaneous save (say, two first saves of a body's Niet-Vergeten-Lijst): that
    becomes the lock's conflict error, with nothing of this save written.
    """
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError as error:
        # A warning, so that a constraint a form does not check (a bug) is seen in the logs too.
        logger.warning("Simultaneous save refused: %s", error)
        raise EditConflict(RACE_MESSAGE, code="conflict") from error


# --- Assessments --------------------------------------------------------------------------


@transaction.atomic
def start_assessment(
    *,
    region: Region,
    body: GovernanceBody | None,
    on: date,
    participants: str = "",
    participant_seats: Iterable[Seat] = (),
    stuurgroep_may_edit: bool = False,
    user=None,
) -> Assessment:
    """Start a round on the current checklist; answers start from the previous round's: the
    newest round of the same scope up to ``on`` (a round entered afterwards for an earlier date
    does not start from later answers)."""
    version = ChecklistVersion.objects.current()
    if version is None:
        raise ValidationError(_(NO_PUBLISHED_VERSION))
    previous = latest_assessment(region, body, on=on)
    assessment = Assessment(
        region=region,
        body=body,
        version=version,
        previous=previous,
        date=on,
        participants=participants,
        stuurgroep_may_edit=stuurgroep_may_edit,
        created_by=user,
    )
    assessment.full_clean()
    assessment.save()
    seats = list(participant_seats)
    if any(body is None or seat.body_id != body.pk for seat in seats):
        raise ValidationError({"participant_seats": _("Kies aanwezigen uit dit overleg.")})
    assessment.participant_seats.set(seats)
    before = {}
    if previous is not None:
        before = {
            a.item.code: a
            for a in previous.answers.select_related("item").only(
                "status", "explanation", "item__code"
            )
        }
    items = ChecklistItem.objects.filter(section__version=version)
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(
            assessment=assessment,
            item=item,
            status=before[item.code].status if item.code in before else ItemStatus.NOT_STARTED,
            explanation=before[item.code].explanation if item.code in before else "",
        )
        for item in items
    )
    # Rounds dated after this one now compare with it.
    _link_rounds(region, body)
    return assessment


@transaction.atomic
def save_assessment(*, form) -> Assessment:
    """Save a round's details; a new date may change which round comes before which."""
    assessment = save_form(form=form)
    if "date" in form.changed_data:
        _link_rounds(assessment.region, assessment.body)
    return assessment


def _link_rounds(region: Region, body: GovernanceBody | None) -> None:
    """Point every round of the scope at the round before it: by date, then by when started."""
    rounds = (
        Assessment.objects.filter(region=region, body=body)
        .order_by("date", "created_at", "pk")
        .values_list("pk", "previous_id")
    )
    relinked, previous_id = [], None
    for pk, linked_id in rounds:
        if linked_id != previous_id:
            relinked.append(Assessment(pk=pk, previous_id=previous_id))
        previous_id = pk
    Assessment.objects.bulk_update(relinked, ["previous"])


@transaction.atomic
def save_answers(*, forms: Iterable) -> int:
    """Save a set of answer forms together: all or nothing."""
    saved = 0
    for form in forms:
        if form.has_changed():
            answer = form.save(commit=False)
            answer.full_clean()
            answer.save()
            saved += 1
    return saved


# --- Seats in the history ----------------------------------------------------------------


# The summary that ends a list of attendees once the field is full: "en 3 anderen".
OTHERS_LINE = re.compile(r"en (\d+) anderen?")


def _others_line(count: int) -> str:
    return ngettext("en %(count)d andere", "en %(count)d anderen", count) % {"count": count}


def _with_line(text: str, line: str, *, limit: int, unique: bool) -> str:
    """``text`` (one attendee a line) with ``line`` added, never longer than ``limit``: once the
    field is full, the last line counts who did not fit ("en 3 anderen")."""
    lines = [part.strip() for part in text.splitlines() if part.strip()]
    if unique and line in lines:
        return text
    others = 0
    if lines and (summary := OTHERS_LINE.fullmatch(lines[-1])):
        others = int(summary[1])
        lines.pop()
    if not others and len("\n".join([*lines, line])) <= limit:
        return "\n".join([*lines, line])
    others += 1
    # Names already there make room for the summary, last first (only when nearly full).
    while lines and len("\n".join([*lines, _others_line(others)])) > limit:
        lines.pop()
        others += 1
    return "\n".join([*lines, _others_line(others)])


def _seat_line(seat: Seat, *, with_name: bool) -> str:
    """A seat as the report writes it: "name (function)". Without the name: the seat's role,
    "function, namens organisation" (or its role in the body when it has no function)."""
    if with_name:
        if seat.person_function:
            return f"{seat.person_name} ({seat.person_function})"
        return seat.person_name
    role = seat.person_function or seat.role_label
    if seat.represents is None:
        return role
    return _("%(role)s, namens %(represents)s") % {"role": role, "represents": seat.represents}


@transaction.atomic
def keep_seat_in_history(*, seat: Seat, with_name: bool = True) -> None:
    """Before ``seat`` is deleted: meetings and checklist rounds up to today keep it as an
    attendee among the others, so their reports stay as they were. ``with_name=False`` (the
    person is removed under the AVG) keeps only the seat's role, not who held it. Later
    meetings just lose the seat: their attendance was a plan."""
    line = _seat_line(seat, with_name=with_name)
    # Two people without a name may hold the same role: each stays a line of their own.
    unique = with_name
    until = timezone.localdate()
    limit = Meeting._meta.get_field("guests").max_length
    for meeting in Meeting.objects.select_for_update().filter(present_seats=seat, date__lte=until):
        meeting.guests = _with_line(meeting.guests, line, limit=limit, unique=unique)
        meeting.save(update_fields=["guests"])
    limit = Assessment._meta.get_field("participants").max_length
    rounds = Assessment.objects.select_for_update().filter(participant_seats=seat, date__lte=until)
    for assessment in rounds:
        assessment.participants = _with_line(
            assessment.participants, line, limit=limit, unique=unique
        )
        assessment.save(update_fields=["participants"])


# --- Actions ------------------------------------------------------------------------------


@transaction.atomic
def create_action(
    *,
    region: Region,
    description: str,
    owner_name: str,
    due_date: date | None = None,
    answer: AssessmentAnswer | None = None,
    agenda_item: AgendaItem | None = None,
) -> FollowUpAction:
    origin = answer or agenda_item
    # Locked until the action is saved: the round or meeting cannot be deleted in between.
    if origin is not None and not type(origin).objects.select_for_update().filter(pk=origin.pk):
        raise ValidationError(ACTION_ORIGIN_GONE)
    action = FollowUpAction(
        region=region,
        description=description,
        owner_name=owner_name,
        due_date=due_date,
        answer=answer,
        agenda_item=agenda_item,
    )
    action.full_clean()
    action.save()
    return action


# What a person enters for an action, at creation and when editing it.
ACTION_FIELDS = ("description", "owner_name", "due_date")


@transaction.atomic
def set_action_closed(*, action: FollowUpAction, closed: bool) -> FollowUpAction:
    """Close or reopen ``action``; closing it again keeps the time it was closed (a report on a
    date in between would otherwise list it as open)."""
    if action.is_closed == closed:
        return action
    action.is_closed = closed
    action.closed_at = timezone.now() if closed else None
    action.save(update_fields=["is_closed", "closed_at"])
    return action


# --- Niet-Vergeten-Lijst ------------------------------------------------------------------


def nvl_for_body(body: GovernanceBody) -> NietVergetenLijst:
    """The body's list, unsaved and empty when none was made yet."""
    return get_nvl(body) or NietVergetenLijst(body=body)

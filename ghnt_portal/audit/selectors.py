"""Reads of the audit trail."""

import datetime
from collections import defaultdict
from contextlib import suppress
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field, Model, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ghnt_portal.dates import written_date
from regions.models import Region

ACTION_LABELS = {
    LogEntry.Action.CREATE: gettext_lazy("aangemaakt"),
    LogEntry.Action.UPDATE: gettext_lazy("gewijzigd"),
    LogEntry.Action.DELETE: gettext_lazy("verwijderd"),
    LogEntry.Action.ACCESS: gettext_lazy("bekeken"),
}


def region_history(region: Region) -> QuerySet[LogEntry]:
    """Every recorded change to objects of ``region``, newest first (one flat query)."""
    return (
        LogEntry.objects.filter(additional_data__region_id=region.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


@dataclass
class HistoryRow:
    entry: LogEntry
    kind: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)


def _field(model: type[Model] | None, name: str) -> Field | None:
    """The model's field ``name``; None when the model or field no longer exists."""
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _is_shown(field: Field | None) -> bool:
    """Not a reverse relation (auditlog records only its manager's name), nor a field no
    person enters: the id, the uuid, the moments of creation and change."""
    if field is None:
        return True  # a field since removed: show what was recorded
    if field.auto_created and not field.concrete:
        return False
    return not field.primary_key and field.editable


def kind_label(content_type) -> str:
    """What kind of thing an entry is about, as people call it ("overleg", not "governancebody")."""
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


def changed_field_labels(entry: LogEntry) -> list[str]:
    """The names of the fields an entry changed, as the forms call them, in the recorded order."""
    model = entry.content_type.model_class()
    labels = []
    for name in entry.changes_dict or {}:
        field = _field(model, name)
        if _is_shown(field):
            labels.append(str(field.verbose_name) if field is not None else name)
    return labels


def _related_names(entries: list[LogEntry]) -> dict[tuple[type[Model], str], str]:
    """{(model, pk as recorded): name} of the objects the entries' foreign keys point to, one
    query per related model."""
    wanted: dict[type[Model], set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, change in (entry.changes_dict or {}).items():
            related = _field(model, name)
            if related is not None and related.many_to_one and isinstance(change, list):
                wanted[related.related_model].update(v for v in change if v not in (None, "None"))
    names = {}
    for model, pks in wanted.items():
        pk_field = model._meta.pk
        valid = []
        for pk in pks:
            # A value recorded in another form is shown as it was recorded.
            with suppress(ValidationError):
                valid.append(pk_field.to_python(pk))
        for obj in model._default_manager.filter(pk__in=valid):
            names[(model, str(obj.pk))] = str(obj)
    return names


def _value(field: Field | None, value, names: dict) -> str:
    """A recorded value as people read it: "leeg", "ja"/"nee", a date as "6 januari 2027", a
    choice by its label, a related object by its name (or as deleted)."""
    if value in (None, "None", ""):
        return _("leeg")
    if field is None:
        return value
    if field.many_to_one:
        return names.get((field.related_model, value)) or _("%(id)s (verwijderd)") % {"id": value}
    kind = field.get_internal_type()
    if kind == "DateTimeField" and (moment := parse_datetime(value)) is not None:
        if timezone.is_naive(moment):  # auditlog records moments as naive UTC
            moment = moment.replace(tzinfo=datetime.UTC)
        return date_format(timezone.localtime(moment), "j F Y H:i")
    if kind == "DateField" and (day := parse_date(value)) is not None:
        return written_date(day)
    if kind == "BooleanField":
        return {"True": _("ja"), "False": _("nee")}.get(value, value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return value


def history_rows(entries) -> list[HistoryRow]:
    """The entries as people read them: Dutch actions, field names and values."""
    entries = list(entries)
    names = _related_names(entries)
    rows = []
    for entry in entries:
        model = entry.content_type.model_class()
        row = HistoryRow(
            entry=entry,
            kind=kind_label(entry.content_type),
            action=ACTION_LABELS[entry.action],
        )
        for name, change in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if not _is_shown(field):
                continue
            label = field.verbose_name if field is not None else name
            if isinstance(change, dict):  # many-to-many: added or removed objects
                verb = _("toegevoegd") if change.get("operation") == "add" else _("verwijderd")
                row.changes.append((label, "", f"{verb}: {', '.join(change.get('objects', []))}"))
                continue
            old, new = [*list(change), "", ""][:2]
            # A new object had no old values.
            old = "" if entry.action == LogEntry.Action.CREATE else _value(field, old, names)
            row.changes.append((label, old, _value(field, new, names)))
        rows.append(row)
    return rows

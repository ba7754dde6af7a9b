"""Optimistic locking: no lost updates when two people edit the same object.

Locked models carry ``lock_version`` (``lock_version_field()``: an integer, 1 for a new row;
every save counts it up). Edit forms carry it (with a short digest of each value shown) in a
hidden field. When the stored version differs from the one the user started from and someone
else changed a value the form showed, or the post of an edit has no valid version at all (a
hand-made request), the form refuses to save: it shows a Dutch conflict message with the stored
values and keeps the user's input (the hidden field then holds the stored version, so saving
again is a deliberate choice). A newer version that changed nothing the form shows (say the
action was closed) is no conflict: the save goes through and keeps that change.

The check in the form gives the friendly message; the compare-and-set in ``pre_save``
(``UPDATE ... WHERE lock_version = <expected>``) closes the gap between check and save: the
slower of two simultaneous saves raises ``EditConflict`` (a ``ValidationError``) inside its
transaction and nothing of it is written.
"""

import hashlib
import re

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LOCK_FIELD = "lock_version"
CONFLICT_MESSAGE = gettext_lazy(
    "Iemand anders heeft dit intussen gewijzigd en opgeslagen. Er is niets overschreven: uw "
    "invoer staat hieronder nog. Intussen gewijzigd: %(values)s. Neem over wat u wilt houden "
    "en sla opnieuw op om uw versie te bewaren."
)
MISSING_VERSION_MESSAGE = gettext_lazy(
    "Dit formulier kwam zonder geldige versie binnen (bijvoorbeeld van een verouderde pagina), "
    "dus we weten niet of iemand anders intussen iets heeft gewijzigd. Er is niets opgeslagen: "
    "uw invoer staat hieronder nog. De opgeslagen waarden zijn: %(values)s. Neem over wat u "
    "wilt houden en sla opnieuw op om uw versie te bewaren."
)
RACE_MESSAGE = gettext_lazy(
    "Iemand anders sloeg dit op hetzelfde moment op. Er is niets overschreven; open de pagina "
    "opnieuw om de nieuwste versie te zien."
)


TOKEN = re.compile(r"([0-9]+):([0-9a-f]+)")
FIELD_DIGEST_LENGTH = 6  # hex characters per field in the token


def lock_version_field() -> models.PositiveIntegerField:
    """The field that makes a model locked: give it ``lock_version = lock_version_field()``."""
    return models.PositiveIntegerField(
        gettext_lazy("versie"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Tegen verloren wijzigingen."),
    )


def is_locked(model) -> bool:
    return any(field.name == LOCK_FIELD for field in model._meta.concrete_fields)


class EditConflict(ValidationError):
    """The stored version is newer than the one the user started from."""


def _norm(value):
    """A comparable form of a model value or a cleaned form value."""
    if hasattr(value, "all") and callable(value.all):  # queryset or related manager
        return sorted(obj.pk for obj in value.all())
    if isinstance(value, list | tuple | set):
        return sorted(getattr(obj, "pk", obj) for obj in value)
    if hasattr(value, "pk"):
        return value.pk
    return "" if value is None else value


def _display(instance, name: str) -> str:
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(obj) for obj in getattr(instance, name).all()) or _("(geen)")
    value = getattr(instance, name)
    if field.choices:
        return str(getattr(instance, f"get_{name}_display")()) or _("(leeg)")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if value is None or value == "":
        return _("(leeg)")
    return str(value)


def _field_digest(value) -> str:
    """A short digest of one value (``_norm``-ed), as the token carries it per field."""
    return hashlib.sha256(repr(_norm(value)).encode()).hexdigest()[:FIELD_DIGEST_LENGTH]


def _parse_token(token: str, fields: int) -> tuple[int | None, list[str]]:
    """``<version>:<one digest per field>`` as ``_token`` writes it for ``fields`` fields;
    ``(None, [])`` when missing or malformed."""
    match = TOKEN.fullmatch(token or "")
    if not match or len(match[2]) != fields * FIELD_DIGEST_LENGTH:
        return None, []
    digests = match[2]
    step = FIELD_DIGEST_LENGTH
    return int(match[1]), [digests[i : i + step] for i in range(0, len(digests), step)]


class OptimisticLockFormMixin:
    """For ModelForms of a model with ``lock_version``; put it first among the bases.

    The hidden field holds ``<version>:<digest of each value shown>`` (``_locked_fields``
    order). A post that edits an existing object without a valid token is refused (with the
    stored values that differ from the input); creating needs none. A post from an older
    version is refused only for the fields someone else changed since the page showed them and
    the user does not send as stored; the message lists just those.

    ``lock_only_when_changed``: for lists of forms saved together, like the answers of a
    checklist round. A form whose values the user left as shown is then not a conflict even
    when someone else saved that object meanwhile: it counts as unchanged and is not saved.
    """

    lock_only_when_changed = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict_values: list[tuple[str, str]] = []
        self._untouched = False
        self.fields[LOCK_FIELD] = forms.CharField(
            label=gettext_lazy("versie"),
            widget=forms.HiddenInput,
            required=False,
            # Version, colon and a digest per field; a form may still drop some fields.
            max_length=11 + FIELD_DIGEST_LENGTH * len(self._meta.fields),
            # Called when rendered: after the subclass's __init__ has settled the fields.
            initial=lambda: self._token(self.instance) if self.instance.pk else "",
            # A plain hidden input, also in a form whose bound fields add Bootstrap's classes.
            bound_field_class=forms.BoundField,
        )
        helper = getattr(self, "helper", None)
        if helper is not None:
            helper.render_hidden_fields = True

    def _locked_fields(self) -> list[str]:
        return [name for name in self._meta.fields if name in self.fields]

    def _token(self, instance) -> str:
        digests = "".join(_field_digest(getattr(instance, n)) for n in self._locked_fields())
        return f"{instance.lock_version}:{digests}"

    @property
    def changed_data(self) -> list[str]:
        if self._untouched:
            return []
        return [
            name
            for name, bound in self._bound_items()
            if name != LOCK_FIELD and bound._has_changed()
        ]

    def clean(self):
        cleaned = super().clean()
        # In clean() the instance still holds the stored values (the form copies the user's
        # input onto it only afterwards), freshly loaded for this request.
        stored = self.instance
        if stored.pk is None:
            return cleaned
        names = self._locked_fields()
        expected, shown = _parse_token(cleaned.get(LOCK_FIELD, ""), len(names))
        if expected is not None and stored.lock_version == expected:
            stored._expected_lock_version = expected
            return cleaned
        if any(name not in cleaned for name in names):
            return cleaned  # the fields have their own errors; check again on the next post
        if (
            self.lock_only_when_changed
            and expected is not None
            and shown == [_field_digest(cleaned[name]) for name in names]
        ):
            self._untouched = True
            return cleaned
        now = {name: _norm(getattr(stored, name)) for name in names}
        conflicts = [name for name in names if _norm(cleaned[name]) != now[name]]
        if expected is not None:
            # Only what someone else changed since the page showed it can be lost. A value the
            # user sends as stored is not: a double click on "Opslaan" (the first click saved
            # it), or both made the same change.
            was_shown = dict(zip(names, shown, strict=True))
            conflicts = [name for name in conflicts if _field_digest(now[name]) != was_shown[name]]
        self.conflict_values = [
            (str(self.fields[name].label), _display(stored, name)) for name in conflicts
        ]
        if expected is not None and not conflicts:
            # Nothing shown changed meanwhile (or it changed to what the user sends): what
            # someone else changed outside this form stays, as the instance was loaded fresh.
            stored._expected_lock_version = stored.lock_version
            return cleaned
        data = self.data.copy()
        data[self.add_prefix(LOCK_FIELD)] = self._token(stored)
        self.data = data
        values = "; ".join(f"{label}: ‘{value}’" for label, value in self.conflict_values)
        message = CONFLICT_MESSAGE if expected is not None else MISSING_VERSION_MESSAGE
        values = values or _("gelijk aan uw invoer")
        raise EditConflict(message % {"values": values}, code="conflict")


def _bump(sender, pk) -> int | None:
    """Count the stored version up by one, atomically; the new version (None: row is gone)."""
    connection = connections[router.db_for_write(sender)]
    quote = connection.ops.quote_name
    meta = sender._meta
    table, column, pk_column = (
        quote(meta.db_table),
        quote(LOCK_FIELD),
        quote(meta.pk.column),
    )
    # Only quoted identifiers from the model's meta go into the text; the value is a parameter.
    sql = f"UPDATE {table} SET {column} = {column} + 1 WHERE {pk_column} = %s RETURNING {column}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    return row[0] if row else None


def _check_and_bump(sender, instance, raw=False, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    expected = instance.__dict__.pop("_expected_lock_version", None)
    if expected is None:
        # A save without a form check (admin, services, demo data): just count up.
        new_version = _bump(sender, instance.pk)
        if new_version is not None:
            instance.lock_version = new_version
        return
    updated = sender._default_manager.filter(pk=instance.pk, lock_version=expected).update(
        lock_version=expected + 1
    )
    if not updated:
        raise EditConflict(RACE_MESSAGE, code="conflict")
    instance.lock_version = expected + 1


def connect_locking() -> None:
    """Count the version of every locked model up on each save (see ``is_locked``)."""
    for model in apps.get_models():
        if is_locked(model):
            label = model._meta.label
            pre_save.connect(_check_and_bump, sender=model, dispatch_uid=f"lock-{label}")

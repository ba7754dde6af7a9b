"""Loading the reference content shipped in the repository (manage.py load_reference_content).

The database follows the files. Rows are matched on their key, created or updated where the file
differs, and marked ``shipped``. A shipped row that the file no longer has is removed, unless
another row still points at it (an answer, an agenda item, a body's domain): that one is kept and
named in the output, for the beheerder to resolve. Rows the beheerder added are not marked, so
never removed (unless a file later ships their key: then the file takes them over). Content of
an answered version is never changed at all (:func:`load_content`).

Idempotent: a second run writes nothing and reports "0 nieuw, 0 bijgewerkt, 0 verwijderd".
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from .versioning import Version

KEPT = "{label} bewaard omdat ze nog gebruikt worden, al staan ze niet meer in het bestand: {keys}"
CLASHED = (
    "{label} niet bijgewerkt omdat ze botsen met een rij van de beheerder (dezelfde code op "
    "dezelfde plek): {keys}"
)


def shipped_field() -> models.BooleanField:
    return models.BooleanField(
        _("meegeleverd"),
        default=False,
        editable=False,
        help_text=_(
            "Geladen uit de bestanden in de repository: verdwijnt als het daar niet meer in "
            "staat en niet in gebruik is."
        ),
    )


@dataclass
class Tally:
    """What loading one list did, or with ``dry_run`` would do, as the command reports it."""

    label: str
    new: int = 0
    updated: int = 0
    removed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def counts(self) -> tuple[int, int, int]:
        return self.new, self.updated, self.removed

    @property
    def differs(self) -> bool:
        """The list differs from its file: rows were (or would be) written, or stale rows kept."""
        return any(self.counts) or bool(self.notes)

    def lines(self) -> Iterator[str]:
        yield (
            f"{self.label}: {self.new} nieuw, {self.updated} bijgewerkt, {self.removed} verwijderd"
        )
        yield from self.notes


def _changed(obj: models.Model, values: dict) -> list[str]:
    return [name for name, value in values.items() if getattr(obj, name) != value]


def save_changed(obj: models.Model, values: dict, *, dry_run: bool = False) -> bool:
    """Set the ``values`` that differ on ``obj``, validate it and save just those fields;
    True when something changed (with ``dry_run``: would change, and nothing is set)."""
    changed = _changed(obj, values)
    if changed and not dry_run:
        _write(obj, values, changed)
    return bool(changed)


def _write(obj: models.Model, values: dict, changed: list[str] | None) -> None:
    """Set the ``changed`` fields of ``values`` on ``obj``, validate it and save just those; a
    new row (``changed`` None) is saved whole."""
    for name in changed or ():
        setattr(obj, name, values[name])
    _validate(obj)
    obj.save(update_fields=changed)


def sync_rows(
    model: type[models.Model],
    rows: list[dict],
    *,
    key: str,
    scope: dict,
    tally: Tally,
    dry_run: bool = False,
) -> list[models.Model]:
    """Create the ``rows`` (all their field values, ``key`` among them) that are missing from
    ``scope`` (a filter: a version's content, or {}) and update the ones that differ, marking them
    shipped; returns their objects in the order of ``rows`` and counts in ``tally``.

    With ``dry_run`` nothing is written (new objects stay unsaved) and the shipped mark is not
    compared: an answered version loaded before rows were marked still matches its file."""
    wanted = [row[key] for row in rows]
    twice = sorted(str(value) for value, count in Counter(wanted).items() if count > 1)
    if twice:
        raise ValueError(f"{tally.label}: het bestand noemt deze codes meer dan eens: {twice}")
    existing = _one_per_key(model.objects.filter(**scope, **{f"{key}__in": wanted}), key)
    objects, clashed = [], []
    for row in rows:
        values = row if dry_run else {**row, "shipped": True}
        obj = existing.get(row[key])
        if obj is None:
            obj, changed = model(**values), None
        else:
            changed = _changed(obj, values)
        objects.append(obj)
        if changed == []:
            continue
        if not (dry_run or _saved(obj, values, changed)):
            clashed.append(str(row[key]))
        elif changed is None:
            tally.new += 1
        else:
            tally.updated += 1
    if clashed:
        tally.notes.append(CLASHED.format(label=tally.label, keys=", ".join(clashed)))
    return objects


def _one_per_key(objects: Iterable[models.Model], key: str) -> dict:
    """The objects by ``key``, the shipped one where there are more: a scope wider than the
    uniqueness of ``key`` (checklist item codes are unique per section, the scope is the version)
    may also hold a row the beheerder gave a shipped code, which stays the beheerder's."""
    found = {}
    for obj in objects:
        earlier = found.get(getattr(obj, key))
        if earlier is None or (obj.shipped and not earlier.shipped):
            found[getattr(obj, key)] = obj
    return found


def _saved(obj: models.Model, values: dict, changed: list[str] | None) -> bool:
    """``_write`` in a savepoint. False, with ``obj`` as stored, when the database refuses a
    duplicate: say a file moves an item into a section where the beheerder gave one of their own
    the same code. That is for the beheerder to resolve; the rest of the file still loads."""
    try:
        with transaction.atomic():
            _write(obj, values, changed)
    except IntegrityError:
        if obj.pk is not None:
            obj.refresh_from_db()
        return False
    return True


def remove_stale(
    model: type[models.Model],
    keys: Iterable,
    *,
    key: str,
    scope: dict,
    tally: Tally,
    dry_run: bool = False,
) -> None:
    """Delete the shipped rows in ``scope`` whose ``key`` is not among ``keys``; a row that
    another row still points at is kept and named in a note of ``tally``. Run it for children
    before their parents: a parent that still has children is in use."""
    kept = []
    stale = model.objects.filter(**scope, shipped=True).exclude(**{f"{key}__in": list(keys)})
    for obj in stale.order_by(key):
        if _in_use(obj):
            kept.append(str(getattr(obj, key)))
            continue
        if not dry_run:
            obj.delete()
        tally.removed += 1
    if kept:
        tally.notes.append(KEPT.format(label=tally.label, keys=", ".join(kept)))


def load_content(
    version: Version,
    values: dict,
    sync_content: Callable[..., None],
    tallies: dict[str, Tally],
    *,
    not_loaded: str,
) -> None:
    """Bring a shipped ``version`` in line with its file: its own fields to ``values``, its
    content by ``sync_content(tallies, dry_run=False)``. An answered version is never changed:
    then both are only compared (``dry_run``), and when the file differs, ``not_loaded`` (saying
    so) becomes a note of ``tallies["versions"]``."""

    def sync(tallies: dict[str, Tally], *, dry_run: bool) -> None:
        if save_changed(version, values, dry_run=dry_run):
            tallies["versions"].updated += 1
        sync_content(tallies, dry_run=dry_run)

    if not version.is_frozen:
        sync(tallies, dry_run=False)
        return
    trial = {name: Tally(tally.label) for name, tally in tallies.items()}
    sync(trial, dry_run=True)
    if any(tally.differs for tally in trial.values()):
        tallies["versions"].notes.append(not_loaded)


def shown(path: Path) -> str:
    """``path`` as the command names it: within the repository when it lies there."""
    base = Path(settings.BASE_DIR)
    return str(path.relative_to(base)) if path.is_relative_to(base) else str(path)


def _in_use(obj: models.Model) -> bool:
    """Whether another row points at ``obj``: a foreign key, or a many-to-many link."""
    return any(
        relation.related_model._base_manager.filter(**{relation.field.name: obj}).exists()
        for relation in obj._meta.get_fields(include_hidden=True)
        if relation.auto_created and not relation.concrete
    )


def _validate(obj: models.Model) -> None:
    # The database refuses a duplicate key by itself; checking it here would cost a query a row.
    obj.full_clean(validate_unique=False, validate_constraints=False)

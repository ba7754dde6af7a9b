"""Loading the reference content shipped in the repository (manage.py load_reference_content):
idempotent, so a second run writes nothing and reports "0 nieuw, 0 bijgewerkt"."""

from django.db import models


def save_changed(obj: models.Model, values: dict) -> bool:
    """Set the ``values`` that differ on ``obj``, validate it and save just those fields;
    True when something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _validate(obj)
        obj.save(update_fields=changed)
    return bool(changed)


def sync_rows(
    model: type[models.Model],
    rows: list[dict],
    *,
    key: str,
    counts: list[int],
    parent: dict | None = None,
) -> list[models.Model]:
    """Create the ``rows`` (field values, ``key`` among them) that are missing under ``parent``
    and update the ones that changed; returns their objects in the order of ``rows`` and adds
    to ``counts`` ([new, updated])."""
    parent = parent or {}
    wanted = [row[key] for row in rows]
    existing = {
        getattr(obj, key): obj for obj in model.objects.filter(**parent, **{f"{key}__in": wanted})
    }
    objects = []
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = model(**parent, **row)
            _validate(obj)
            obj.save()
            counts[0] += 1
        elif save_changed(obj, row):
            counts[1] += 1
        objects.append(obj)
    return objects


def _validate(obj: models.Model) -> None:
    # The database refuses a duplicate key by itself; checking it here would cost a query a row.
    obj.full_clean(validate_unique=False, validate_constraints=False)

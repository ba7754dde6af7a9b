"""What a delete takes with it, for the confirm pages; and the message for a delete the database
refuses (on_delete=PROTECT or RESTRICT)."""

from dataclasses import dataclass

from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What the database refuses to delete along (on_delete=PROTECT or RESTRICT).
REFUSED_ERRORS = (ProtectedError, RestrictedError)
REFUSED_MESSAGE = gettext_lazy(
    "Niet verwijderd: hier hoort iets bij dat niet mee mag verdwijnen (%(records)s). Er is "
    "niets gewijzigd."
)


@dataclass
class DeletionImpact:
    """What deleting an object does to other records, as (verbose name plural, count)."""

    deleted: list[tuple[str, int]]  # goes with it
    unlinked: list[tuple[str, int]]  # stays, without the link to it (on_delete=SET_NULL)


def deletion_impact(obj, *, exclude: tuple = ()) -> DeletionImpact:
    """Found the way the admin does so that no app is forgotten; leaves out ``obj``'s own model,
    ``exclude`` and the hidden link tables of many-to-many fields."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    skipped = (type(obj), *exclude)

    def shown(model) -> bool:
        return model not in skipped and not model._meta.auto_created

    deleted_pks = {model: {o.pk for o in objs} for model, objs in collector.model_objs.items()}
    unlinked: dict[type, set] = {}
    for (field, _value), batches in collector.field_updates.items():
        for batch in batches:
            for row in batch:
                if row.pk not in deleted_pks.get(field.model, ()):
                    unlinked.setdefault(field.model, set()).add(row.pk)
    return DeletionImpact(
        deleted=_tally({m: o for m, o in collector.model_objs.items() if shown(m)}),
        unlinked=_tally({m: pks for m, pks in unlinked.items() if shown(m)}),
    )


def refused_message(error: ProtectedError | RestrictedError) -> str:
    """The Dutch message for a delete the database refused, naming what stopped it."""
    records = getattr(error, "protected_objects", None) or error.restricted_objects
    return str(REFUSED_MESSAGE) % {"records": ", ".join(sorted(str(r) for r in records))}


def _tally(rows: dict) -> list[tuple[str, int]]:
    return sorted(
        (str(model._meta.verbose_name_plural), len(objects))
        for model, objects in rows.items()
        if objects
    )


def impact_sections(impact: DeletionImpact) -> list[tuple[str, list[str]]]:
    """``impact`` as sections of the shared confirm_delete.html page."""
    sections = []
    if impact.deleted:
        sections.append(
            (_("Ook dit wordt verwijderd"), [f"{n} × {name}" for name, n in impact.deleted])
        )
    if impact.unlinked:
        sections.append(
            (
                _("Dit blijft bestaan, maar verliest de koppeling"),
                [f"{n} × {name}" for name, n in impact.unlinked],
            )
        )
    return sections

from django.contrib.admin.utils import NestedObjects
from django.db import router
from django.utils.translation import gettext as _


def cascaded_records(obj, *, exclude: tuple = ()) -> list[tuple[str, int]]:
    """What deleting ``obj`` takes with it, found the way the admin does so that no app is
    forgotten: (verbose name plural, count), without ``obj``'s own model and ``exclude``."""
    collector = NestedObjects(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    skipped = (type(obj), *exclude)
    return sorted(
        (str(model._meta.verbose_name_plural), len(objects))
        for model, objects in collector.model_objs.items()
        if model not in skipped and not model._meta.auto_created and objects
    )


def cascade_section(records: list[tuple[str, int]]) -> list[tuple[str, list[str]]]:
    """``records`` as a section of the shared confirm_delete.html page."""
    if not records:
        return []
    return [(_("Ook dit wordt verwijderd"), [f"{count} × {name}" for name, count in records])]

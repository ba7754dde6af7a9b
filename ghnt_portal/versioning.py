"""Versioned content: scan questions and checklist items live in the database in numbered versions,
so that old answers keep the wording they were given with.

A version model (``scan.Questionnaire``, ``governance.ChecklistVersion``) subclasses
:class:`Version` and names its content models, parents first. A version is *frozen* once anything
answers or shows it (an answer, a group session, a meeting's agenda): the version and all of its
content stay as they are (:func:`is_frozen` is the guard);
the beheerder copies it into a new draft (:func:`copy_as_draft`), edits that and publishes it
(:func:`publish`). What "published" means stays with each app (``published_lookup``): the scan
sets a flag, the checklist a status and archives the older versions. In the admin a published
version is read-only too (:func:`is_locked`): new answers may start on it at any moment, and
emptied there it would give them nothing to answer. The admin and the loaders respect the guard;
:func:`connect_frozen_guard` makes the content models refuse as well, so that no other code path
changes what old answers were given to.

The admin side is in ``ghnt_portal.versioning_admin``.
"""

from functools import cache, reduce
from operator import or_
from typing import ClassVar, TypeVar

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils.translation import gettext_lazy as _


class VersionQuerySet(models.QuerySet):
    def published(self) -> "VersionQuerySet":
        return self.filter(**self.model.published_lookup)

    def current(self) -> "Version | None":
        """The published version new answers use: the one with the highest number."""
        return self.published().order_by(f"-{self.model.number_field}").first()

    def with_in_use(self) -> "VersionQuerySet":
        """Annotated with ``in_use``: :attr:`Version.is_frozen` for every row in one query."""
        in_use = self.model.objects.filter(self.model.in_use_filter(), pk=OuterRef("pk"))
        return self.annotate(in_use=Exists(in_use))


class Version(models.Model):
    """One version of versioned content (abstract). Subclasses set the class attributes."""

    #: the field with the version number: unique, counting up from 1
    number_field: ClassVar[str]
    #: lookups from a version to what answers or shows it (responses, an agenda's checklist
    #: items): one row freezes it
    used_by: ClassVar[tuple[str, ...]]
    #: the field with the version's number in the repository's files (None: the beheerder's own)
    shipped_field: ClassVar[str]
    #: content models ("app.Model") -> lookup from that model to its version; parents first
    content: ClassVar[dict[str, str]]
    #: the field values of a published version: new answers may start on it
    published_lookup: ClassVar[dict[str, object]]

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def version_number(self) -> int:
        return getattr(self, self.number_field)

    @property
    def is_frozen(self) -> bool:
        """A version in use may not change: old answers and agendas keep their questions."""
        if self.pk is None:
            return False
        return type(self).objects.filter(self.in_use_filter(), pk=self.pk).exists()

    @classmethod
    def in_use_filter(cls) -> Q:
        """The condition on a version that something answers or shows it."""
        return reduce(or_, (Q(**{f"{lookup}__isnull": False}) for lookup in cls.used_by))

    @property
    def is_live(self) -> bool:
        """Published: a new scan or round may start on it at any moment."""
        return all(getattr(self, name) == value for name, value in self.published_lookup.items())

    @property
    def is_shipped(self) -> bool:
        """Loaded from the repository's files: load_reference_content keeps it like them."""
        return getattr(self, self.shipped_field) is not None

    @classmethod
    def next_number(cls) -> int:
        """The highest number + 1. Call it inside the transaction that saves the new version: it
        locks the versions (:func:`lock_versions`) until that transaction ends."""
        lock_versions(cls)
        return (cls.objects.aggregate(top=Max(cls.number_field))["top"] or 0) + 1

    @classmethod
    def content_models(cls) -> list[tuple[type[models.Model], str]]:
        return [(apps.get_model(label), lookup) for label, lookup in cls.content.items()]


V = TypeVar("V", bound=Version)


def lock_versions(model: type[Version]) -> None:
    """Lock every version of ``model`` until the transaction ends, always in the same order. Two
    beheerders making a version at the same moment then get consecutive numbers: the second
    waits for the first and counts its version too, instead of taking the same number and failing
    on it (a 500). On SQLite a no-op; its IMMEDIATE transactions already wait for each other."""
    list(model.objects.select_for_update().order_by("pk").values_list("pk", flat=True))


# --- The frozen guard ----------------------------------------------------------------------


@cache
def content_owner(model: type[models.Model]) -> tuple[type[Version], str] | None:
    """The version model ``model`` is content of, with the lookup from it; None for other models."""
    for candidate in apps.get_models():
        if issubclass(candidate, Version) and model._meta.label in candidate.content:
            return candidate, candidate.content[model._meta.label]
    return None


def version_of(obj: models.Model) -> Version:
    """The version ``obj`` belongs to: ``obj`` itself, or the version of a piece of content."""
    if isinstance(obj, Version):
        return obj
    _model, lookup = content_owner(type(obj))
    return reduce(getattr, lookup.split("__"), obj)


def is_frozen(obj: models.Model | None) -> bool:
    """True when ``obj`` (a version or its content) belongs to an answered version."""
    return obj is not None and version_of(obj).is_frozen


class FrozenContentError(Exception):
    """Content of an answered version was about to be added, changed or deleted."""


def _refuse_frozen_content(sender, instance, raw=False, signal=None, **kwargs) -> None:
    if raw:  # loaddata restores rows as they were
        return
    version = version_of(instance)
    # Only a save can move a row to another version; a deleted row stays where it is.
    saving_a_stored_row = signal is models.signals.pre_save and instance.pk is not None
    stored = sender.objects.filter(pk=instance.pk).first() if saving_a_stored_row else None
    # A row moved between versions may leave neither an answered version nor enter one.
    before = version_of(stored) if stored is not None else version
    if version.is_frozen or (before.pk != version.pk and before.is_frozen):
        raise FrozenContentError(
            f"{sender._meta.label} {instance.pk or '(nieuw)'} hoort bij een versie die al is "
            "beantwoord; maak een concept (copy_as_draft)."
        )


def connect_frozen_guard() -> None:
    """Every content model refuses to save or delete a row of an answered version."""
    for candidate in apps.get_models():
        if issubclass(candidate, Version):
            for content_model, _lookup in candidate.content_models():
                uid = f"frozen-guard-{content_model._meta.label}"
                models.signals.pre_save.connect(
                    _refuse_frozen_content, sender=content_model, dispatch_uid=uid
                )
                models.signals.pre_delete.connect(
                    _refuse_frozen_content, sender=content_model, dispatch_uid=uid
                )


def is_locked(obj: models.Model | None) -> bool:
    """True when the beheerder may not change ``obj`` (a version or its content): it is frozen,
    shipped (the next load_reference_content would put the file's text back), or published (new
    answers may start on it at any moment)."""
    if obj is None:
        return False
    version = version_of(obj)
    return version.is_shipped or version.is_live or version.is_frozen


def editable(queryset: models.QuerySet) -> models.QuerySet:
    """The versions, or content of versions, that the beheerder may change: not used by anything
    yet, not shipped and not published."""
    model = queryset.model
    if issubclass(model, Version):
        version_model, prefix = model, ""
    else:
        version_model, lookup = content_owner(model)
        prefix = f"{lookup}__"
    queryset = queryset.filter(**{f"{prefix}{version_model.shipped_field}": None})
    published = version_model.published_lookup.items()
    queryset = queryset.exclude(**{f"{prefix}{name}": value for name, value in published})
    for used in version_model.used_by:  # exclude: none of the version's items may be in use
        queryset = queryset.exclude(**{f"{prefix}{used}__isnull": False})
    return queryset


# --- Copy and publish ----------------------------------------------------------------------


@transaction.atomic
def copy_as_draft(version: V, **fields) -> V:
    """A new version, numbered after the highest, with ``fields`` and a copy of all content of
    ``version``: the same keys and texts, to edit before it is published.

    Every foreign key to the version or to a copied row points at its copy in the draft. Rows with
    children are saved one by one (the children need their key); the deepest level in one insert.
    """
    model = type(version)
    draft = model(**{model.number_field: model.next_number()}, **fields)
    draft.full_clean()
    draft.save()
    copies: dict[type[models.Model], dict[int, models.Model]] = {model: {version.pk: draft}}
    levels = model.content_models()
    for depth, (content_model, lookup) in enumerate(levels, start=1):
        rows = list(content_model.objects.filter(**{lookup: version}).order_by("pk"))
        clones = [_clone(row, copies) for row in rows]
        if depth == len(levels):
            content_model.objects.bulk_create(clones)
        else:
            for clone in clones:
                clone.save()
        copies[content_model] = {row.pk: clone for row, clone in zip(rows, clones, strict=True)}
    return draft


def _clone(row: models.Model, copies: dict) -> models.Model:
    """An unsaved copy of ``row``, pointing at the copies in ``copies``. The copy is the
    beheerder's own: not marked as loaded from the shipped files."""
    values = {}
    for field in row._meta.concrete_fields:
        if field.primary_key or field.name == "shipped":
            continue
        value = getattr(row, field.attname)
        if field.is_relation and field.related_model in copies and value is not None:
            value = copies[field.related_model][value].pk
        values[field.attname] = value
    return type(row)(**values)


@transaction.atomic
def publish(version: V, *, empty_error: str, **fields) -> V:
    """Set and save ``fields`` that make ``version`` published; refused (ValidationError with
    ``empty_error``) while the deepest level of its content is empty: no questions, no items."""
    deepest, lookup = type(version).content_models()[-1]
    if not deepest.objects.filter(**{lookup: version}).exists():
        raise ValidationError(empty_error)
    for name, value in fields.items():
        setattr(version, name, value)
    version.save(update_fields=list(fields))
    return version

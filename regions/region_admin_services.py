"""The beheerder's region tools: merge two regions, split a region in two.

Both run in one transaction: when anything fails halfway, nothing has changed.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from .models import GovernanceBody, Membership, Municipality, PartnerOrganisation, Region, Seat
from .selectors import name_key
from .services import MovedMunicipalities, follow_moved_municipalities

ERROR_SAME_REGION = _("Kies een andere regio om mee samen te voegen.")
ERROR_NOT_IN_REGION = _("Kies alleen gemeenten uit de regio die u splitst.")
ERROR_NO_MUNICIPALITIES = _("Kies minstens één gemeente voor de nieuwe regio.")
ERROR_ALL_MUNICIPALITIES = _(
    "Laat minstens één gemeente in de oude regio achter; wilt u alles verplaatsen, "
    "hernoem dan de regio."
)


@dataclass
class SplitResult:
    region: Region
    source: Region
    municipality_count: int
    moved: MovedMunicipalities

    @property
    def message(self) -> str:
        done = _("%(new)s is afgesplitst van %(source)s met %(count)s gemeenten.") % {
            "new": self.region.name,
            "source": self.source.name,
            "count": self.municipality_count,
        }
        return " ".join(filter(None, (done, self.moved.message)))


@dataclass
class MergeResult:
    municipalities: int = 0
    partners: int = 0
    partners_combined: int = 0
    bodies: int = 0
    bodies_renamed: int = 0
    memberships: int = 0
    memberships_skipped: int = 0
    other: dict[str, int] = field(default_factory=dict)


def merge_preview(*, source: Region) -> dict[str, int]:
    """What moves along when ``source`` is merged into another region."""
    return {
        "municipalities": source.municipalities.count(),
        "partners": source.partners.count(),
        "bodies": source.bodies.count(),
        "seats": Seat.objects.filter(body__region=source).count(),
        "memberships": source.memberships.count(),
    }


def _move_partners(source: Region, target: Region, result: MergeResult) -> None:
    target_by_name = {name_key(p.name): p for p in target.partners.all()}
    for partner in source.partners.all():
        twin = target_by_name.get(name_key(partner.name))
        if twin is None:
            partner.region = target
            partner.save(update_fields=["region"])
            result.partners += 1
            continue
        # Same organisation in both regions: keep the target's, point the seats at it.
        Seat.objects.filter(represents_partner=partner).update(represents_partner=twin)
        partner.delete()
        result.partners_combined += 1


def _free_name(name: str, suffix: str, taken: set[str], max_length: int) -> str:
    """``name (suffix)``, or ``name (suffix 2)``, 3, ... when that is taken too (``taken`` holds
    the ``name_key`` of each name). The name is cut first, so the suffix always fits in
    ``max_length``."""
    counter = 1
    while True:
        tail = f" ({suffix})" if counter == 1 else f" ({suffix} {counter})"
        candidate = name[: max_length - len(tail)].rstrip() + tail
        if name_key(candidate) not in taken:
            return candidate
        counter += 1


def _move_bodies(source: Region, target: Region, result: MergeResult) -> None:
    taken = {name_key(name) for name in target.bodies.values_list("name", flat=True)}
    max_length = GovernanceBody._meta.get_field("name").max_length
    for body in source.bodies.all():
        if name_key(body.name) in taken:
            body.name = _free_name(body.name, source.name, taken, max_length)
            result.bodies_renamed += 1
        body.region = target
        body.save(update_fields=["region", "name"])
        taken.add(name_key(body.name))
        result.bodies += 1


def _move_municipalities(municipalities, target: Region) -> int:
    """Move ``municipalities`` to ``target`` one save each, so that the audit trail records
    every move in the new region's history."""
    count = 0
    for municipality in municipalities:
        municipality.region = target
        municipality.save(update_fields=["region"])
        count += 1
    return count


def _move_memberships(source: Region, target: Region, result: MergeResult) -> None:
    held = set(target.memberships.values_list("user_id", "role"))
    for membership in source.memberships.all():
        if (membership.user_id, membership.role) in held:
            membership.delete()
            result.memberships_skipped += 1
            continue
        membership.region = target
        membership.save(update_fields=["region"])
        result.memberships += 1


HANDLED = {Municipality, PartnerOrganisation, GovernanceBody, Membership}


def _move_other_relations(source: Region, target: Region, result: MergeResult) -> None:
    """Anything else that points at a region (other apps) moves along, or the merge stops."""
    for relation in Region._meta.related_objects:
        model = relation.related_model
        if model in HANDLED:
            continue
        label = str(model._meta.verbose_name_plural)
        if relation.many_to_many:
            through = relation.through
            region_fields = [
                f.name
                for f in through._meta.get_fields()
                if isinstance(f, models.ForeignKey) and f.related_model is Region
            ]
            if len(region_fields) != 1:
                continue
            objects = list(model._base_manager.filter(**{relation.field.name: source}))
            for obj in objects:
                getattr(obj, relation.field.name).add(target)
                getattr(obj, relation.field.name).remove(source)
            if objects:
                result.other[label] = len(objects)
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        name = relation.field.name
        try:
            with transaction.atomic():
                moved = model._base_manager.filter(**{name: source}).update(**{name: target})
        except IntegrityError as error:
            raise ValidationError(
                _(
                    "Samenvoegen lukt niet: %(what)s van beide regio's botsen. "
                    "Pas die eerst aan en probeer het opnieuw."
                )
                % {"what": label}
            ) from error
        if moved:
            result.other[label] = moved


@transaction.atomic
def merge_regions(*, source: Region, target: Region) -> MergeResult:
    """Move everything of ``source`` to ``target`` and delete ``source``."""
    if source.pk == target.pk:
        raise ValidationError(ERROR_SAME_REGION)
    source = Region.objects.select_for_update().get(pk=source.pk)
    target = Region.objects.select_for_update().get(pk=target.pk)
    result = MergeResult()
    result.municipalities = _move_municipalities(source.municipalities.all(), target)
    _move_partners(source, target, result)
    _move_bodies(source, target, result)
    _move_memberships(source, target, result)
    _move_other_relations(source, target, result)
    source.delete()
    return result


@transaction.atomic
def split_region(
    *,
    source: Region,
    name: str,
    slug: str,
    municipalities: list[Municipality],
    centrumgemeente: str = "",
    description: str = "",
) -> SplitResult:
    """Create a new region and move the chosen municipalities of ``source`` to it.

    Bodies, partners and the roles other than bestuurder stay with ``source``: the beheerder or
    the project leaders set those up again. Bestuurders of a moved municipality (and pending
    invitations for them) go along with it, and what stays loses it
    (``follow_moved_municipalities``).
    """
    source = Region.objects.select_for_update().get(pk=source.pk)
    chosen = {m.pk for m in municipalities}
    if not chosen:
        raise ValidationError({"municipalities": ERROR_NO_MUNICIPALITIES})
    in_source = set(source.municipalities.values_list("pk", flat=True))
    if not chosen <= in_source:
        raise ValidationError({"municipalities": ERROR_NOT_IN_REGION})
    if chosen == in_source:
        raise ValidationError({"municipalities": ERROR_ALL_MUNICIPALITIES})
    new_region = Region(
        name=name,
        slug=slug,
        centrumgemeente=centrumgemeente,
        description=description,
        source=_("Afgesplitst van %(region)s") % {"region": source.name},
    )
    new_region.full_clean()
    new_region.save()
    _move_municipalities(Municipality.objects.filter(pk__in=chosen), new_region)
    return SplitResult(
        region=new_region,
        source=source,
        municipality_count=len(chosen),
        moved=follow_moved_municipalities(chosen),
    )

"""Access to region-bound objects: one helper per object kind, used by every view.

Outsiders (no role in the region) get 404, so they cannot even learn that an object exists;
members who may read but not edit get 403 (PermissionDenied) on editing screens.
"""

from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from regions.constants import RegionRole
from regions.models import Region


@dataclass(frozen=True)
class RegionAccess:
    region: Region
    roles: frozenset[str]
    is_beheerder: bool
    is_landelijk: bool

    @property
    def can_edit(self) -> bool:
        """Project leaders of the region and beheerders maintain the region's registry."""
        return self.is_beheerder or RegionRole.PROJECTLEIDER in self.roles

    @property
    def is_steering_group(self) -> bool:
        """Project leader or stuurgroeplid of the region (or a beheerder)."""
        return self.can_edit or RegionRole.STUURGROEPLID in self.roles

    def has_role(self, role: str) -> bool:
        return role in self.roles


def region_access(user, region: Region) -> RegionAccess | None:
    """The user's access to ``region``, or None when the user has no business there."""
    if not user.is_authenticated or not user.is_active:
        return None
    roles = frozenset(user.memberships.filter(region=region).values_list("role", flat=True))
    if not roles and not user.has_national_view:
        return None
    return RegionAccess(
        region=region, roles=roles, is_beheerder=user.is_beheerder, is_landelijk=user.is_landelijk
    )


def get_region_access(user, slug: str, *, edit: bool = False) -> RegionAccess:
    """Look up a region by slug for ``user``: 404 for outsiders, 403 when editing is not allowed."""
    region = Region.objects.filter(slug=slug).first()
    access = region_access(user, region) if region is not None else None
    if access is None:
        raise Http404("Regio niet gevonden.")
    if edit and not access.can_edit:
        raise PermissionDenied("U mag deze regio niet bewerken.")
    return access


class RegionAccessMixin(LoginRequiredMixin):
    """For class-based views under ``<region_slug>``: sets ``self.access`` and ``self.region``.

    Set ``region_edit_required = True`` on views that change the registry.
    """

    region_edit_required = False
    region_url_kwarg = "region_slug"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access = get_region_access(
            request.user, kwargs[self.region_url_kwarg], edit=self.region_edit_required
        )
        self.region = self.access.region
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("region", self.region)
        kwargs.setdefault("access", self.access)
        return super().get_context_data(**kwargs)


class NationalRoleRequiredMixin(LoginRequiredMixin):
    """Pages for the national programme: beheerder and landelijk only."""

    beheerder_only = False

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        allowed = (
            request.user.is_beheerder if self.beheerder_only else request.user.has_national_view
        )
        if not allowed:
            raise PermissionDenied("Alleen voor het landelijk programmateam.")
        return super().dispatch(request, *args, **kwargs)

"""A person's page in the admin (/beheer/) as a beheerder posts it, with their roles inline."""

from django.urls import reverse

from ghnt_portal.accounts.models import User
from regions.models import Membership


def row(membership: Membership, **changes) -> dict:
    """An inline row as the admin posts it: the membership's stored values, with changes."""
    values = {
        "id": membership.pk,
        "region": membership.region_id,
        "role": membership.role,
        "function": membership.function,
        "portfolio": membership.portfolio,
        "municipality": membership.municipality_id or "",
    }
    return {**values, **changes}


def save_person(client, person: User, rows: list[dict], *, is_active: bool = True):
    data = {
        "email": person.email,
        "full_name": person.full_name,
        "national_role": person.national_role,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "12:00:00",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for values in rows if values.get("id"))),
        "_save": "Opslaan",
    }
    if is_active:
        data["is_active"] = "on"
    for index, values in enumerate(rows):
        data.update({f"memberships-{index}-{name}": value for name, value in values.items()})
    return client.post(reverse("admin:accounts_user_change", args=[person.pk]), data)

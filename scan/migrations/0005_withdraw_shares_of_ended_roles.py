"""Until now a bestuurder's shares stayed in a region's scan sessions after the role there ended
or the account was switched off; the services now withdraw them. This withdraws what earlier
versions left. A session's anonymous answers leave its snapshot the next time it is shown
(``settle_anonymous_snapshot`` runs before every view of a session)."""

from django.db import migrations
from django.db.models import Exists, OuterRef, Q


def withdraw_shares_of_ended_roles(apps, schema_editor):
    SharedResponse = apps.get_model("scan", "SharedResponse")
    Membership = apps.get_model("regions", "Membership")
    SharedResponse.objects.filter(
        Q(user__is_active=False)
        | ~Exists(
            Membership.objects.filter(
                user=OuterRef("user"), region=OuterRef("session__region"), role="bestuurder"
            )
        )
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scan", "0004_anonymous_snapshot"),
        ("regions", "0009_region_slug_label_in_dutch"),
        ("accounts", "0005_mask_passwords_in_login_attempts"),
    ]

    operations = [migrations.RunPython(withdraw_shares_of_ended_roles, migrations.RunPython.noop)]

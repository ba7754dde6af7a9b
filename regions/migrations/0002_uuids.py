"""A uuid beside the key for bodies, seats and partners, used in URLs instead of the integer id.

Added in three steps so existing rows each get their own value.
"""

import uuid

from django.db import migrations, models

MODELS = ("partnerorganisation", "governancebody", "seat")


def fill_uuids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("regions", name)
        for obj in model.objects.filter(uuid__isnull=True).only("pk"):
            obj.uuid = uuid.uuid4()
            obj.save(update_fields=["uuid"])


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
    ]

    operations = [
        *[
            migrations.AddField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(null=True, editable=False, verbose_name="uuid"),
            )
            for name in MODELS
        ],
        migrations.RunPython(fill_uuids, migrations.RunPython.noop),
        *[
            migrations.AlterField(
                model_name=name,
                name="uuid",
                field=models.UUIDField(
                    default=uuid.uuid4, editable=False, unique=True, verbose_name="uuid"
                ),
            )
            for name in MODELS
        ],
    ]

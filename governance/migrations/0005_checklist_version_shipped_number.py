"""ChecklistVersion.shipped_number: the number a version has in governance/data/checklist.json.

The loader used to match the shipped version on ``number``, which copy_as_draft also hands out to
the beheerder's drafts. The data step marks the version the old loader took for the shipped one:
the version numbered 1, the only number checklist.json has shipped so far (the loader created it,
or took it over and overwrote it). Later versions are the beheerder's copies and stay unmarked.
"""

from django.db import migrations, models

#: The version number in checklist.json when this migration was written.
SHIPPED_NUMBER = 1


def mark_shipped_version(apps, schema_editor):
    ChecklistVersion = apps.get_model("governance", "ChecklistVersion")
    ChecklistVersion.objects.filter(number=SHIPPED_NUMBER).update(shipped_number=SHIPPED_NUMBER)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0004_communication_plan_in_order_of_moments"),
    ]

    operations = [
        migrations.AddField(
            model_name="checklistversion",
            name="shipped_number",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Ingevuld voor inhoud die met load_reference_content is geladen.",
                null=True,
                unique=True,
                verbose_name="versie in de repository",
            ),
        ),
        migrations.RunPython(mark_shipped_version, migrations.RunPython.noop),
    ]

"""A communication line keeps a date only when it is planned 'op een datum'.

The form used to save a date with 'vóór/na de vergadering' too (possible without JavaScript):
never shown, it came back when the line was edited, where it is now refused. Such dates are
cleared, and the database refuses them from now on, as it already required a date for 'op een
datum'."""

from django.db import migrations, models


def clear_hidden_dates(apps, schema_editor):
    entries = apps.get_model("governance", "CommunicationEntry").objects
    entries.exclude(moment="datum").exclude(date=None).update(date=None)


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0007_shipped_rows"),
        ("regions", "0008_cbs_code_ascii_digits"),
    ]

    operations = [
        migrations.RunPython(clear_hidden_dates, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="communicationentry",
            name="governance_communication_date_when_on_date",
        ),
        migrations.AddConstraint(
            model_name="communicationentry",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("date__isnull", False), ("moment", "datum")),
                    models.Q(models.Q(("moment", "datum"), _negated=True), ("date__isnull", True)),
                    _connector="OR",
                ),
                name="governance_communication_date_only_on_date",
            ),
        ),
    ]

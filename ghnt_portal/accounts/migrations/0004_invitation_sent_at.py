import django.utils.timezone
from django.db import migrations, models


def sent_when_created(apps, schema_editor):
    """Invitations from before this field were mailed once, when they were made."""
    Invitation = apps.get_model("accounts", "Invitation")
    Invitation.objects.update(sent_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_email_unique_in_any_case"),
    ]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="sent_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now, verbose_name="laatst verstuurd op"
            ),
        ),
        migrations.RunPython(sent_when_created, migrations.RunPython.noop),
    ]

"""django-axes kept the POST data of failed logins with the (mistyped) password as typed: the
login wizard's field is "auth-password", which it did not mask. Settings now mask it; this
empties what earlier versions kept."""

from django.db import migrations


def mask_post_data(apps, schema_editor):
    apps.get_model("axes", "AccessAttempt").objects.exclude(post_data="").update(post_data="")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_invitation_sent_at"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(mask_post_data, migrations.RunPython.noop)]

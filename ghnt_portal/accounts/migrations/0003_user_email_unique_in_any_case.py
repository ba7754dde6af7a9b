import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import Lower


def lower_case_emails(apps, schema_editor):
    """Store every address in lower case. Accounts whose addresses differ only in case cannot be
    merged automatically: the migration stops and names them, so a beheerder can decide."""
    User = apps.get_model("accounts", "User")
    clashes = list(
        User.objects.values(lowered=Lower("email"))
        .annotate(count=Count("pk"))
        .filter(count__gt=1)
        .values_list("lowered", flat=True)
    )
    if clashes:
        raise RuntimeError(
            "Accounts whose e-mail addresses differ only in case; remove or rename all but one "
            f"of each before migrating: {', '.join(sorted(clashes))}"
        )
    User.objects.exclude(email=Lower("email")).update(email=Lower("email"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_invitation"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(lower_case_emails, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="accounts_user_email_unique_in_any_case",
                violation_error_message="Er is al een gebruiker met dit e-mailadres.",
            ),
        ),
    ]

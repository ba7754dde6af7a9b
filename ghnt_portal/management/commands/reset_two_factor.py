"""``manage.py reset_two_factor EMAIL``: for someone who lost their phone and backup codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ghnt_portal.security.services import reset_two_factor


class Command(BaseCommand):
    help = "Verwijdert de tweestapsverificatie van één persoon; die stelt haar opnieuw in."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"Geen account met e-mailadres {email}.")
        removed = reset_two_factor(user=user)
        self.stdout.write(
            f"{removed} apparaat/apparaten verwijderd; bij de volgende keer inloggen stelt "
            "deze persoon de tweestapsverificatie opnieuw in."
        )

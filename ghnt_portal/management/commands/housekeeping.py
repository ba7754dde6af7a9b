"""``manage.py housekeeping [--dry-run]``: the daily clean-up (ghnt_portal.housekeeping)."""

from django.core.management.base import BaseCommand

from ghnt_portal.housekeeping import RULES


class Command(BaseCommand):
    help = (
        "Verwijdert wat over zijn bewaartermijn is (sessies, inlogmomenten en -pogingen, "
        "logboeken, uitnodigingen, de pdf-cache, gebruikte formuliercodes). Dagelijks draaien; "
        "nogmaals draaien kan altijd."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Alleen tellen, niets verwijderen."
        )

    def handle(self, *args, dry_run: bool, **options):
        if dry_run:
            self.stdout.write("Proefdraai: er wordt niets verwijderd.")
        for label, remove in RULES:
            count = remove(dry_run=dry_run)
            if count is None:
                outcome = "niet nodig, de cache ruimt zelf op"
            elif dry_run:
                outcome = f"{count} te verwijderen"
            else:
                outcome = f"{count} verwijderd"
            self.stdout.write(f"{label}: {outcome}.")

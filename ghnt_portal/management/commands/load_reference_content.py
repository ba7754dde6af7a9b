from django.core.management.base import BaseCommand
from django.db import transaction

from governance import reference as governance_reference
from regions import reference as regions_reference
from scan import reference as scan_reference

LOADERS = (regions_reference.load, scan_reference.load, governance_reference.load)


class Command(BaseCommand):
    help = (
        "Loads the reference content shipped in the repository (domains, organisation types, "
        "body forms, regions, scan questions, checklist items). Idempotent: a second run "
        "changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            for load in LOADERS:
                for line in load():
                    self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Referentie-inhoud geladen."))

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from governance import demo as governance_demo
from regions import demo as regions_demo
from scan import demo as scan_demo

LOADERS = (regions_demo.load, scan_demo.load, governance_demo.load)


class Command(BaseCommand):
    help = (
        "Builds a clearly fictional demo region with bodies, seats and partners, a second region, "
        "and the demo logins. Only when DEBUG is on. Idempotent."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Demodata en demo-accounts worden alleen aangemaakt als DEBUG aan staat."
            )
        with transaction.atomic():
            for load in LOADERS:
                for line in load():
                    self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata geladen. Demo-logins (wachtwoord {settings.DEMO_PASSWORD}):"
            )
        )
        for email, description in regions_demo.DEMO_LOGINS:
            self.stdout.write(f"  {email:45} {description}")

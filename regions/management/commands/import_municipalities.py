from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from regions import municipality_import


class Command(BaseCommand):
    help = (
        "Importeert gemeenten uit een CSV-bestand (kolommen: CBS-code, naam, inwoners, regio). "
        "Er wordt niets opgeslagen als één regel fout is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            type=Path,
            help="Het CSV-bestand (';', ',' of tab; UTF-8, UTF-16 of Windows-1252).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Alleen controleren en tonen wat er zou gebeuren; niets opslaan.",
        )

    def handle(self, *args, file: Path, dry_run: bool, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Kan {file} niet lezen: {error.strerror}") from error
        plan = municipality_import.parse_bytes(data)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Niets geïmporteerd: {len(plan.errors)} fout(en) in het bestand.")
        for row in plan.rows:
            self.stdout.write(
                f"{row.cbs_code}  {row.name:40} {row.region.name:30} {row.action_label}"
            )
        self.stdout.write(plan.summary)
        if dry_run:
            self.stdout.write(self.style.WARNING("Proefdraai: er is niets opgeslagen."))
            return
        result = municipality_import.apply(plan)
        self.stdout.write(self.style.SUCCESS(result.message))

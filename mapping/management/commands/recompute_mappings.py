from django.core.management.base import BaseCommand

from mapping.services import recompute_mappings


class Command(BaseCommand):
    help = "Recompute the suggested DDaT role levels of every NHS role profile (run after content changes)."

    def handle(self, *args, **options):
        stored = recompute_mappings()
        self.stdout.write(f"Stored {stored} suggested mappings.")

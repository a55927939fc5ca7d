"""``manage.py seed_from_sources``: import every source document in fixtures/sources
with the importers (the fixtures are a dump of what this produces)."""

from django.core.management.base import BaseCommand

from roleprofiles.seeding import seed_from_sources


class Command(BaseCommand):
    help = "Import every source document in fixtures/sources into the database."

    def handle(self, *args, **options):
        for line in seed_from_sources():
            self.stdout.write(line)
